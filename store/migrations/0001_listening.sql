-- Brand listening: mentions, their authors and scores, collector cursors and runs.
CREATE TABLE mentions (
    id           VARCHAR PRIMARY KEY,          -- "<source>:<native id>"
    source       VARCHAR NOT NULL,
    native_id    VARCHAR NOT NULL,
    author       VARCHAR,                      -- handle
    author_id    VARCHAR,
    text         VARCHAR NOT NULL,
    url          VARCHAR,
    created_at   TIMESTAMPTZ NOT NULL,         -- UTC
    lang         VARCHAR,
    matched      VARCHAR[] NOT NULL,           -- brand terms matched at ingest
    metrics      JSON,
    raw          BLOB,                         -- zlib-compressed JSON payload
    collected_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE authors (
    id         VARCHAR PRIMARY KEY,            -- "<source>:<author id or handle>"
    source     VARCHAR NOT NULL,
    handle     VARCHAR,
    name       VARCHAR,
    followers  BIGINT,
    first_seen TIMESTAMPTZ NOT NULL,
    last_seen  TIMESTAMPTZ NOT NULL
);

CREATE TABLE scores (
    mention_id     VARCHAR PRIMARY KEY,
    scorer         VARCHAR NOT NULL,           -- name/version, so a new scorer re-scores
    lang           VARCHAR,
    compound       DOUBLE NOT NULL,
    pos            DOUBLE NOT NULL,
    neu            DOUBLE NOT NULL,
    neg            DOUBLE NOT NULL,
    label          VARCHAR NOT NULL,           -- positive | neutral | negative
    brand_compound DOUBLE,                     -- sentences that name the brand
    scored_at      TIMESTAMPTZ NOT NULL
);

CREATE TABLE cursors (
    source     VARCHAR NOT NULL,
    query      VARCHAR NOT NULL,
    state      JSON NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (source, query)
);

CREATE SEQUENCE runs_id_seq;
CREATE TABLE runs (
    id          BIGINT PRIMARY KEY DEFAULT nextval('runs_id_seq'),
    job         VARCHAR NOT NULL,              -- "collect:x", "score", "export:weekly", "demo"
    started_at  TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ,
    status      VARCHAR NOT NULL,              -- running | ok | failed | skipped
    items       BIGINT NOT NULL DEFAULT 0,
    errors      BIGINT NOT NULL DEFAULT 0,
    message     VARCHAR
);
