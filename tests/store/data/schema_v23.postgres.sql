SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;
CREATE FUNCTION public._any_value_step(state anyelement, value anyelement) RETURNS anyelement
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT coalesce(state, value) $$;
CREATE FUNCTION public.array_distinct(a anyarray) RETURNS anyarray
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT array(SELECT DISTINCT x FROM unnest(a) x WHERE x IS NOT NULL) $$;
CREATE FUNCTION public.author_key(source text, author_id text, author text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT source || ':' || coalesce(author_id, lower(author)) $$;
CREATE FUNCTION public.cardinality(t text) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT char_length(t) $$;
CREATE FUNCTION public.content_state(state text, expires_at timestamp with time zone, as_of timestamp with time zone) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
    SELECT CASE WHEN state = 'approved' AND expires_at IS NOT NULL AND expires_at <= as_of THEN 'expired'
                ELSE state END $$;
CREATE FUNCTION public.corrected_compound(label text, scored double precision) RETURNS double precision
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
    SELECT CASE
        WHEN label = 'positive' THEN CASE WHEN scored >= 0.05 THEN scored ELSE 0.5 END
        WHEN label = 'negative' THEN CASE WHEN scored <= -0.05 THEN scored ELSE -0.5 END
        ELSE CASE WHEN scored > -0.05 AND scored < 0.05 THEN scored ELSE 0.0 END
    END $$;
CREATE FUNCTION public.employee_state(opted_in_at timestamp with time zone, withdrawn_at timestamp with time zone) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
    SELECT CASE WHEN withdrawn_at IS NOT NULL THEN 'withdrawn'
                WHEN opted_in_at IS NOT NULL THEN 'enrolled'
                ELSE 'invited' END $$;
CREATE FUNCTION public.epoch(t timestamp with time zone) RETURNS double precision
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT extract(epoch FROM t)::double precision $$;
CREATE FUNCTION public.epoch_us(t timestamp with time zone) RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT (extract(epoch FROM t) * 1000000)::bigint $$;
CREATE FUNCTION public.handle_key(h text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT lower(ltrim(trim(h), '@')) $$;
CREATE FUNCTION public.hash(t text) RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT abs(hashtextextended(t, 13)) $$;
CREATE FUNCTION public.is_own_voice(src text, author text) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
    SELECT EXISTS (SELECT 1 FROM own_handles o WHERE o.source = src AND o.handle = handle_key(author)) $$;
CREATE FUNCTION public.list_intersect(a anyarray, b anyarray) RETURNS anyarray
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT array(SELECT DISTINCT x FROM unnest(a) x WHERE x = ANY(b)) $$;
CREATE FUNCTION public.local_day(zone_name text, instant timestamp with time zone) RETURNS date
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT (instant AT TIME ZONE zone_name)::date $$;
CREATE FUNCTION public.proposal_rank(likes double precision, proposed_at timestamp with time zone, as_of timestamp with time zone) RETURNS double precision
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
    SELECT (likes + 1) * power(0.5, greatest(0, extract(epoch FROM as_of) - extract(epoch FROM proposed_at))
                                    / (7 * 86400.0)) $$;
CREATE FUNCTION public.regexp_extract_all(s text, pattern text, grp integer DEFAULT 0) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
    SELECT coalesce(array_agg(CASE WHEN grp = 0 THEN m[1] ELSE m[grp] END), '{}')
    FROM regexp_matches(s, CASE WHEN grp = 0 THEN '(' || pattern || ')' ELSE pattern END, 'g') m $$;
CREATE FUNCTION public.search_tokens(t text) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $_$
    SELECT coalesce(array_agg(w ORDER BY first), '{}') FROM (
        SELECT w, min(n) AS first
        FROM regexp_split_to_table(strip_accents(lower(t)), '[^[:alnum:]]+') WITH ORDINALITY AS s(w, n)
        WHERE length(w) >= 2 OR w ~ '^[0-9]$'
        GROUP BY w) words $_$;
CREATE FUNCTION public.strip_accents(t text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
    SELECT normalize(regexp_replace(normalize(t, NFD), '[\u0300-\u036f]', '', 'g'), NFC) $$;
CREATE FUNCTION public.to_days(n bigint) RETURNS interval
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT make_interval(days => n::integer) $$;
CREATE FUNCTION public.to_hours(n bigint) RETURNS interval
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT make_interval(hours => n::integer) $$;
CREATE FUNCTION public.to_microseconds(us bigint) RETURNS interval
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT make_interval(secs => us / 1000000.0) $$;
CREATE AGGREGATE public.any_value(anyelement) (
    SFUNC = public._any_value_step,
    STYPE = anyelement
);
SET default_tablespace = '';
SET default_table_access_method = heap;
CREATE TABLE public.advocacy (
    subject_kind text NOT NULL,
    subject_id text NOT NULL,
    window_days integer NOT NULL,
    computed_at timestamp with time zone NOT NULL,
    class text NOT NULL,
    confidence double precision NOT NULL,
    score double precision NOT NULL,
    mentions bigint NOT NULL,
    reach bigint,
    weight double precision,
    shares bigint,
    clicks bigint,
    follow_up text
);
CREATE TABLE public.alerts (
    id text NOT NULL,
    kind text NOT NULL,
    source text NOT NULL,
    starts_at timestamp with time zone NOT NULL,
    ends_at timestamp with time zone NOT NULL,
    observed double precision NOT NULL,
    expected double precision NOT NULL,
    score double precision NOT NULL,
    mention_ids text[] NOT NULL,
    created_at timestamp with time zone NOT NULL
);
CREATE TABLE public.authors (
    id text NOT NULL,
    source text NOT NULL,
    handle text,
    name text,
    followers bigint,
    first_seen timestamp with time zone NOT NULL,
    last_seen timestamp with time zone NOT NULL
);
CREATE SEQUENCE public.corrections_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
CREATE TABLE public.corrections (
    id bigint DEFAULT nextval('public.corrections_id_seq'::regclass) NOT NULL,
    mention_id text NOT NULL,
    label text,
    irrelevant boolean DEFAULT false NOT NULL,
    corrected_by text NOT NULL,
    corrected_at timestamp with time zone NOT NULL,
    CONSTRAINT corrections_check CHECK (((label = ANY (ARRAY['positive'::text, 'neutral'::text, 'negative'::text])) OR ((label IS NULL) AND irrelevant)))
);
CREATE VIEW public.latest_corrections AS
 SELECT DISTINCT ON (corrections.mention_id) corrections.id,
    corrections.mention_id,
    corrections.label,
    corrections.irrelevant,
    corrections.corrected_by,
    corrections.corrected_at
   FROM public.corrections
  ORDER BY corrections.mention_id, corrections.corrected_at DESC, corrections.id DESC;
CREATE TABLE public.mentions (
    id text NOT NULL,
    source text NOT NULL,
    native_id text NOT NULL,
    author text,
    author_id text,
    text text NOT NULL,
    url text,
    created_at timestamp with time zone NOT NULL,
    lang text,
    matched text[] NOT NULL,
    metrics json,
    raw bytea,
    collected_at timestamp with time zone NOT NULL,
    competitors text[] DEFAULT '{}'::text[]
);
CREATE VIEW public.brand_mentions AS
 SELECT m.id,
    m.source,
    m.native_id,
    m.author,
    m.author_id,
    m.text,
    m.url,
    m.created_at,
    m.lang,
    m.matched,
    m.metrics,
    m.raw,
    m.collected_at,
    m.competitors
   FROM public.mentions m
  WHERE (((cardinality(m.matched) > 0) OR (cardinality(COALESCE(m.competitors, '{}'::text[])) = 0)) AND (NOT (m.id IN ( SELECT latest_corrections.mention_id
           FROM public.latest_corrections
          WHERE latest_corrections.irrelevant))));
CREATE TABLE public.clicks (
    id text NOT NULL,
    code text NOT NULL,
    clicked_at timestamp with time zone NOT NULL
);
CREATE TABLE public.employees (
    id text NOT NULL,
    display_name text NOT NULL,
    team text NOT NULL,
    opted_in_at timestamp with time zone,
    withdrawn_at timestamp with time zone,
    named_ok boolean DEFAULT false NOT NULL,
    coaching_ok boolean DEFAULT false NOT NULL,
    purge_after timestamp with time zone,
    email text,
    lang text,
    invited_at timestamp with time zone,
    shares_ok boolean DEFAULT false NOT NULL,
    digest_ok boolean DEFAULT false NOT NULL
);
CREATE VIEW public.enrolled_employees AS
 SELECT employees.id,
    employees.display_name,
    employees.team,
    employees.opted_in_at,
    employees.withdrawn_at,
    employees.named_ok,
    employees.coaching_ok,
    employees.purge_after,
    employees.email,
    employees.lang,
    employees.invited_at,
    employees.shares_ok,
    employees.digest_ok
   FROM public.employees
  WHERE ((employees.opted_in_at IS NOT NULL) AND (employees.withdrawn_at IS NULL));
CREATE VIEW public.coaching_employees AS
 SELECT enrolled_employees.id,
    enrolled_employees.display_name,
    enrolled_employees.team,
    enrolled_employees.opted_in_at,
    enrolled_employees.withdrawn_at,
    enrolled_employees.named_ok,
    enrolled_employees.coaching_ok,
    enrolled_employees.purge_after,
    enrolled_employees.email,
    enrolled_employees.lang,
    enrolled_employees.invited_at,
    enrolled_employees.shares_ok,
    enrolled_employees.digest_ok
   FROM public.enrolled_employees
  WHERE enrolled_employees.coaching_ok;
CREATE VIEW public.competitor_mentions AS
 SELECT unnest(m.competitors) AS competitor,
    m.id,
    m.source,
    m.native_id,
    m.author,
    m.author_id,
    m.text,
    m.url,
    m.created_at,
    m.lang,
    m.matched,
    m.metrics,
    m.raw,
    m.collected_at,
    m.competitors
   FROM public.mentions m
  WHERE ((cardinality(COALESCE(m.competitors, '{}'::text[])) > 0) AND (NOT (m.id IN ( SELECT latest_corrections.mention_id
           FROM public.latest_corrections
          WHERE latest_corrections.irrelevant))));
CREATE SEQUENCE public.consent_events_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
CREATE TABLE public.consent_events (
    id bigint DEFAULT nextval('public.consent_events_id_seq'::regclass) NOT NULL,
    employee_id text NOT NULL,
    changed_at timestamp with time zone NOT NULL,
    event text NOT NULL,
    scopes text[] NOT NULL,
    networks text[] NOT NULL,
    screen text NOT NULL
);
CREATE TABLE public.content (
    id text NOT NULL,
    url text NOT NULL,
    canonical_url text NOT NULL,
    title text NOT NULL,
    summary text,
    lang text,
    published_at timestamp with time zone,
    feed text,
    state text DEFAULT 'proposed'::text NOT NULL,
    tags text[] DEFAULT '{}'::text[] NOT NULL,
    expires_at timestamp with time zone,
    origin text DEFAULT 'feed'::text NOT NULL,
    image_url text,
    mention_id text,
    added_at timestamp with time zone
);
CREATE SEQUENCE public.content_decisions_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
CREATE TABLE public.content_decisions (
    id bigint DEFAULT nextval('public.content_decisions_id_seq'::regclass) NOT NULL,
    content_id text NOT NULL,
    decided_at timestamp with time zone NOT NULL,
    state text NOT NULL,
    decided_by text NOT NULL,
    why text,
    findings json
);
CREATE TABLE public.cursors (
    source text NOT NULL,
    query text NOT NULL,
    state json NOT NULL,
    updated_at timestamp with time zone NOT NULL
);
CREATE TABLE public.daily_authors (
    day date NOT NULL,
    source text NOT NULL,
    own boolean NOT NULL,
    author_id text
);
CREATE TABLE public.daily_counts (
    day date NOT NULL,
    voice text NOT NULL,
    source text NOT NULL,
    lang text,
    label text NOT NULL,
    own boolean NOT NULL,
    mentions bigint NOT NULL,
    sentiment double precision
);
CREATE TABLE public.daily_mentions (
    day date NOT NULL,
    source text NOT NULL,
    lang text,
    matched text[],
    mentions bigint NOT NULL
);
CREATE TABLE public.daily_own_handles (
    source text NOT NULL,
    handle text NOT NULL
);
CREATE TABLE public.scores (
    mention_id text NOT NULL,
    scorer text NOT NULL,
    lang text,
    compound double precision NOT NULL,
    pos double precision NOT NULL,
    neu double precision NOT NULL,
    neg double precision NOT NULL,
    label text NOT NULL,
    brand_compound double precision,
    scored_at timestamp with time zone NOT NULL
);
CREATE VIEW public.sentiment_corrections AS
 SELECT latest_corrections.mention_id,
    latest_corrections.label,
    latest_corrections.corrected_at
   FROM public.latest_corrections
  WHERE (latest_corrections.label IS NOT NULL);
CREATE VIEW public.effective_scores AS
 SELECT s.mention_id,
    s.scorer,
    s.lang,
        CASE
            WHEN (c.label IS NULL) THEN s.compound
            ELSE public.corrected_compound(c.label, s.compound)
        END AS compound,
    s.pos,
    s.neu,
    s.neg,
    COALESCE(c.label, s.label) AS label,
        CASE
            WHEN (c.label IS NULL) THEN s.brand_compound
            ELSE public.corrected_compound(c.label, COALESCE(s.brand_compound, s.compound))
        END AS brand_compound,
    COALESCE(c.corrected_at, s.scored_at) AS scored_at,
    (c.label IS NOT NULL) AS corrected
   FROM (public.scores s
     LEFT JOIN public.sentiment_corrections c ON ((c.mention_id = s.mention_id)));
CREATE VIEW public.daily_voice_rows AS
 SELECT m.id,
    m.created_at,
    m.author_id,
    ''::text AS voice,
    m.source,
    m.lang,
    COALESCE(s.label, 'unscored'::text) AS label,
    public.is_own_voice(m.source, m.author) AS own,
    COALESCE(s.brand_compound, s.compound) AS sentiment
   FROM (public.brand_mentions m
     LEFT JOIN public.effective_scores s ON ((s.mention_id = m.id)))
UNION ALL
 SELECT m.id,
    m.created_at,
    m.author_id,
    m.competitor AS voice,
    m.source,
    m.lang,
    COALESCE(s.label, 'unscored'::text) AS label,
    public.is_own_voice(m.source, m.author) AS own,
    s.compound AS sentiment
   FROM (public.competitor_mentions m
     LEFT JOIN public.effective_scores s ON ((s.mention_id = m.id)));
CREATE TABLE public.daily_zone (
    zone text NOT NULL
);
CREATE TABLE public.deliveries (
    week text NOT NULL,
    team text NOT NULL,
    recipient text NOT NULL,
    status text NOT NULL,
    attempts integer DEFAULT 0 NOT NULL,
    last_error text,
    updated_at timestamp with time zone NOT NULL
);
CREATE VIEW public.sharing_employees AS
 SELECT enrolled_employees.id,
    enrolled_employees.display_name,
    enrolled_employees.team,
    enrolled_employees.opted_in_at,
    enrolled_employees.withdrawn_at,
    enrolled_employees.named_ok,
    enrolled_employees.coaching_ok,
    enrolled_employees.purge_after,
    enrolled_employees.email,
    enrolled_employees.lang,
    enrolled_employees.invited_at,
    enrolled_employees.shares_ok,
    enrolled_employees.digest_ok
   FROM public.enrolled_employees
  WHERE enrolled_employees.shares_ok;
CREATE VIEW public.digest_employees AS
 SELECT sharing_employees.id,
    sharing_employees.display_name,
    sharing_employees.team,
    sharing_employees.opted_in_at,
    sharing_employees.withdrawn_at,
    sharing_employees.named_ok,
    sharing_employees.coaching_ok,
    sharing_employees.purge_after,
    sharing_employees.email,
    sharing_employees.lang,
    sharing_employees.invited_at,
    sharing_employees.shares_ok,
    sharing_employees.digest_ok
   FROM public.sharing_employees
  WHERE sharing_employees.digest_ok;
CREATE TABLE public.digest_posts (
    week text NOT NULL,
    since timestamp with time zone,
    until timestamp with time zone NOT NULL,
    items integer NOT NULL,
    status text NOT NULL,
    attempts integer DEFAULT 0 NOT NULL,
    last_error text,
    updated_at timestamp with time zone NOT NULL
);
CREATE TABLE public.digest_sends (
    week text NOT NULL,
    employee_id text NOT NULL,
    status text NOT NULL,
    attempts integer DEFAULT 0 NOT NULL,
    last_error text,
    updated_at timestamp with time zone NOT NULL
);
CREATE TABLE public.employee_handles (
    source text NOT NULL,
    handle text NOT NULL,
    employee_id text NOT NULL
);
CREATE VIEW public.employee_authors AS
 SELECT h.employee_id,
    a.id,
    a.source,
    a.handle,
    a.name,
    a.followers,
    a.first_seen,
    a.last_seen
   FROM (public.authors a
     JOIN public.employee_handles h ON (((h.source = a.source) AND (h.handle = public.handle_key(a.handle)))));
CREATE VIEW public.employee_posts AS
 SELECT h.employee_id,
    m.id,
    m.source,
    m.native_id,
    m.author,
    m.author_id,
    m.text,
    m.url,
    m.created_at,
    m.lang,
    m.matched,
    m.metrics,
    m.raw,
    m.collected_at,
    m.competitors
   FROM (public.mentions m
     JOIN public.employee_handles h ON (((h.source = m.source) AND (h.handle = public.handle_key(m.author)))));
CREATE TABLE public.incident_pushes (
    subject_id text NOT NULL,
    channel text NOT NULL,
    push_kind text NOT NULL,
    status text NOT NULL,
    attempts integer DEFAULT 0 NOT NULL,
    last_error text,
    next_attempt_at timestamp with time zone,
    sent_at timestamp with time zone,
    updated_at timestamp with time zone NOT NULL
);
CREATE TABLE public.incidents (
    id text NOT NULL,
    kinds text[] NOT NULL,
    sources text[] NOT NULL,
    alert_ids text[] NOT NULL,
    starts_at timestamp with time zone NOT NULL,
    peak_at timestamp with time zone NOT NULL,
    ends_at timestamp with time zone NOT NULL,
    ongoing boolean NOT NULL,
    severity text NOT NULL,
    score double precision NOT NULL,
    mentions bigint NOT NULL,
    mention_ids text[] NOT NULL,
    drivers json,
    summary_ids text[] NOT NULL,
    first_ids text[] NOT NULL,
    top_followers bigint,
    first_seen_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL
);
CREATE TABLE public.link_hits (
    id text NOT NULL,
    code text NOT NULL,
    hit_at timestamp with time zone NOT NULL,
    kind text NOT NULL,
    ua_class text NOT NULL
);
CREATE TABLE public.mention_tokens (
    token text NOT NULL COLLATE pg_catalog."C",
    created_at timestamp with time zone,
    source text,
    about_brand boolean,
    mention_id text NOT NULL
);
CREATE TABLE public.own_accounts (
    source text NOT NULL,
    handle text NOT NULL
);
CREATE VIEW public.own_handles AS
 SELECT employee_handles.source,
    employee_handles.handle
   FROM public.employee_handles
UNION ALL
 SELECT own_accounts.source,
    own_accounts.handle
   FROM public.own_accounts;
CREATE VIEW public.own_voice AS
 SELECT employee_posts.id AS mention_id,
    'employee'::text AS voice
   FROM public.employee_posts
UNION
 SELECT m.id AS mention_id,
    'company'::text AS voice
   FROM (public.mentions m
     JOIN public.own_accounts o ON (((o.source = m.source) AND (o.handle = public.handle_key(m.author)))));
CREATE TABLE public.proposal_likes (
    proposal_id bigint NOT NULL,
    employee_id text NOT NULL,
    liked_at timestamp with time zone NOT NULL
);
CREATE SEQUENCE public.proposals_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
CREATE TABLE public.proposals (
    id bigint DEFAULT nextval('public.proposals_id_seq'::regclass) NOT NULL,
    employee_id text NOT NULL,
    kind text NOT NULL,
    url text,
    body text,
    proposed_at timestamp with time zone NOT NULL,
    state text DEFAULT 'pending'::text NOT NULL,
    decided_at timestamp with time zone,
    decided_by text,
    why text,
    content_id text
);
CREATE VIEW public.public_mentions AS
 SELECT m.id,
    m.source,
    m.native_id,
    m.author,
    m.author_id,
    m.text,
    m.url,
    m.created_at,
    m.lang,
    m.matched,
    m.metrics,
    m.raw,
    m.collected_at,
    m.competitors
   FROM public.brand_mentions m
  WHERE (NOT (EXISTS ( SELECT 1
           FROM public.own_handles o
          WHERE ((o.source = m.source) AND (o.handle = public.handle_key(m.author))))));
CREATE SEQUENCE public.runs_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
CREATE TABLE public.runs (
    id bigint DEFAULT nextval('public.runs_id_seq'::regclass) NOT NULL,
    job text NOT NULL,
    started_at timestamp with time zone NOT NULL,
    finished_at timestamp with time zone,
    status text NOT NULL,
    items bigint DEFAULT 0 NOT NULL,
    errors bigint DEFAULT 0 NOT NULL,
    message text,
    skipped bigint DEFAULT 0 NOT NULL,
    pid integer,
    host text
);
CREATE TABLE public.schema_version (
    version integer NOT NULL
);
CREATE TABLE public.share_link_tracking (
    code text NOT NULL,
    utm_code text NOT NULL,
    expires_at timestamp with time zone
);
CREATE TABLE public.share_links (
    code text NOT NULL,
    employee_id text NOT NULL,
    content_id text NOT NULL,
    network text NOT NULL,
    created_at timestamp with time zone NOT NULL
);
CREATE TABLE public.shares (
    mention_id text NOT NULL,
    employee_id text NOT NULL,
    content_id text NOT NULL,
    network text NOT NULL,
    code text,
    shared_at timestamp with time zone NOT NULL
);
CREATE VIEW public.sharing_handles AS
 SELECT h.source,
    h.handle,
    h.employee_id
   FROM (public.employee_handles h
     JOIN public.sharing_employees e ON ((e.id = h.employee_id)));
CREATE TABLE public.source_backoff (
    source text NOT NULL,
    failures integer DEFAULT 0 NOT NULL,
    not_before timestamp with time zone,
    updated_at timestamp with time zone NOT NULL
);
CREATE TABLE public.source_reads (
    source text NOT NULL,
    month text NOT NULL,
    reads bigint DEFAULT 0 NOT NULL
);
CREATE TABLE public.volume_counts (
    source text NOT NULL,
    query text NOT NULL,
    hour timestamp with time zone NOT NULL,
    posts bigint NOT NULL,
    fetched_at timestamp with time zone NOT NULL
);
ALTER TABLE ONLY public.advocacy
    ADD CONSTRAINT advocacy_pkey PRIMARY KEY (subject_kind, subject_id);
ALTER TABLE ONLY public.alerts
    ADD CONSTRAINT alerts_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.authors
    ADD CONSTRAINT authors_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.clicks
    ADD CONSTRAINT clicks_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.consent_events
    ADD CONSTRAINT consent_events_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.content_decisions
    ADD CONSTRAINT content_decisions_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.content
    ADD CONSTRAINT content_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.corrections
    ADD CONSTRAINT corrections_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.cursors
    ADD CONSTRAINT cursors_pkey PRIMARY KEY (source, query);
ALTER TABLE ONLY public.deliveries
    ADD CONSTRAINT deliveries_pkey PRIMARY KEY (week, team, recipient);
ALTER TABLE ONLY public.digest_posts
    ADD CONSTRAINT digest_posts_pkey PRIMARY KEY (week);
ALTER TABLE ONLY public.digest_sends
    ADD CONSTRAINT digest_sends_pkey PRIMARY KEY (week, employee_id);
ALTER TABLE ONLY public.employee_handles
    ADD CONSTRAINT employee_handles_pkey PRIMARY KEY (source, handle);
ALTER TABLE ONLY public.employees
    ADD CONSTRAINT employees_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.incident_pushes
    ADD CONSTRAINT incident_pushes_pkey PRIMARY KEY (subject_id, channel, push_kind);
ALTER TABLE ONLY public.incidents
    ADD CONSTRAINT incidents_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.link_hits
    ADD CONSTRAINT link_hits_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.mentions
    ADD CONSTRAINT mentions_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.own_accounts
    ADD CONSTRAINT own_accounts_pkey PRIMARY KEY (source, handle);
ALTER TABLE ONLY public.proposal_likes
    ADD CONSTRAINT proposal_likes_pkey PRIMARY KEY (proposal_id, employee_id);
ALTER TABLE ONLY public.proposals
    ADD CONSTRAINT proposals_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.runs
    ADD CONSTRAINT runs_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.scores
    ADD CONSTRAINT scores_pkey PRIMARY KEY (mention_id);
ALTER TABLE ONLY public.share_link_tracking
    ADD CONSTRAINT share_link_tracking_pkey PRIMARY KEY (code);
ALTER TABLE ONLY public.share_links
    ADD CONSTRAINT share_links_pkey PRIMARY KEY (code);
ALTER TABLE ONLY public.shares
    ADD CONSTRAINT shares_pkey PRIMARY KEY (mention_id);
ALTER TABLE ONLY public.source_backoff
    ADD CONSTRAINT source_backoff_pkey PRIMARY KEY (source);
ALTER TABLE ONLY public.source_reads
    ADD CONSTRAINT source_reads_pkey PRIMARY KEY (source, month);
ALTER TABLE ONLY public.volume_counts
    ADD CONSTRAINT volume_counts_pkey PRIMARY KEY (source, query, hour);
CREATE INDEX alerts_starts_at ON public.alerts USING btree (starts_at);
CREATE INDEX consent_events_employee ON public.consent_events USING btree (employee_id);
CREATE INDEX corrections_mention ON public.corrections USING btree (mention_id);
CREATE INDEX daily_counts_day ON public.daily_counts USING btree (day);
CREATE INDEX daily_mentions_day ON public.daily_mentions USING btree (day);
CREATE INDEX incidents_starts_at ON public.incidents USING btree (starts_at);
CREATE INDEX link_hits_code ON public.link_hits USING btree (code);
CREATE INDEX mention_tokens_mention ON public.mention_tokens USING btree (mention_id);
CREATE INDEX mention_tokens_token_time ON public.mention_tokens USING btree (token, created_at DESC);
CREATE INDEX mentions_created_at ON public.mentions USING btree (created_at);
CREATE INDEX proposals_employee ON public.proposals USING btree (employee_id);
