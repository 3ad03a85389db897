-- DuckDB's part of 0031_score_times.sql, run before it.
--
-- Each score carries its mention's time (`scores.created_at`, written with the score by
-- store/mentions.py `save_score_columns`), and the daily tables' view joins a mention to its
-- score by id and by that time. A read of a time window then finds its scores in the row
-- groups of that window: joined by id alone, DuckDB read the id of every score, whatever the
-- window held (the overview's edges at 10M mentions: 9M score ids for 24,000 edge rows).
ALTER TABLE scores ADD COLUMN created_at TIMESTAMPTZ;
UPDATE scores SET created_at = m.created_at FROM mentions m WHERE m.id = scores.mention_id;

-- As 0015's view, with the mention's time.
CREATE OR REPLACE VIEW effective_scores AS
    SELECT s.mention_id, s.scorer, s.lang,
           CASE WHEN c.label IS NULL THEN s.compound
                ELSE corrected_compound(c.label, s.compound) END AS compound,
           s.pos, s.neu, s.neg,
           coalesce(c.label, s.label) AS label,
           CASE WHEN c.label IS NULL THEN s.brand_compound
                ELSE corrected_compound(c.label, coalesce(s.brand_compound, s.compound)) END AS brand_compound,
           coalesce(c.corrected_at, s.scored_at) AS scored_at,
           c.label IS NOT NULL AS corrected,
           s.created_at
    FROM scores s LEFT JOIN sentiment_corrections c ON c.mention_id = s.mention_id;

-- As 0022's view, each mention's score found by its id and its time (a mention's time never
-- changes once stored, and every writer of a score writes it).
CREATE OR REPLACE VIEW daily_voice_rows AS
    SELECT m.id, m.created_at, m.author_id, '' AS voice, m.source, m.lang,
           coalesce(s.label, 'unscored') AS label, is_own_voice(m.source, m.author) AS own,
           coalesce(s.brand_compound, s.compound) AS sentiment
    FROM brand_mentions m LEFT JOIN effective_scores s ON s.mention_id = m.id AND s.created_at = m.created_at
    UNION ALL
    SELECT m.id, m.created_at, m.author_id, m.competitor, m.source, m.lang,
           coalesce(s.label, 'unscored'), is_own_voice(m.source, m.author), s.compound
    FROM competitor_mentions m LEFT JOIN effective_scores s ON s.mention_id = m.id AND s.created_at = m.created_at;
