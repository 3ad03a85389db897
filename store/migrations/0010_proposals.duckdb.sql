-- DuckDB's part of 0010_proposals.sql, run before it.

-- Rank of a proposal for the comms team's queue: likes and freshness, defined once.
-- (likes + 1) halved every 7 days of age: a fresh proposal without likes outranks a
-- two-week-old one with two likes; a liked one of the same day outranks both.
CREATE MACRO proposal_rank(likes, proposed_at, as_of) AS
    (likes + 1) * pow(0.5, greatest(0, epoch(as_of) - epoch(proposed_at)) / (7 * 86400.0));
