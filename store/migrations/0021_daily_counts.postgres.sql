-- PostgreSQL's 0021_daily_counts.sql: the same tables and rule (see there for the why).
-- DuckDB's local_day macro as an SQL function; GROUP BY ALL written out.
CREATE FUNCTION local_day(zone_name text, instant timestamptz) RETURNS date
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT (instant AT TIME ZONE zone_name)::date $$;

CREATE VIEW daily_voice_rows AS
    SELECT m.id, m.created_at, '' AS voice, m.source, m.lang,
           coalesce(s.label, 'unscored') AS label, is_own_voice(m.source, m.author) AS own,
           coalesce(s.brand_compound, s.compound) AS sentiment
    FROM brand_mentions m LEFT JOIN effective_scores s ON s.mention_id = m.id
    UNION ALL
    SELECT m.id, m.created_at, m.competitor, m.source, m.lang,
           coalesce(s.label, 'unscored'), is_own_voice(m.source, m.author), s.compound
    FROM competitor_mentions m LEFT JOIN effective_scores s ON s.mention_id = m.id;

CREATE TABLE daily_zone (zone TEXT NOT NULL);
INSERT INTO daily_zone VALUES ('Europe/Paris');

CREATE TABLE daily_counts (
    day       DATE NOT NULL,
    voice     TEXT NOT NULL,
    source    TEXT NOT NULL,
    lang      TEXT,
    label     TEXT NOT NULL,
    own       BOOLEAN NOT NULL,
    mentions  BIGINT NOT NULL,
    sentiment DOUBLE PRECISION
);
CREATE INDEX daily_counts_day ON daily_counts (day);

CREATE TABLE daily_mentions (
    day      DATE NOT NULL,
    source   TEXT NOT NULL,
    lang     TEXT,
    matched  TEXT[],
    mentions BIGINT NOT NULL
);
CREATE INDEX daily_mentions_day ON daily_mentions (day);

CREATE TABLE daily_own_handles (source TEXT NOT NULL, handle TEXT NOT NULL);

INSERT INTO daily_counts
SELECT local_day('Europe/Paris', created_at), voice, source, lang, label, own, count(*), sum(sentiment)
FROM daily_voice_rows GROUP BY 1, 2, 3, 4, 5, 6;

INSERT INTO daily_mentions
SELECT local_day('Europe/Paris', created_at), source, lang, matched, count(*)
FROM mentions GROUP BY 1, 2, 3, 4;

INSERT INTO daily_own_handles SELECT DISTINCT source, handle FROM own_handles;
