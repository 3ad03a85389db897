-- PostgreSQL's part of 0017_mention_tokens.sql, run before it: the folding rule of
-- 0017_mention_tokens.duckdb.sql as an SQL function. Words keep their first-seen order, as
-- DuckDB's list_distinct gives them.
CREATE FUNCTION search_tokens(t text) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(w ORDER BY first), '{}') FROM (
        SELECT w, min(n) AS first
        FROM regexp_split_to_table(strip_accents(lower(t)), '[^[:alnum:]]+') WITH ORDINALITY AS s(w, n)
        WHERE length(w) >= 2 OR w ~ '^[0-9]$'
        GROUP BY w) words $$;
