-- Incidents (issue 13): the spike alerts that overlap in time, merged into one thing to act on,
-- and the journal of their pushes to the team chat and by e-mail.

-- Recomputed from `alerts` at each refresh; an incident keeps the id of its first alert's
-- group, so pushes recorded against it stay attached while it grows.
CREATE TABLE incidents (
    id           VARCHAR PRIMARY KEY,      -- "incident:" + hash of its first alert's id
    kinds        VARCHAR[] NOT NULL,       -- volume | negative_share (plain words are the reader's)
    sources      VARCHAR[] NOT NULL,       -- the sources whose alerts it merges ('all' left out)
    alert_ids    VARCHAR[] NOT NULL,
    starts_at    TIMESTAMPTZ NOT NULL,
    peak_at      TIMESTAMPTZ NOT NULL,     -- the busiest hour of the span
    ends_at      TIMESTAMPTZ NOT NULL,
    ongoing      BOOLEAN NOT NULL,         -- its last alert reaches the last complete hours
    severity     VARCHAR NOT NULL,         -- low | medium | high
    score        DOUBLE NOT NULL,          -- the largest standardised excess of its alerts
    mentions     BIGINT NOT NULL,          -- mentions in [starts_at, ends_at)
    mention_ids  VARCHAR[] NOT NULL,       -- those mentions, widest reach first (capped)
    drivers      JSON,                     -- {"terms", "sources", "authors"}; NULL: to recompute
    summary_ids  VARCHAR[] NOT NULL,       -- the most representative mentions
    first_ids    VARCHAR[] NOT NULL,       -- the first mentions of the span
    top_followers BIGINT,                  -- the most-followed public author in it
    first_seen_at TIMESTAMPTZ NOT NULL,    -- when a refresh first found it
    updated_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX incidents_starts_at ON incidents (starts_at);

-- One row per subject, channel and kind of push: never sent twice, retried with backoff.
CREATE TABLE incident_pushes (
    subject_id      VARCHAR NOT NULL,      -- an incident id, or a mention id (influential account)
    channel         VARCHAR NOT NULL,      -- slack | teams | email
    push_kind       VARCHAR NOT NULL,      -- incident | influential
    status          VARCHAR NOT NULL,      -- sending | sent | failed | abandoned
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      VARCHAR,               -- never the webhook URL (it is the secret)
    next_attempt_at TIMESTAMPTZ,
    sent_at         TIMESTAMPTZ,
    updated_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (subject_id, channel, push_kind)
);
