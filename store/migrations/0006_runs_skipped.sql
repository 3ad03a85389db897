-- A run's skipped entries (not matching, malformed, dropped by the programme's rules),
-- counted beside its new items and its errors.
ALTER TABLE runs ADD COLUMN skipped BIGINT NOT NULL DEFAULT 0;
