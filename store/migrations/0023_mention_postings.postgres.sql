-- PostgreSQL's 0023_mention_postings.sql (see there): the same posting rows. PostgreSQL has
-- no zone maps, so a B-tree on (token, created_at DESC) gives a word's newest rows first, and
-- tokens keep byte order (COLLATE "C") for the prefix ranges, as in 0017.
CREATE TABLE mention_postings (
    token       TEXT COLLATE "C" NOT NULL,
    created_at  TIMESTAMPTZ,
    source      TEXT,
    about_brand BOOLEAN,
    mention_id  TEXT NOT NULL
);

INSERT INTO mention_postings
SELECT token, created_at, source, about_brand, mention_id FROM (
    SELECT unnest(search_tokens(coalesce(author, '') || ' ' || text)) AS token, created_at, source,
           (cardinality(matched) > 0 OR cardinality(coalesce(competitors, '{}')) = 0) AS about_brand,
           id AS mention_id
    FROM mentions
) postings;

DROP TABLE mention_tokens;
ALTER TABLE mention_postings RENAME TO mention_tokens;
CREATE INDEX mention_tokens_token_time ON mention_tokens (token, created_at DESC);
CREATE INDEX mention_tokens_mention ON mention_tokens (mention_id);
