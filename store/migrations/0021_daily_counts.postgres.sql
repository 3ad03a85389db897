-- PostgreSQL's part of 0021_daily_counts.sql, run before it: the macro local_day of
-- 0021_daily_counts.duckdb.sql as an SQL function.
CREATE FUNCTION local_day(zone_name text, instant timestamptz) RETURNS date
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT (instant AT TIME ZONE zone_name)::date $$;
