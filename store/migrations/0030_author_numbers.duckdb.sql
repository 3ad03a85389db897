-- DuckDB's part of 0030_author_numbers.sql, run before it.
--
-- Each author's number: a small integer, unique in the file, given by `daily.number_authors`
-- to the authors that have none (the index pass's step after ingest, and `store copy`). The
-- daily author rows take their author's number in the same pass: the overview's distinct
-- authors are then the set bits of one bitmap of those numbers (store/listening.py
-- `distinct_authors`), not a hash table of every id string of the window's rows.
ALTER TABLE authors ADD COLUMN number INTEGER;
UPDATE authors SET number = n.number
FROM (SELECT id, CAST(row_number() OVER (ORDER BY first_seen, id) AS INTEGER) AS number FROM authors) n
WHERE authors.id = n.id;

-- An author's row (authors.id) is "<source>:<author id>" whenever the mention has an author
-- id (store/mentions.py `author_key`), and a daily row without an author id counts no author.
ALTER TABLE daily_authors ADD COLUMN author_number INTEGER;
UPDATE daily_authors SET author_number = a.number
FROM authors a
WHERE daily_authors.author_id IS NOT NULL AND a.id = daily_authors.source || ':' || daily_authors.author_id;
