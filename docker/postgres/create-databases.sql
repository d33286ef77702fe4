-- Each shard server holds one database per service: users (POSTGRES_DB) and media.
CREATE DATABASE media;
