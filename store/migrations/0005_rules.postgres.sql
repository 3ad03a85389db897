-- PostgreSQL's part of 0005_rules.sql, run before it: the rules as SQL functions (see the
-- macros of 0005_rules.duckdb.sql for the why).
CREATE FUNCTION handle_key(h text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT lower(ltrim(trim(h), '@')) $$;

CREATE FUNCTION author_key(source text, author_id text, author text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT source || ':' || coalesce(author_id, lower(author)) $$;
