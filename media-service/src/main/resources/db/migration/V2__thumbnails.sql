-- Thumbnails are made after the upload answers (async request-reply); the photo resource shows this flag.
ALTER TABLE photos ADD COLUMN thumbnail_ready boolean NOT NULL DEFAULT false;
