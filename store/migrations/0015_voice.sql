-- Share of voice, our own voice apart, and corrections by the team (issue 13, part B).
-- Every listening read (overview, explorer, spikes, advocacy classes, weekly files) goes
-- through the views below, so each rule is written once, here and in this migration's
-- per-engine parts: 0015_voice.duckdb.sql / .postgres.sql (corrected_compound, made before
-- this file) and 0015_voice.after.duckdb.sql / .after.postgres.sql (our own voice).

-- The `[brand] competitors` a mention names, matched at ingest (names, configuration order).
-- Rows stored before a competitor was configured keep [] (they are not matched again).
ALTER TABLE mentions ADD COLUMN competitors VARCHAR[] DEFAULT [];

-- The company's own accounts (`[brand] own_accounts`), handles as handle_key() keys them.
-- Written from the settings by each pass that writes (collect, score, schedule, demo).
CREATE TABLE own_accounts (
    source VARCHAR NOT NULL,
    handle VARCHAR NOT NULL,
    PRIMARY KEY (source, handle)
);

-- A comms admin's correction of one mention: a sentiment, or "not about us" (irrelevant).
-- Every correction is kept (who, when); the latest one of a mention wins.
CREATE SEQUENCE corrections_id_seq;
CREATE TABLE corrections (
    id           BIGINT PRIMARY KEY DEFAULT nextval('corrections_id_seq'),
    mention_id   VARCHAR NOT NULL,
    label        VARCHAR,                    -- positive | neutral | negative; NULL with irrelevant
    irrelevant   BOOLEAN NOT NULL DEFAULT FALSE,
    corrected_by VARCHAR NOT NULL,
    corrected_at TIMESTAMPTZ NOT NULL,
    CHECK (label IN ('positive', 'neutral', 'negative') OR (label IS NULL AND irrelevant))
);
CREATE INDEX corrections_mention ON corrections (mention_id);

CREATE VIEW latest_corrections AS
    SELECT * FROM corrections
    QUALIFY row_number() OVER (PARTITION BY mention_id ORDER BY corrected_at DESC, id DESC) = 1;

-- Scores as every reader must see them: a sentiment correction wins over the scorer. Same
-- columns as `scores`, plus `corrected`. A mention corrected before it is scored takes its
-- correction when the scorer's pass reaches it (minutes); a FULL JOIN or a UNION for those
-- rows made every read 3-4x slower (bench/bench_voice.py).
CREATE VIEW sentiment_corrections AS
    SELECT mention_id, label, corrected_at FROM latest_corrections WHERE label IS NOT NULL;

CREATE VIEW effective_scores AS
    SELECT s.mention_id, s.scorer, s.lang,
           CASE WHEN c.label IS NULL THEN s.compound
                ELSE corrected_compound(c.label, s.compound) END AS compound,
           s.pos, s.neu, s.neg,
           coalesce(c.label, s.label) AS label,
           CASE WHEN c.label IS NULL THEN s.brand_compound
                ELSE corrected_compound(c.label, coalesce(s.brand_compound, s.compound)) END AS brand_compound,
           coalesce(c.corrected_at, s.scored_at) AS scored_at,
           c.label IS NOT NULL AS corrected
    FROM scores s LEFT JOIN sentiment_corrections c ON c.mention_id = s.mention_id;

-- Our own voice: a post by a handle an employee declared (the `employee_posts` rule) or by one
-- of the company's own accounts. One rule, is_own_voice (made after this file, by each engine's
-- part), over one small table of handles, so that readers apply it to the rows their time
-- window has already chosen (an anti-join).
CREATE VIEW own_handles AS
    SELECT source, handle FROM employee_handles
    UNION ALL
    SELECT source, handle FROM own_accounts;

-- Which kind of our own voice each such mention is (for counts and tests).
CREATE VIEW own_voice AS
    SELECT id AS mention_id, 'employee' AS voice FROM employee_posts
    UNION
    SELECT m.id, 'company' FROM mentions m
    JOIN own_accounts o ON o.source = m.source AND o.handle = handle_key(m.author);

-- Mentions about the brand: not marked irrelevant by the team, and naming the brand — or
-- found by a brand search without naming a competitor (a search-based source's item may not
-- show the field it matched on; one that names only a competitor is the competitor's).
CREATE VIEW brand_mentions AS
    SELECT m.* FROM mentions m
    WHERE (len(m.matched) > 0 OR len(coalesce(m.competitors, [])) = 0)
      AND m.id NOT IN (SELECT mention_id FROM latest_corrections WHERE irrelevant);

-- Public mentions of the brand (the view public_mentions: brand mentions less our own voice)
-- are made after this file, by each engine's part.

-- Mentions of each competitor (one row per competitor named), not marked irrelevant.
CREATE VIEW competitor_mentions AS
    SELECT unnest(m.competitors) AS competitor, m.*
    FROM mentions m
    WHERE len(coalesce(m.competitors, [])) > 0
      AND m.id NOT IN (SELECT mention_id FROM latest_corrections WHERE irrelevant);

-- Volume per hour from X's tweet-counts endpoint for `[x] counts_queries`: queries too broad
-- to read in full (each read post is billed); counts are billed per request. Spike detection
-- reads them as their own series, "x-count:<query>".
CREATE TABLE volume_counts (
    source     VARCHAR NOT NULL,             -- 'x'
    query      VARCHAR NOT NULL,
    hour       TIMESTAMPTZ NOT NULL,         -- start of the hour, UTC
    posts      BIGINT NOT NULL,
    fetched_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (source, query, hour)
);
