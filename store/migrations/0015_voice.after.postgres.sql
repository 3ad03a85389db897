-- PostgreSQL's part of 0015_voice.sql, run after it.

-- A view's `*` was expanded when it was created: employee_posts takes the new column.
CREATE OR REPLACE VIEW employee_posts AS
    SELECT h.employee_id, m.*
    FROM mentions m
    JOIN employee_handles h ON h.source = m.source AND h.handle = handle_key(m.author);

-- Our own voice: a post by a handle in own_handles, the rule as an SQL function.
CREATE FUNCTION is_own_voice(src text, author text) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT EXISTS (SELECT 1 FROM own_handles o WHERE o.source = src AND o.handle = handle_key(author)) $$;

-- The is_own_voice rule written out (an SQL function with a subquery is not inlined: called
-- per row it made the overview's reads ~5x slower, bench/bench_engines.py); an anti-join.
CREATE VIEW public_mentions AS
    SELECT m.* FROM brand_mentions m
    WHERE NOT EXISTS (SELECT 1 FROM own_handles o WHERE o.source = m.source AND o.handle = handle_key(m.author));
