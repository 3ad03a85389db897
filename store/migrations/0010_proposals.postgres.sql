-- PostgreSQL's 0010_proposals.sql (the rank macro as an SQL function).
-- Employees' proposals (a link to share, or a short idea) and colleagues' likes.
-- A proposal is pending until the comms team approves or declines it, with a reason that
-- the proposer sees. An approved link becomes a library item (content_id), governed as any other.
CREATE SEQUENCE proposals_id_seq;
CREATE TABLE proposals (
    id          BIGINT PRIMARY KEY DEFAULT nextval('proposals_id_seq'),
    employee_id TEXT NOT NULL,              -- who proposed it (erased with them)
    kind        TEXT NOT NULL,              -- link | idea
    url         TEXT,                       -- kind link: an http(s) URL
    body        TEXT,                       -- kind link: the optional note; kind idea: the idea
    proposed_at TIMESTAMPTZ NOT NULL,
    state       TEXT NOT NULL DEFAULT 'pending',   -- pending | approved | declined
    decided_at  TIMESTAMPTZ,
    decided_by  TEXT,
    why         TEXT,                       -- the reason the proposer sees
    content_id  TEXT                        -- the library item an approved link became
);
CREATE INDEX proposals_employee ON proposals (employee_id);

-- One like per colleague and proposal.
CREATE TABLE proposal_likes (
    proposal_id BIGINT NOT NULL,
    employee_id TEXT NOT NULL,
    liked_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (proposal_id, employee_id)
);

-- Rank of a proposal for the comms team's queue: likes and freshness, defined once.
-- (likes + 1) halved every 7 days of age: a fresh proposal without likes outranks a
-- two-week-old one with two likes; a liked one of the same day outranks both.
CREATE FUNCTION proposal_rank(likes double precision, proposed_at timestamptz, as_of timestamptz)
    RETURNS double precision LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT (likes + 1) * power(0.5, greatest(0, extract(epoch FROM as_of) - extract(epoch FROM proposed_at))
                                    / (7 * 86400.0)) $$;
