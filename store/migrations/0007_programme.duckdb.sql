-- DuckDB's part of 0007_programme.sql, run before it: the programme's rules as macros.

-- invited | enrolled | withdrawn: the one definition of an employee's state.
CREATE MACRO employee_state(opted_in_at, withdrawn_at) AS
    CASE WHEN withdrawn_at IS NOT NULL THEN 'withdrawn'
         WHEN opted_in_at IS NOT NULL THEN 'enrolled'
         ELSE 'invited' END;

-- An item's state at time `as_of`: an approved item past its expiry is expired.
CREATE MACRO content_state(state, expires_at, as_of) AS
    CASE WHEN state = 'approved' AND expires_at IS NOT NULL AND expires_at <= as_of THEN 'expired'
         ELSE state END;
