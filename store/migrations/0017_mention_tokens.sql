-- The mention explorer's word index, kept at ingest (DuckDB's fts extension is not in the
-- wheel and is never downloaded). One row per distinct word of a mention's author handle and
-- text, folded by `search_tokens`: lower case, accents off, split on anything that is not a
-- letter or a digit, one-letter words left out (single digits kept: "message 1"). The same
-- macro folds a search, so both sides always agree. Rows go with their mention (purge, erasure).
CREATE MACRO search_tokens(t) AS
    list_distinct(list_filter(regexp_split_to_array(strip_accents(lower(t)), '[^\p{L}\p{N}]+'),
                              lambda w: length(w) >= 2 OR regexp_matches(w, '^[0-9]$')));

CREATE TABLE mention_tokens (
    token      VARCHAR NOT NULL,
    mention_id VARCHAR NOT NULL
);

-- Mentions stored before this migration get their words now.
INSERT INTO mention_tokens
SELECT unnest(search_tokens(coalesce(author, '') || ' ' || text)) AS token, id AS mention_id
FROM mentions ORDER BY token;
