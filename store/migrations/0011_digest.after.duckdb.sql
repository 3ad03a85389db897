-- DuckDB's part of 0011_digest.sql, run after it.

-- Enrolled with the shares scope and the digest scope: who receives the digest.
CREATE VIEW digest_employees AS SELECT * FROM sharing_employees WHERE digest_ok;
