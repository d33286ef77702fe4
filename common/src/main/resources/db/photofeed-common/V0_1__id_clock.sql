-- One row per logical shard held by this database: the last id's time and sequence (see IdGenerator).
CREATE TABLE id_clock (
    logical_shard integer PRIMARY KEY,
    last_ms       bigint  NOT NULL,
    seq           integer NOT NULL
);
