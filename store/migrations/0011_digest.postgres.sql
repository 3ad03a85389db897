-- PostgreSQL's 0011_digest.sql: the same, and the employees' views take the new column.
-- The employees' weekly digest (issue 10): its own consent scope and the journal of its sends.

-- Scope "digest": receive the weekly digest of suggestions by e-mail. Off for everyone until
-- they choose it (recorded in consent_events like every other scope).
ALTER TABLE employees ADD COLUMN digest_ok BOOLEAN NOT NULL DEFAULT FALSE;

-- PostgreSQL expands a view's `*` once, when it is created (DuckDB at each read): the
-- employees' views take the new column here.
CREATE OR REPLACE VIEW enrolled_employees AS
    SELECT * FROM employees WHERE opted_in_at IS NOT NULL AND withdrawn_at IS NULL;
CREATE OR REPLACE VIEW coaching_employees AS
    SELECT * FROM enrolled_employees WHERE coaching_ok;
CREATE OR REPLACE VIEW sharing_employees AS
    SELECT * FROM enrolled_employees WHERE shares_ok;

-- Enrolled with the shares scope and the digest scope: who receives the digest.
CREATE VIEW digest_employees AS
    SELECT * FROM sharing_employees WHERE digest_ok;

-- One row per week and person: a digest is never sent twice, a failure is retried and reported.
CREATE TABLE digest_sends (
    week        TEXT NOT NULL,              -- "YYYY-Www"
    employee_id TEXT NOT NULL,
    status      TEXT NOT NULL,              -- sent | failed | empty (nothing to suggest)
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT,
    updated_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (week, employee_id)
);

-- One row per week: the post of newly approved content to the team chat's incoming webhook.
-- `since`/`until` bound the approvals it announces; the next post starts at this `until`.
CREATE TABLE digest_posts (
    week        TEXT PRIMARY KEY,
    since       TIMESTAMPTZ,                   -- NULL: the first post announces what is offered now
    until       TIMESTAMPTZ NOT NULL,
    items       INTEGER NOT NULL,
    status      TEXT NOT NULL,              -- sent | failed | empty
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT,
    updated_at  TIMESTAMPTZ NOT NULL
);
