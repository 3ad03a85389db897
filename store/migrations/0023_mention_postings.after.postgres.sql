-- PostgreSQL's part of 0023_mention_postings.sql, run after it. The table made from a query
-- takes the query's types: the columns get back 0017's byte order (COLLATE "C", for the prefix
-- ranges) and NOT NULL. No zone maps: a B-tree on (token, created_at DESC) gives a word's
-- newest rows first.
ALTER TABLE mention_tokens
    ALTER COLUMN token TYPE TEXT COLLATE "C",
    ALTER COLUMN token SET NOT NULL,
    ALTER COLUMN mention_id SET NOT NULL;
CREATE INDEX mention_tokens_token_time ON mention_tokens (token, created_at DESC);
CREATE INDEX mention_tokens_mention ON mention_tokens (mention_id);
