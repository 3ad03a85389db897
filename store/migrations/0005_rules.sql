-- One definition of each programme rule, used by every reader and by erasure.

-- A handle as declared and as matched: trimmed, without a leading "@", lower-case.
-- store.programme.normal_handle is the same rule in Python (tests keep them equal).
CREATE MACRO handle_key(h) AS lower(ltrim(trim(h), '@'));

-- An author's stable id: "<source>:<author id>", else the lower-cased handle
-- (store.mentions.author_key is the same rule in Python).
CREATE MACRO author_key(source, author_id, author) AS source || ':' || coalesce(author_id, lower(author));

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
