-- PostgreSQL's 0015_voice.sql: the same views and rules; DuckDB's macros as SQL functions,
-- QUALIFY as DISTINCT ON, list lengths as cardinality. See 0015_voice.sql for the why of each.
ALTER TABLE mentions ADD COLUMN competitors TEXT[] DEFAULT '{}';

-- A view's `*` was expanded when it was created: employee_posts takes the new column.
CREATE OR REPLACE VIEW employee_posts AS
    SELECT h.employee_id, m.*
    FROM mentions m
    JOIN employee_handles h ON h.source = m.source AND h.handle = handle_key(m.author);

CREATE TABLE own_accounts (
    source TEXT NOT NULL,
    handle TEXT NOT NULL,
    PRIMARY KEY (source, handle)
);

CREATE SEQUENCE corrections_id_seq;
CREATE TABLE corrections (
    id           BIGINT PRIMARY KEY DEFAULT nextval('corrections_id_seq'),
    mention_id   TEXT NOT NULL,
    label        TEXT,
    irrelevant   BOOLEAN NOT NULL DEFAULT FALSE,
    corrected_by TEXT NOT NULL,
    corrected_at TIMESTAMPTZ NOT NULL,
    CHECK (label IN ('positive', 'neutral', 'negative') OR (label IS NULL AND irrelevant))
);
CREATE INDEX corrections_mention ON corrections (mention_id);

CREATE VIEW latest_corrections AS
    SELECT DISTINCT ON (mention_id) * FROM corrections
    ORDER BY mention_id, corrected_at DESC, id DESC;

CREATE FUNCTION corrected_compound(label text, scored double precision) RETURNS double precision
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN label = 'positive' THEN CASE WHEN scored >= 0.05 THEN scored ELSE 0.5 END
        WHEN label = 'negative' THEN CASE WHEN scored <= -0.05 THEN scored ELSE -0.5 END
        ELSE CASE WHEN scored > -0.05 AND scored < 0.05 THEN scored ELSE 0.0 END
    END $$;

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

CREATE VIEW own_handles AS
    SELECT source, handle FROM employee_handles
    UNION ALL
    SELECT source, handle FROM own_accounts;

CREATE FUNCTION is_own_voice(src text, author text) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT EXISTS (SELECT 1 FROM own_handles o WHERE o.source = src AND o.handle = handle_key(author)) $$;

CREATE VIEW own_voice AS
    SELECT id AS mention_id, 'employee' AS voice FROM employee_posts
    UNION
    SELECT m.id, 'company' FROM mentions m
    JOIN own_accounts o ON o.source = m.source AND o.handle = handle_key(m.author);

CREATE VIEW brand_mentions AS
    SELECT m.* FROM mentions m
    WHERE (cardinality(m.matched) > 0 OR cardinality(coalesce(m.competitors, '{}')) = 0)
      AND m.id NOT IN (SELECT mention_id FROM latest_corrections WHERE irrelevant);

-- The is_own_voice rule written out (an SQL function with a subquery is not inlined: called
-- per row it made the overview's reads ~5x slower, bench/bench_engines.py); an anti-join.
CREATE VIEW public_mentions AS
    SELECT m.* FROM brand_mentions m
    WHERE NOT EXISTS (SELECT 1 FROM own_handles o WHERE o.source = m.source AND o.handle = handle_key(m.author));

CREATE VIEW competitor_mentions AS
    SELECT unnest(m.competitors) AS competitor, m.*
    FROM mentions m
    WHERE cardinality(coalesce(m.competitors, '{}')) > 0
      AND m.id NOT IN (SELECT mention_id FROM latest_corrections WHERE irrelevant);

CREATE TABLE volume_counts (
    source     TEXT NOT NULL,
    query      TEXT NOT NULL,
    hour       TIMESTAMPTZ NOT NULL,
    posts      BIGINT NOT NULL,
    fetched_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (source, query, hour)
);
