-- Daily counts kept by the store at every write (issues 14 and 17): the overview's totals,
-- its daily chart, share of voice and the dashboard's bounds read these small tables instead
-- of joining every mention with every score. store/daily.py keeps them; the rule of what is
-- counted is the view below, over the same views every listening read uses (0015), so a
-- correction, our own voice and a competitor count here exactly as they do in a full scan.

-- A mention's day in `zone` (an IANA name), local_day, is made first by each engine's part
-- (0021_daily_counts.duckdb.sql, .postgres.sql); PostgreSQL's indexes come after this file.

-- One row per brand mention (voice '') and per competitor a mention names (voice: the
-- competitor), with the sentiment each voice is read with (the brand's: brand-targeted).
CREATE VIEW daily_voice_rows AS
    SELECT m.id, m.created_at, '' AS voice, m.source, m.lang,
           coalesce(s.label, 'unscored') AS label, is_own_voice(m.source, m.author) AS own,
           coalesce(s.brand_compound, s.compound) AS sentiment
    FROM brand_mentions m LEFT JOIN effective_scores s ON s.mention_id = m.id
    UNION ALL
    SELECT m.id, m.created_at, m.competitor, m.source, m.lang,
           coalesce(s.label, 'unscored'), is_own_voice(m.source, m.author), s.compound
    FROM competitor_mentions m LEFT JOIN effective_scores s ON s.mention_id = m.id;

-- The zone whose local days the tables count in (one row; store/daily.py recounts everything
-- when [brand] timezone changes). Readers asking for another zone read every mention instead.
CREATE TABLE daily_zone (zone VARCHAR NOT NULL);
INSERT INTO daily_zone VALUES ('Europe/Paris');      -- the settings' default [brand] timezone

-- Mentions and the sum of their sentiment (scored ones) per local day, voice, source,
-- language, effective label and own-voice flag. Several rows may hold parts of one key
-- (ingest appends a page's counts; a recount of the day folds them): readers sum.
CREATE TABLE daily_counts (
    day       DATE NOT NULL,
    voice     VARCHAR NOT NULL,          -- '' for the brand, else the competitor's name
    source    VARCHAR NOT NULL,
    lang      VARCHAR,
    label     VARCHAR NOT NULL,          -- positive | neutral | negative | unscored
    own       BOOLEAN NOT NULL,          -- our own voice (is_own_voice)
    mentions  BIGINT NOT NULL,
    sentiment DOUBLE                     -- sum over the scored mentions; NULL when none is
);

-- Every stored mention (irrelevant ones too) per local day, source, language and the terms it
-- matched: the sources, languages and terms the dashboard's filters offer.
CREATE TABLE daily_mentions (
    day      DATE NOT NULL,
    source   VARCHAR NOT NULL,
    lang     VARCHAR,
    matched  VARCHAR[],
    mentions BIGINT NOT NULL
);

-- The handles counted as our own voice when the counts were last made (store/daily.py compares
-- them with own_handles after a change of own accounts or declared handles, and recounts).
CREATE TABLE daily_own_handles (source VARCHAR NOT NULL, handle VARCHAR NOT NULL);

-- Mentions stored before this migration are counted now.
INSERT INTO daily_counts
SELECT local_day('Europe/Paris', created_at), voice, source, lang, label, own, count(*), sum(sentiment)
FROM daily_voice_rows GROUP BY ALL;

INSERT INTO daily_mentions
SELECT local_day('Europe/Paris', created_at), source, lang, matched, count(*)
FROM mentions GROUP BY ALL;

INSERT INTO daily_own_handles SELECT DISTINCT source, handle FROM own_handles;
