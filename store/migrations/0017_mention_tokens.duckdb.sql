-- DuckDB's part of 0017_mention_tokens.sql, run before it: the folding rule as a macro.
CREATE MACRO search_tokens(t) AS
    list_distinct(list_filter(regexp_split_to_array(strip_accents(lower(t)), '[^\p{L}\p{N}]+'),
                              lambda w: length(w) >= 2 OR regexp_matches(w, '^[0-9]$')));
