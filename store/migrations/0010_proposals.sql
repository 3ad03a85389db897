-- Employees' proposals (a link to share, or a short idea) and colleagues' likes.
-- A proposal is pending until the comms team approves or declines it, with a reason that
-- the proposer sees. An approved link becomes a library item (content_id), governed as any other.
CREATE SEQUENCE proposals_id_seq;
CREATE TABLE proposals (
    id          BIGINT PRIMARY KEY DEFAULT nextval('proposals_id_seq'),
    employee_id VARCHAR NOT NULL,              -- who proposed it (erased with them)
    kind        VARCHAR NOT NULL,              -- link | idea
    url         VARCHAR,                       -- kind link: an http(s) URL
    body        VARCHAR,                       -- kind link: the optional note; kind idea: the idea
    proposed_at TIMESTAMPTZ NOT NULL,
    state       VARCHAR NOT NULL DEFAULT 'pending',   -- pending | approved | declined
    decided_at  TIMESTAMPTZ,
    decided_by  VARCHAR,
    why         VARCHAR,                       -- the reason the proposer sees
    content_id  VARCHAR                        -- the library item an approved link became
);
CREATE INDEX proposals_employee ON proposals (employee_id);

-- One like per colleague and proposal.
CREATE TABLE proposal_likes (
    proposal_id BIGINT NOT NULL,
    employee_id VARCHAR NOT NULL,
    liked_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (proposal_id, employee_id)
);

-- The rank of a proposal in the comms team's queue, proposal_rank, is made first, in each
-- engine's dialect: 0010_proposals.duckdb.sql (a macro), 0010_proposals.postgres.sql.
