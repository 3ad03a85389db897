-- Deliveries of the managers' weekly files: one row per week, team and recipient, so a file is
-- never sent twice and a failed delivery is retried and reported.
CREATE TABLE deliveries (
    week        VARCHAR NOT NULL,              -- "YYYY-Www"
    team        VARCHAR NOT NULL,
    recipient   VARCHAR NOT NULL,              -- a manager's address from [exports] managers
    status      VARCHAR NOT NULL,              -- sent | failed
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  VARCHAR,
    updated_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (week, team, recipient)
);
