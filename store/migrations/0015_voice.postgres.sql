-- PostgreSQL's part of 0015_voice.sql, run before it: the macro of 0015_voice.duckdb.sql as
-- an SQL function.
CREATE FUNCTION corrected_compound(label text, scored double precision) RETURNS double precision
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN label = 'positive' THEN CASE WHEN scored >= 0.05 THEN scored ELSE 0.5 END
        WHEN label = 'negative' THEN CASE WHEN scored <= -0.05 THEN scored ELSE -0.5 END
        ELSE CASE WHEN scored > -0.05 AND scored < 0.05 THEN scored ELSE 0.0 END
    END $$;
