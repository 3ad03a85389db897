-- DuckDB's part of 0005_rules.sql, run before it: the rules as macros.

-- A handle as declared and as matched: trimmed, without a leading "@", lower-case.
-- store.programme.normal_handle is the same rule in Python (tests keep them equal).
CREATE MACRO handle_key(h) AS lower(ltrim(trim(h), '@'));

-- An author's stable id: "<source>:<author id>", else the lower-cased handle
-- (store.mentions.author_key is the same rule in Python).
CREATE MACRO author_key(source, author_id, author) AS source || ':' || coalesce(author_id, lower(author));
