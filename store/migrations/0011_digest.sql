-- The employees' weekly digest (issue 10): its own consent scope and the journal of its sends.

-- Scope "digest": receive the weekly digest of suggestions by e-mail. Off for everyone until
-- they choose it (recorded in consent_events like every other scope).
ALTER TABLE employees ADD COLUMN digest_ok BOOLEAN NOT NULL DEFAULT FALSE;

-- Who receives the digest (the view digest_employees) is made after this file, by each
-- engine's part: 0011_digest.after.duckdb.sql, 0011_digest.after.postgres.sql.

-- One row per week and person: a digest is never sent twice, a failure is retried and reported.
CREATE TABLE digest_sends (
    week        VARCHAR NOT NULL,              -- "YYYY-Www"
    employee_id VARCHAR NOT NULL,
    status      VARCHAR NOT NULL,              -- sent | failed | empty (nothing to suggest)
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  VARCHAR,
    updated_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (week, employee_id)
);

-- One row per week: the post of newly approved content to the team chat's incoming webhook.
-- `since`/`until` bound the approvals it announces; the next post starts at this `until`.
CREATE TABLE digest_posts (
    week        VARCHAR PRIMARY KEY,
    since       TIMESTAMPTZ,                   -- NULL: the first post announces what is offered now
    until       TIMESTAMPTZ NOT NULL,
    items       INTEGER NOT NULL,
    status      VARCHAR NOT NULL,              -- sent | failed | empty
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  VARCHAR,
    updated_at  TIMESTAMPTZ NOT NULL
);
