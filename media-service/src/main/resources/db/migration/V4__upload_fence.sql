-- Set by the sweeper when it claims an abandoned intent, before it deletes the blob. The upload's transaction
-- clears only an unclaimed intent, so once this is set the photo can never commit without its blob.
ALTER TABLE pending_uploads ADD COLUMN swept_at timestamptz;
