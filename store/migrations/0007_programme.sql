-- The employees' programme: invitations, enrolment only by the employee's own acceptance,
-- scopes, every consent change recorded; a governed content library.

-- Views are bound to the table they read: drop them before reshaping `employees`,
-- and define them again below with the new rules.
DROP VIEW coaching_employees;
DROP VIEW enrolled_employees;

-- An invitation is a row with no opt-in time; the employee's own acceptance sets it.
ALTER TABLE employees ALTER COLUMN opted_in_at DROP NOT NULL;
ALTER TABLE employees ADD COLUMN email VARCHAR;
ALTER TABLE employees ADD COLUMN lang VARCHAR;
ALTER TABLE employees ADD COLUMN invited_at TIMESTAMPTZ;
-- Scope "shares" (shares and recognition). Rows enrolled before this migration opted into
-- the share programme, which was then the only thing opting in meant; new rows start without it.
ALTER TABLE employees ADD COLUMN shares_ok BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE employees ALTER COLUMN shares_ok SET DEFAULT FALSE;
UPDATE employees SET invited_at = opted_in_at WHERE invited_at IS NULL;
-- named_ok (scope "named": named in manager exports and leaderboards) and coaching_ok
-- (scope "coaching": coaching on their own brand mentions) keep their meaning.

-- The rules employee_state and content_state are made first, in each engine's dialect:
-- 0007_programme.duckdb.sql (macros), 0007_programme.postgres.sql (SQL functions).

-- In the programme: opted in by their own acceptance and not withdrawn.
CREATE VIEW enrolled_employees AS
    SELECT * FROM employees WHERE opted_in_at IS NOT NULL AND withdrawn_at IS NULL;

-- Enrolled and opted into coaching on their own brand mentions.
CREATE VIEW coaching_employees AS
    SELECT * FROM enrolled_employees WHERE coaching_ok;

-- Enrolled with the "shares" scope: the only people whose declared handles are ever read.
CREATE VIEW sharing_employees AS
    SELECT * FROM enrolled_employees WHERE shares_ok;

-- The handles share collection may read. A handle declared without the shares scope, or
-- of anyone invited or withdrawn, is not in it.
CREATE VIEW sharing_handles AS
    SELECT h.* FROM employee_handles h JOIN sharing_employees e ON e.id = h.employee_id;

-- Every consent change: what (the event, the scopes and the networks with a handle after
-- it), when, and through which screen. Handles themselves stay in employee_handles.
CREATE SEQUENCE consent_events_id_seq;
CREATE TABLE consent_events (
    id          BIGINT PRIMARY KEY DEFAULT nextval('consent_events_id_seq'),
    employee_id VARCHAR NOT NULL,
    changed_at  TIMESTAMPTZ NOT NULL,
    event       VARCHAR NOT NULL,              -- invited | accepted | changed | withdrawn
    scopes      VARCHAR[] NOT NULL,            -- in force after the event
    networks    VARCHAR[] NOT NULL,            -- networks with a declared handle after it
    screen      VARCHAR NOT NULL               -- e.g. "dashboard:consent", "cli:employees withdraw"
);
CREATE INDEX consent_events_employee ON consent_events (employee_id);

-- The content library's governance: proposed -> approved -> expired | rejected.
-- Items already in the library were never reviewed: they start as proposed.
ALTER TABLE content ADD COLUMN state VARCHAR NOT NULL DEFAULT 'proposed';
ALTER TABLE content ADD COLUMN tags VARCHAR[] NOT NULL DEFAULT [];
ALTER TABLE content ADD COLUMN expires_at TIMESTAMPTZ;
ALTER TABLE content ADD COLUMN origin VARCHAR NOT NULL DEFAULT 'feed';   -- feed | admin | mention
ALTER TABLE content ADD COLUMN image_url VARCHAR;
ALTER TABLE content ADD COLUMN mention_id VARCHAR;  -- the public mention it amplifies (origin mention)
ALTER TABLE content ADD COLUMN added_at TIMESTAMPTZ;

-- Every decision on an item: who, when, why, and the charter's findings on its texts.
CREATE SEQUENCE content_decisions_id_seq;
CREATE TABLE content_decisions (
    id          BIGINT PRIMARY KEY DEFAULT nextval('content_decisions_id_seq'),
    content_id  VARCHAR NOT NULL,
    decided_at  TIMESTAMPTZ NOT NULL,
    state       VARCHAR NOT NULL,              -- proposed | approved | rejected | expired
    decided_by  VARCHAR NOT NULL,
    why         VARCHAR,
    findings    JSON                           -- charter findings on the suggested texts
);
INSERT INTO content_decisions (content_id, decided_at, state, decided_by, why)
    SELECT id, now(), 'proposed', 'migration 0007', 'in the library before governance: to review'
    FROM content;
