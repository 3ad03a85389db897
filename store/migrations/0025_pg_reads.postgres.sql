-- PostgreSQL's part of 0025_pg_reads.sql (issue 16): B-tree indexes for the dashboard's reads,
-- which read every row of a big table without them (EXPLAIN ANALYZE at 10M mentions).

-- The overview's distinct authors (store/listening.py totals) read a window of local days of
-- daily_authors (about 10M rows at 10M mentions): the days' rows with what the read filters
-- on and counts, read from the index alone instead of the whole table.
CREATE INDEX daily_authors_day ON daily_authors (day, source, own, author_id);

-- The advocacy page's best authors of each class (store/signals.py public_authors, ORDER BY
-- confidence DESC, reach DESC NULLS LAST, author id, LIMIT): walked in that order, the LIMIT
-- stops after the rows shown instead of sorting the whole class (about 660k rows at 10M).
CREATE INDEX advocacy_best ON advocacy (subject_kind, class, confidence DESC, reach DESC NULLS LAST, subject_id);
