-- Tracked share links (issue 11): what a link adds to share_links, and every hit of the redirector.

-- Per link: the opaque utm_content code (distinct from the /l/ code, see README "Share links")
-- and when it stops redirecting. Links minted before this migration have no row: they
-- redirect with utm_content = their /l/ code and never expire.
CREATE TABLE share_link_tracking (
    code        VARCHAR PRIMARY KEY,           -- share_links.code
    utm_code    VARCHAR NOT NULL,              -- opaque, random, reveals no name
    expires_at  TIMESTAMPTZ                    -- NULL: never
);

-- Every request the redirector answered with a 302, as ingested from its spool (idempotent
-- on id). kind: 'human' (counted; the same row is in `clicks`), 'bot' (link-preview
-- fetchers, crawlers, HEAD requests), 'repeat' (the same visitor again within
-- [links] dedupe_minutes). No IP, no user agent: only its coarse class.
CREATE TABLE link_hits (
    id        VARCHAR PRIMARY KEY,             -- the spool's click id
    code      VARCHAR NOT NULL,
    hit_at    TIMESTAMPTZ NOT NULL,
    kind      VARCHAR NOT NULL,                -- human | bot | repeat
    ua_class  VARCHAR NOT NULL                 -- desktop | mobile | bot | other
);
CREATE INDEX link_hits_code ON link_hits (code);
