-- DuckDB's part of 0028_sample_key.sql, run before it.
--
-- A mention's sample key: its id's hash in [0, 1e6), the number store/voice.py samples the
-- topics by (a mention is read when its key is under the kept share of 1e6). Stored, it never
-- changes with the id's hash function (a DuckDB upgrade would otherwise draw a new sample), and
-- the scan compares one integer per row. Every writer of the mentions sets it with this macro:
-- the insert (store/mentions.py `_insert_batch`) and the copy into DuckDB (store/copy.py).
CREATE MACRO sample_key(id) AS CAST(hash(id) % 1000000 AS INTEGER);

-- Back-filled once here, for the mentions stored before; NOT NULL from migration 0029 on (DuckDB
-- refuses the constraint in the transaction that updated the rows).
ALTER TABLE mentions ADD COLUMN sample_key INTEGER;
UPDATE mentions SET sample_key = sample_key(id);
