-- Signals computed from scores: advocacy classes per author and per opted-in employee, and spike alerts.
CREATE TABLE advocacy (
    subject_kind VARCHAR NOT NULL,     -- 'author' | 'employee'
    subject_id   VARCHAR NOT NULL,     -- authors.id or employees.id
    window_days  INTEGER NOT NULL,
    computed_at  TIMESTAMPTZ NOT NULL,
    class        VARCHAR NOT NULL,     -- ambassador | neutral | detractor
    confidence   DOUBLE NOT NULL,      -- 0..1: probability the true mean is on the class's side
    score        DOUBLE NOT NULL,      -- shrunk, recency-weighted mean of brand-targeted compound
    mentions     BIGINT NOT NULL,
    reach        BIGINT,
    weight       DOUBLE,               -- recency-weighted number of mentions behind the score
    shares       BIGINT,               -- employees: shares in the window
    clicks       BIGINT,               -- employees: clicks on their share links in the window
    follow_up    VARCHAR,              -- employees: 'coaching' for a detractor signal, never more
    PRIMARY KEY (subject_kind, subject_id)
);

CREATE TABLE alerts (
    id          VARCHAR PRIMARY KEY,   -- hash of kind, source and start: a re-run updates, never duplicates
    kind        VARCHAR NOT NULL,      -- volume | negative_share
    source      VARCHAR NOT NULL,      -- a source name or 'all'
    starts_at   TIMESTAMPTZ NOT NULL,
    ends_at     TIMESTAMPTZ NOT NULL,
    observed    DOUBLE NOT NULL,
    expected    DOUBLE NOT NULL,
    score       DOUBLE NOT NULL,       -- standardised excess over the seasonal baseline
    mention_ids VARCHAR[] NOT NULL,    -- the mentions that drive it, most reach first
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX alerts_starts_at ON alerts (starts_at);
