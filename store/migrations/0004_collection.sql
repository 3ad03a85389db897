-- Collection: paid reads per source (X bills each post read), and scheduler state per source.
CREATE TABLE source_reads (
    source  VARCHAR NOT NULL,
    month   VARCHAR NOT NULL,                  -- "YYYY-MM", UTC
    reads   BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (source, month)
);

CREATE TABLE source_backoff (
    source      VARCHAR PRIMARY KEY,
    failures    INTEGER NOT NULL DEFAULT 0,    -- consecutive failed runs
    not_before  TIMESTAMPTZ,                   -- backoff or rate-limit reset: no run before
    updated_at  TIMESTAMPTZ NOT NULL
);
