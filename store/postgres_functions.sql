-- DuckDB built-ins that the store's SQL uses and PostgreSQL lacks, as SQL functions of the
-- same names and meaning (store/dialect.py translates the rest). Run before the migrations
-- by every writer that opens the database: CREATE OR REPLACE, so a new release updates them.
-- Project rules (handle_key, search_tokens…) are not here: they are in the numbered
-- migrations, `*.postgres.sql` beside DuckDB's macros.
-- DuckDB's strip_accents: the combining marks of the decomposed text removed (œ stays œ).
CREATE OR REPLACE FUNCTION strip_accents(t text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT normalize(regexp_replace(normalize(t, NFD), '[\u0300-\u036f]', '', 'g'), NFC) $$;

-- any_value() is PostgreSQL 16's; 15 (Debian 12) needs it defined.
CREATE OR REPLACE FUNCTION _any_value_step(state anyelement, value anyelement) RETURNS anyelement
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT coalesce(state, value) $$;
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_proc WHERE proname = 'any_value') THEN
        CREATE AGGREGATE any_value(anyelement) (SFUNC = _any_value_step, STYPE = anyelement);
    END IF;
END $$;

CREATE OR REPLACE FUNCTION epoch_us(t timestamptz) RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT (extract(epoch FROM t) * 1000000)::bigint $$;

CREATE OR REPLACE FUNCTION epoch(t timestamptz) RETURNS double precision
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT extract(epoch FROM t)::double precision $$;

CREATE OR REPLACE FUNCTION to_microseconds(us bigint) RETURNS interval
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT make_interval(secs => us / 1000000.0) $$;

CREATE OR REPLACE FUNCTION array_distinct(a anyarray) RETURNS anyarray
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT array(SELECT DISTINCT x FROM unnest(a) x WHERE x IS NOT NULL) $$;

CREATE OR REPLACE FUNCTION list_intersect(a anyarray, b anyarray) RETURNS anyarray
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT array(SELECT DISTINCT x FROM unnest(a) x WHERE x = ANY(b)) $$;

CREATE OR REPLACE FUNCTION regexp_extract_all(s text, pattern text, grp integer DEFAULT 0) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(CASE WHEN grp = 0 THEN m[1] ELSE m[grp] END), '{}')
    FROM regexp_matches(s, CASE WHEN grp = 0 THEN '(' || pattern || ')' ELSE pattern END, 'g') m $$;

-- DuckDB's len() takes a list or a string; the store's len() of a string lands here.
CREATE OR REPLACE FUNCTION cardinality(t text) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT char_length(t) $$;

-- DuckDB's hash(): here only a repeatable, well-spread number per value (samples by id).
CREATE OR REPLACE FUNCTION hash(t text) RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT abs(hashtextextended(t, 13)) $$;

CREATE OR REPLACE FUNCTION to_days(n bigint) RETURNS interval
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT make_interval(days => n::integer) $$;
CREATE OR REPLACE FUNCTION to_hours(n bigint) RETURNS interval
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT make_interval(hours => n::integer) $$;
