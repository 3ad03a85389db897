-- PostgreSQL's part of 0027_text_digest.sql, run before it.
--
-- The digest of a mention's normal text (store/links.py `_NORMAL_TEXT`: links removed, runs
-- of spaces one space, trimmed, lower case, as PostgreSQL's own functions do it), an MD5 read
-- as a uuid: 16 bytes, the type of DuckDB's column; two different texts share one with odds
-- of about 1e-25 at 10M texts. NULL for a text under 20 characters (those never count as
-- copies). Every text goes through the patterns: PostgreSQL's \s depends on the locale.
CREATE FUNCTION text_digest(t text) RETURNS uuid
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN length(t) >= 20 THEN CAST(md5(lower(trim(
        regexp_replace(regexp_replace(t, 'https?://\S+', '', 'g'), '\s+', ' ', 'g')))) AS uuid) END $$;

-- Kept by PostgreSQL itself, as `search_vector` is (0024): a stored generated column, which
-- every insert and every update of a text computes, so no writer can leave it wrong. Adding it
-- rewrites the mentions once, at this migration (the back-fill).
ALTER TABLE mentions ADD COLUMN text_digest uuid GENERATED ALWAYS AS (text_digest(text)) STORED;
