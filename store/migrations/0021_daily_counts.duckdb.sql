-- DuckDB's part of 0021_daily_counts.sql, run before it.

-- A mention's day in `zone` (an IANA name): the date of its local wall-clock time.
CREATE MACRO local_day(zone_name, instant) AS CAST(timezone(zone_name, instant) AS DATE);
