-- PostgreSQL's 0005_rules.sql: DuckDB's macros as SQL functions, the same rules.
CREATE FUNCTION handle_key(h text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT lower(ltrim(trim(h), '@')) $$;

CREATE FUNCTION author_key(source text, author_id text, author text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT source || ':' || coalesce(author_id, lower(author)) $$;

DELETE FROM employee_handles h WHERE handle <> handle_key(handle)
    AND EXISTS (SELECT 1 FROM employee_handles o
                WHERE o.source = h.source AND o.handle = handle_key(h.handle));
UPDATE employee_handles SET handle = handle_key(handle) WHERE handle <> handle_key(handle);

CREATE VIEW enrolled_employees AS
    SELECT * FROM employees WHERE withdrawn_at IS NULL;

CREATE VIEW coaching_employees AS
    SELECT * FROM enrolled_employees WHERE coaching_ok;

CREATE VIEW employee_posts AS
    SELECT h.employee_id, m.*
    FROM mentions m
    JOIN employee_handles h ON h.source = m.source AND h.handle = handle_key(m.author);

CREATE VIEW employee_authors AS
    SELECT h.employee_id, a.*
    FROM authors a
    JOIN employee_handles h ON h.source = a.source AND h.handle = handle_key(a.handle);
