-- PostgreSQL's part of 0011_digest.sql, run after it. PostgreSQL expands a view's `*` once,
-- when it is created (DuckDB at each read): the employees' views take the new column first.
CREATE OR REPLACE VIEW enrolled_employees AS
    SELECT * FROM employees WHERE opted_in_at IS NOT NULL AND withdrawn_at IS NULL;
CREATE OR REPLACE VIEW coaching_employees AS SELECT * FROM enrolled_employees WHERE coaching_ok;
CREATE OR REPLACE VIEW sharing_employees AS SELECT * FROM enrolled_employees WHERE shares_ok;

-- Enrolled with the shares scope and the digest scope: who receives the digest.
CREATE VIEW digest_employees AS SELECT * FROM sharing_employees WHERE digest_ok;
