-- The explorer's word index laid out as posting lists (migration 0017 kept only token and id).
-- Each row also carries what the explorer's default filters read, so that a search is answered
-- from the index alone: its count (up to a bound) and its newest ids for the page, without a
-- join over all mentions (measured at 1M: 167 ms for the join, 2 ms from the postings; at 10M
-- the join grows with the table, the postings with the word: bench/bench_search.py).
--   created_at  the mention's time: the window filter, and "newest first" (top-N by date);
--   source      the source filter;
--   about_brand the static half of the `brand_mentions` rule (0015): it names the brand, or
--               names no competitor. Irrelevant corrections change later: readers anti-join them.
-- Kept sorted by (token, created_at DESC): a word's rows sit in a few row groups whose zone
-- maps prune the rest, newest first so a top-N stops reading early. PostgreSQL has no zone
-- maps: 0023_mention_postings.after.postgres.sql adds its index, and the byte order of 0017.
CREATE TABLE mention_postings AS
SELECT token, created_at, source, about_brand, mention_id FROM (
    SELECT unnest(search_tokens(coalesce(author, '') || ' ' || text)) AS token, created_at, source,
           (len(matched) > 0 OR len(coalesce(competitors, [])) = 0) AS about_brand, id AS mention_id
    FROM mentions
) ORDER BY token, created_at DESC;

DROP TABLE mention_tokens;
ALTER TABLE mention_postings RENAME TO mention_tokens;
