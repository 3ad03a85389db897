-- The advocacy programme: opted-in employees, their declared handles, content, shares, clicks.
CREATE TABLE employees (
    id            VARCHAR PRIMARY KEY,         -- opaque, e.g. "emp:claire-m"
    display_name  VARCHAR NOT NULL,
    team          VARCHAR NOT NULL,
    opted_in_at   TIMESTAMPTZ NOT NULL,
    withdrawn_at  TIMESTAMPTZ,                 -- withdrawal stops collection at once
    named_ok      BOOLEAN NOT NULL DEFAULT FALSE,  -- agreed to be named to managers
    coaching_ok   BOOLEAN NOT NULL DEFAULT FALSE,  -- opted into coaching on own brand mentions
    purge_after   TIMESTAMPTZ
);

CREATE TABLE employee_handles (
    source      VARCHAR NOT NULL,
    handle      VARCHAR NOT NULL,              -- lower-case, without "@"
    employee_id VARCHAR NOT NULL,
    PRIMARY KEY (source, handle)
);

CREATE TABLE content (
    id            VARCHAR PRIMARY KEY,         -- "content:<hash of canonical url>"
    url           VARCHAR NOT NULL,
    canonical_url VARCHAR NOT NULL,
    title         VARCHAR NOT NULL,
    summary       VARCHAR,
    lang          VARCHAR,
    published_at  TIMESTAMPTZ,
    feed          VARCHAR
);

CREATE TABLE share_links (
    code        VARCHAR PRIMARY KEY,           -- opaque code in /l/<code>
    employee_id VARCHAR NOT NULL,
    content_id  VARCHAR NOT NULL,
    network     VARCHAR NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE shares (
    mention_id  VARCHAR PRIMARY KEY,           -- the employee's public post
    employee_id VARCHAR NOT NULL,
    content_id  VARCHAR NOT NULL,
    network     VARCHAR NOT NULL,
    code        VARCHAR,                       -- share-link code found in the post, if any
    shared_at   TIMESTAMPTZ NOT NULL
);

CREATE TABLE clicks (
    id         VARCHAR PRIMARY KEY,            -- click id, so a re-ingested spool adds nothing
    code       VARCHAR NOT NULL,
    clicked_at TIMESTAMPTZ NOT NULL
);
