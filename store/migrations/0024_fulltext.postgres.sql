-- The explorer's search on PostgreSQL: PostgreSQL's own full-text search (DuckDB keeps its
-- word index of 0017/0023; see store/search.py). Each mention's words are its text in its
-- language's configuration (french for 'fr', english for 'en', simple otherwise: stemmed, so
-- "livraisons" finds "livraison" and "manger" finds "mangions") and its author's handle in the
-- simple one (a handle is no word of a language). Accents and ligatures are folded by the
-- `unaccent` dictionary before the stemmer in every configuration ("decue", "DÉÇUE", "coeur"
-- find "déçue" and "cœur"), on the mentions and on the searches alike. Folding first costs
-- the stemmer some forms ("arrivées" is stemmed "arrive", "arrivé" "arriv"): prefixes find most.
--
-- Kept by PostgreSQL itself: a stored generated column `search_vector`, which every insert
-- and update of a mention computes, under a GIN index. Measured against a GIN index on the
-- expression alone (bench/bench_search.py --pg, 50,000 mentions): 8 % slower ingest, a larger table, but
-- a common word's search there recomputed to_tsvector for every row the planner scanned
-- (1.6 s at 20,000 mentions where the column reads in milliseconds). Adding the column
-- rewrites the mentions once, at this migration. The views (brand_mentions…) keep their
-- columns: the explorer reads the column from `mentions` (store/search.py).
-- `unaccent` is a trusted contrib extension (PostgreSQL ≥ 13: a database owner may create it;
-- Debian's postgresql package ships it). It goes in its own schema, so that the demo's fresh
-- start, which drops every function of the current schema, leaves the extension's alone.
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'unaccent') THEN
        RAISE EXCEPTION 'the PostgreSQL extension "unaccent" is not installed on the server '
            '(it ships with PostgreSQL''s contrib modules: Debian''s postgresql package, '
            'postgresql-contrib elsewhere); the explorer''s search needs it';
    END IF;
END $$;
CREATE SCHEMA IF NOT EXISTS ambassade_ext;
CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA ambassade_ext;

-- The three configurations, copies of PostgreSQL's with unaccent before the stemmer. Names
-- and the dictionary are written schema-qualified into the functions below: index expressions
-- are evaluated with a safe search_path during maintenance (ANALYZE, REINDEX, restores).
-- Created only if missing: the demo's fresh start drops tables and functions, not these.
DO $$
DECLARE
    here text := quote_ident(current_schema());
    dict text;
    cfg record;
BEGIN
    SELECT quote_ident(n.nspname) || '.unaccent' INTO dict
    FROM pg_ts_dict d JOIN pg_namespace n ON n.oid = d.dictnamespace WHERE d.dictname = 'unaccent' LIMIT 1;
    FOR cfg IN SELECT * FROM (VALUES ('ambassade_french', 'french', 'french_stem'),
                                     ('ambassade_english', 'english', 'english_stem'),
                                     ('ambassade_simple', 'simple', 'simple')) AS c(name, copy, stem)
    LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = cfg.name
                       AND cfgnamespace = current_schema()::regnamespace) THEN
            EXECUTE format('CREATE TEXT SEARCH CONFIGURATION %s.%I (COPY = pg_catalog.%I)', here, cfg.name, cfg.copy);
            EXECUTE format('ALTER TEXT SEARCH CONFIGURATION %s.%I ALTER MAPPING FOR word, hword, hword_part '
                           'WITH %s, pg_catalog.%I', here, cfg.name, dict, cfg.stem);
            EXECUTE format('ALTER TEXT SEARCH CONFIGURATION %s.%I ALTER MAPPING FOR numword, numhword, '
                           'hword_numpart WITH %s, pg_catalog.simple', here, cfg.name, dict);
        END IF;
    END LOOP;

    -- What is searched of a mention (inlined by the planner: the index matches the expression).
    -- Anything that is not a letter or a digit separates words first, as DuckDB's index splits
    -- them: PostgreSQL's parser keeps "paul.fontaine", "lemoine.fr" or "x.example/1" whole,
    -- where a user searching "fontaine" expects the handle. A tsvector holds at most 1 MB: the
    -- first 100,000 characters of a text are searched (a long article; a 1 MB hostile text
    -- would otherwise fail its whole collector page).
    EXECUTE format($f$
        CREATE OR REPLACE FUNCTION %1$s.mention_search_vector(lang text, author text, body text) RETURNS tsvector
            LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $b$
            SELECT pg_catalog.to_tsvector(CASE lang WHEN 'fr' THEN %2$L::regconfig WHEN 'en' THEN %3$L::regconfig
                                                    ELSE %4$L::regconfig END,
                                          pg_catalog.regexp_replace(pg_catalog.left(coalesce(body, ''), 100000),
                                                                    '[^[:alnum:]]+', ' ', 'g'))
                   OPERATOR(pg_catalog.||) pg_catalog.to_tsvector(%4$L::regconfig,
                                          pg_catalog.regexp_replace(pg_catalog.left(coalesce(author, ''), 1000),
                                                                    '[^[:alnum:]]+', ' ', 'g'))
            $b$ $f$,
        here, here || '.ambassade_french', here || '.ambassade_english', here || '.ambassade_simple');

    -- A search's words (store/search.py folds and splits them: letters and digits only) as one
    -- query: every word the start of a word, all of them, in each configuration (a mention
    -- matches in its own: the search has no language). A stop word ("le", "the") drops out of
    -- the configurations that have it and stays in `simple`.
    EXECUTE format($f$
        CREATE OR REPLACE FUNCTION %1$s.search_query(words text[]) RETURNS tsquery
            LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $b$
            SELECT pg_catalog.to_tsquery(%2$L::regconfig, q) OPERATOR(pg_catalog.||)
                   pg_catalog.to_tsquery(%3$L::regconfig, q) OPERATOR(pg_catalog.||)
                   pg_catalog.to_tsquery(%4$L::regconfig, q)
            FROM (SELECT pg_catalog.string_agg(w || ':*', ' & ') AS q FROM pg_catalog.unnest(words) AS w
                  WHERE w OPERATOR(pg_catalog.~) '^[[:alnum:]]+$') AS s $b$ $f$,
        here, here || '.ambassade_french', here || '.ambassade_english', here || '.ambassade_simple');

    -- `@@` as a function: the store's SQL is DuckDB's dialect, translated (store/dialect.py),
    -- and that dialect has no such operator. Inlined, it is the operator on the indexed column.
    EXECUTE format($f$
        CREATE OR REPLACE FUNCTION %1$s.search_match(vector tsvector, query tsquery) RETURNS boolean
            LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $b$ SELECT vector OPERATOR(pg_catalog.@@) query $b$ $f$, here);

    -- The same as a plain function call, which no index answers: the other words of a search
    -- filter the rows that its rarest word found in the index (store/search.py), where the
    -- index would intersect each word's whole posting list (a common prefix: most mentions).
    EXECUTE format($f$
        CREATE OR REPLACE FUNCTION %1$s.search_filter(vector tsvector, query tsquery) RETURNS boolean
            LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $b$ SELECT pg_catalog.ts_match_vq(vector, query) $b$ $f$, here);

    -- A search's rarest word by the column's own statistics (ANALYZE, autovacuum's, keeps its
    -- most common lexemes with their frequencies): a word's share is the largest, over its
    -- forms (as typed, and its stem in each configuration: "lemoine" is indexed "lemoin"), of
    -- the shares of the common lexemes that the form starts; a word that starts none is rare.
    EXECUTE format($f$
        CREATE OR REPLACE FUNCTION %1$s.search_rarest(words text[]) RETURNS text
            LANGUAGE sql STABLE PARALLEL SAFE AS $b$
            SELECT s.w FROM pg_catalog.unnest(words) WITH ORDINALITY AS s(w, n)
            ORDER BY coalesce((
                SELECT pg_catalog.max((
                    SELECT pg_catalog.sum(e.f) FROM pg_catalog.pg_stats st,
                           ROWS FROM (pg_catalog.unnest(st.most_common_elems::text::text[]),
                                      pg_catalog.unnest(st.most_common_elem_freqs)) AS e(lexeme, f)
                    WHERE st.schemaname = %2$L AND st.tablename = 'mentions' AND st.attname = 'search_vector'
                      AND pg_catalog.starts_with(e.lexeme, form)))
                FROM pg_catalog.unnest(pg_catalog.array_append(pg_catalog.tsvector_to_array(
                         pg_catalog.to_tsvector(%3$L::regconfig, s.w) OPERATOR(pg_catalog.||)
                         pg_catalog.to_tsvector(%4$L::regconfig, s.w)), s.w)) AS form), 0),
                s.n
            LIMIT 1 $b$ $f$, here, current_schema(), here || '.ambassade_french', here || '.ambassade_english');
END $$;

ALTER TABLE mentions ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (mention_search_vector(lang, author, text)) STORED;
CREATE INDEX mentions_search ON mentions USING gin (search_vector);

-- The word index is no longer filled here (store/search.py `index_batch`): its rows and its
-- B-trees go. The empty table stays, so that retention and erasure (store/retention.py) and
-- row counts run the same statements on both engines.
TRUNCATE mention_tokens;
DROP INDEX IF EXISTS mention_tokens_token_time;
DROP INDEX IF EXISTS mention_tokens_mention;
