-- One definition of each programme rule, used by every reader and by erasure.
-- The rules handle_key and author_key are made first, in each engine's dialect:
-- 0005_rules.duckdb.sql (macros) and 0005_rules.postgres.sql (SQL functions).

-- Handles were stored lower-cased without "@" but not trimmed: bring old rows to the rule.
DELETE FROM employee_handles h WHERE handle <> handle_key(handle)
    AND EXISTS (SELECT 1 FROM employee_handles o
                WHERE o.source = h.source AND o.handle = handle_key(h.handle));
UPDATE employee_handles SET handle = handle_key(handle) WHERE handle <> handle_key(handle);

-- In the programme: opted in and not withdrawn. Withdrawal stops everything at once.
CREATE VIEW enrolled_employees AS
    SELECT * FROM employees WHERE withdrawn_at IS NULL;

-- Enrolled and opted into coaching on their own brand mentions.
CREATE VIEW coaching_employees AS
    SELECT * FROM enrolled_employees WHERE coaching_ok;

-- Every stored post by a handle an employee declared, whatever the employee's state
-- (readers add the state they need; erasure needs them all).
CREATE VIEW employee_posts AS
    SELECT h.employee_id, m.*
    FROM mentions m
    JOIN employee_handles h ON h.source = m.source AND h.handle = handle_key(m.author);

-- Author rows of declared handles (an employee is never a public author to rank).
CREATE VIEW employee_authors AS
    SELECT h.employee_id, a.*
    FROM authors a
    JOIN employee_handles h ON h.source = a.source AND h.handle = handle_key(a.handle);
