-- The word index's tail (issue 17): mentions stored but not yet in `mention_tokens`. Ingest
-- writes one narrow row per new mention here instead of its ~17 index rows; an index pass
-- (store/search.py `index_pending`) moves them into `mention_tokens` in big sorted batches, in
-- short transactions, and deletes them here. The explorer's search reads the index and
-- searches this tail's mentions directly, with the same rule: a mention is found right after
-- it is stored, and once. `collected_at` is the mention's, so that reading the tail's
-- mentions skips the row groups stored before it (mentions are appended as collected).
-- A mention is in the index or here, never both; rows go with their mention (purge, erasure).
-- PostgreSQL has no word index (0024): its table stays empty, as `mention_tokens` does.
CREATE TABLE mention_tokens_pending (
    mention_id   VARCHAR NOT NULL,
    collected_at TIMESTAMPTZ NOT NULL
);
