-- The authors of the brand's mentions per local day (store/daily.py, after 0021): the overview's
-- distinct authors were the one total still read from every mention of the window (1.3 s at 1M,
-- the view's own-voice and irrelevant rules on each row). Distinct authors cannot be added up
-- by day, but a window's are the distinct ids of its days' rows: one narrow table.

-- The rows of 0021's view, with the author.
-- Dropped and made again (not CREATE OR REPLACE): PostgreSQL cannot add a column inside a
-- view in place, so both engines read this one file.
DROP VIEW daily_voice_rows;
CREATE VIEW daily_voice_rows AS
    SELECT m.id, m.created_at, m.author_id, '' AS voice, m.source, m.lang,
           coalesce(s.label, 'unscored') AS label, is_own_voice(m.source, m.author) AS own,
           coalesce(s.brand_compound, s.compound) AS sentiment
    FROM brand_mentions m LEFT JOIN effective_scores s ON s.mention_id = m.id
    UNION ALL
    SELECT m.id, m.created_at, m.author_id, m.competitor, m.source, m.lang,
           coalesce(s.label, 'unscored'), is_own_voice(m.source, m.author), s.compound
    FROM competitor_mentions m LEFT JOIN effective_scores s ON s.mention_id = m.id;

-- A row may repeat (ingest appends a page's authors; a recount of the day folds them).
CREATE TABLE daily_authors (
    day       DATE NOT NULL,
    source    VARCHAR NOT NULL,
    own       BOOLEAN NOT NULL,          -- our own voice (is_own_voice)
    author_id VARCHAR
);

INSERT INTO daily_authors
SELECT DISTINCT local_day((SELECT zone FROM daily_zone LIMIT 1), created_at), source, own, author_id
FROM daily_voice_rows WHERE voice = '';
