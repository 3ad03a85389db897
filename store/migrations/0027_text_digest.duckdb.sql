-- DuckDB's part of 0027_text_digest.sql, run before it.
--
-- The digest of a mention's normal text: store/links.py `_NORMAL_TEXT` (links removed,
-- runs of spaces one space, trimmed, lower case), as an MD5 read as a UUID: 16 bytes, the
-- same type as PostgreSQL's column (a copy between engines compares like with like; DuckDB's
-- md5_number is a UHUGEINT, which pandas cannot take), and two different texts share one with
-- odds of about 1e-25 at 10M texts. NULL for a text under 20 characters: those never count
-- as copies, and a NULL costs next to nothing.
-- Plain texts (no "://", none of RE2's \s but single spaces, nothing trim drops at either end)
-- are normalised by `lower` alone: the patterns would change nothing, and RE2's \s+ took 5 s
-- over 1M texts (the characters trim drops: store/links.py `TRIMMED`, checked against DuckDB's
-- trim; this macro against the patterns: tests/store/test_text_digest.py and
-- test_coordinated_posts.py). The insert writes it (store/mentions.py `_insert_batch`).
CREATE MACRO text_digest(t) AS CASE WHEN length(t) >= 20 THEN CAST(md5(
    CASE WHEN NOT contains(t, '://') AND NOT contains(t, '  ') AND NOT contains(t, chr(9))
              AND NOT contains(t, chr(10)) AND NOT contains(t, chr(12)) AND NOT contains(t, chr(13))
              AND ascii(t) NOT IN (32, 160, 5760, 8192, 8193, 8194, 8195, 8196, 8197, 8198, 8199, 8200,
                                   8201, 8202, 8239, 8287, 12288)
              AND NOT ends_with(t, chr(32)) AND NOT ends_with(t, chr(160)) AND NOT ends_with(t, chr(5760))
              AND NOT ends_with(t, chr(8192)) AND NOT ends_with(t, chr(8193)) AND NOT ends_with(t, chr(8194))
              AND NOT ends_with(t, chr(8195)) AND NOT ends_with(t, chr(8196)) AND NOT ends_with(t, chr(8197))
              AND NOT ends_with(t, chr(8198)) AND NOT ends_with(t, chr(8199)) AND NOT ends_with(t, chr(8200))
              AND NOT ends_with(t, chr(8201)) AND NOT ends_with(t, chr(8202)) AND NOT ends_with(t, chr(8239))
              AND NOT ends_with(t, chr(8287)) AND NOT ends_with(t, chr(12288))
         THEN lower(t)
         ELSE lower(trim(regexp_replace(regexp_replace(t, 'https?://\S+', '', 'g'), '\s+', ' ', 'g'))) END)
    AS UUID) END;

-- Back-filled once here, for the mentions stored before.
ALTER TABLE mentions ADD COLUMN text_digest UUID;
UPDATE mentions SET text_digest = text_digest(text) WHERE length(text) >= 20;
