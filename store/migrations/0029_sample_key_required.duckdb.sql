-- DuckDB's part of 0029_sample_key_required.sql, run before it.
ALTER TABLE mentions ALTER COLUMN sample_key SET NOT NULL;
