-- PostgreSQL's 0017_mention_tokens.sql: the same word index and folding rule (see there).
-- Words keep their first-seen order, as DuckDB's list_distinct gives them here. Tokens compare
-- in byte order (COLLATE "C"): a prefix range [w, w || U+10FFFF) holds every word starting
-- with w whatever the database's collation; B-tree indexes answer the ranges and the erasures.
CREATE FUNCTION search_tokens(t text) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(w ORDER BY first), '{}') FROM (
        SELECT w, min(n) AS first
        FROM regexp_split_to_table(strip_accents(lower(t)), '[^[:alnum:]]+') WITH ORDINALITY AS s(w, n)
        WHERE length(w) >= 2 OR w ~ '^[0-9]$'
        GROUP BY w) words $$;

CREATE TABLE mention_tokens (
    token      TEXT COLLATE "C" NOT NULL,
    mention_id TEXT NOT NULL
);
CREATE INDEX mention_tokens_token ON mention_tokens (token);
CREATE INDEX mention_tokens_mention ON mention_tokens (mention_id);

INSERT INTO mention_tokens
SELECT unnest(search_tokens(coalesce(author, '') || ' ' || text)) AS token, id AS mention_id
FROM mentions ORDER BY token;

-- PostgreSQL has no zone maps: the dashboard's time windows and the newest mention come from
-- a B-tree index on the mention time (DuckDB skips row groups on their min/max instead).
CREATE INDEX mentions_created_at ON mentions (created_at);
