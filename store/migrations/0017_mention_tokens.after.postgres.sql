-- PostgreSQL's part of 0017_mention_tokens.sql, run after it. Tokens compare in byte order
-- (COLLATE "C"): a prefix range [w, w || U+10FFFF) holds every word starting with w whatever
-- the database's collation; B-tree indexes answer the ranges and the erasures.
ALTER TABLE mention_tokens ALTER COLUMN token TYPE TEXT COLLATE "C";
CREATE INDEX mention_tokens_token ON mention_tokens (token);
CREATE INDEX mention_tokens_mention ON mention_tokens (mention_id);

-- PostgreSQL has no zone maps: the dashboard's time windows and the newest mention come from
-- a B-tree index on the mention time (DuckDB skips row groups on their min/max instead).
CREATE INDEX mentions_created_at ON mentions (created_at);
