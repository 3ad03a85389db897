-- PostgreSQL's part of 0007_programme.sql, run before it: the programme's rules as SQL
-- functions (see the macros of 0007_programme.duckdb.sql).
CREATE FUNCTION employee_state(opted_in_at timestamptz, withdrawn_at timestamptz) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN withdrawn_at IS NOT NULL THEN 'withdrawn'
                WHEN opted_in_at IS NOT NULL THEN 'enrolled'
                ELSE 'invited' END $$;

CREATE FUNCTION content_state(state text, expires_at timestamptz, as_of timestamptz) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN state = 'approved' AND expires_at IS NOT NULL AND expires_at <= as_of THEN 'expired'
                ELSE state END $$;
