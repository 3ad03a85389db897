-- DuckDB's part of 0015_voice.sql, run after it (a macro is bound to the views it reads).

-- Our own voice: a post by a handle in own_handles, the rule as a macro.
CREATE MACRO is_own_voice(src, author) AS
    EXISTS (SELECT 1 FROM own_handles o WHERE o.source = src AND o.handle = handle_key(author));

-- Public mentions of the brand: what the overview, alerts, share of voice and the public
-- advocacy classes count by default; our own voice is shown only when asked for.
CREATE VIEW public_mentions AS
    SELECT m.* FROM brand_mentions m WHERE NOT is_own_voice(m.source, m.author);
