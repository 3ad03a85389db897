-- PostgreSQL's part of 0021_daily_counts.sql, run after it: B-tree indexes for the day ranges
-- (DuckDB prunes row groups on their min/max instead).
CREATE INDEX daily_counts_day ON daily_counts (day);
CREATE INDEX daily_mentions_day ON daily_mentions (day);
