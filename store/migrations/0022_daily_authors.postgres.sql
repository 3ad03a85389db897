-- PostgreSQL's 0022_daily_authors.sql (see there). PostgreSQL cannot add a column in the
-- middle of a view with CREATE OR REPLACE: the view is dropped and made again.
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

CREATE TABLE daily_authors (
    day       DATE NOT NULL,
    source    TEXT NOT NULL,
    own       BOOLEAN NOT NULL,
    author_id TEXT
);
CREATE INDEX daily_authors_day ON daily_authors (day);

INSERT INTO daily_authors
SELECT DISTINCT local_day((SELECT zone FROM daily_zone LIMIT 1), created_at), source, own, author_id
FROM daily_voice_rows WHERE voice = '';
