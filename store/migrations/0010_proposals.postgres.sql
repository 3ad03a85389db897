-- PostgreSQL's part of 0010_proposals.sql, run before it: the rank macro of
-- 0010_proposals.duckdb.sql as an SQL function.
CREATE FUNCTION proposal_rank(likes double precision, proposed_at timestamptz, as_of timestamptz)
    RETURNS double precision LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT (likes + 1) * power(0.5, greatest(0, extract(epoch FROM as_of) - extract(epoch FROM proposed_at))
                                    / (7 * 86400.0)) $$;
