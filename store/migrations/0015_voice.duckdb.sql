-- DuckDB's part of 0015_voice.sql, run before it.

-- A corrected label's value on the compound scale: the scorer's own value when it already
-- falls in the corrected class (its strength is kept), else the middle of that class.
CREATE MACRO corrected_compound(label, scored) AS CASE
    WHEN label = 'positive' THEN CASE WHEN scored >= 0.05 THEN scored ELSE 0.5 END
    WHEN label = 'negative' THEN CASE WHEN scored <= -0.05 THEN scored ELSE -0.5 END
    ELSE CASE WHEN scored > -0.05 AND scored < 0.05 THEN scored ELSE 0.0 END
END;
