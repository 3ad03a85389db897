-- The mention explorer's word index, kept at ingest (DuckDB's fts extension is not in the
-- wheel and is never downloaded). One row per distinct word of a mention's author handle and
-- text, folded by `search_tokens`: lower case, accents off, split on anything that is not a
-- letter or a digit, one-letter words left out (single digits kept: "message 1"). The same
-- rule folds a search, so both sides always agree. Rows go with their mention (purge, erasure).
-- The rule, search_tokens, is made first by each engine's part (0017_mention_tokens.duckdb.sql,
-- .postgres.sql); PostgreSQL's indexes come after this file (.after.postgres.sql).

CREATE TABLE mention_tokens (
    token      VARCHAR NOT NULL,
    mention_id VARCHAR NOT NULL
);

-- Mentions stored before this migration get their words now.
INSERT INTO mention_tokens
SELECT unnest(search_tokens(coalesce(author, '') || ' ' || text)) AS token, id AS mention_id
FROM mentions ORDER BY token;
