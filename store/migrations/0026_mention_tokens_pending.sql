-- The word index's queue (issue 17): mentions stored but not yet in `mention_tokens`. Ingest
-- writes one narrow row per new mention here instead of its ~17 index rows; an index pass
-- (store/search.py `index_pending`) moves them into `mention_tokens` in big sorted batches, in
-- short transactions, and deletes them here. A mention is in the index or here, never both;
-- rows go with their mention (purge, erasure). The explorer's search reads the index and this
-- queue, which carries what a search of it reads, so that no queued mention is read whole:
--   created_at, source, about_brand  as in `mention_tokens` (0023): window, sources, brand rule;
--   folded       the author and text as `search_tokens` folds them before splitting them into
--                words (strip_accents(lower(author || ' ' || text))): a word starts one of the
--                mention's indexed words exactly when it starts a run of letters and digits here;
--   collected_at the mention's: the pass reads the queued mentions' text from the row groups
--                stored since (mentions are appended as collected).
-- PostgreSQL has no word index (0024): its table stays empty, as `mention_tokens` does.
CREATE TABLE mention_tokens_pending (
    mention_id   VARCHAR NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    source       VARCHAR NOT NULL,
    about_brand  BOOLEAN NOT NULL,
    folded       VARCHAR NOT NULL,
    collected_at TIMESTAMPTZ NOT NULL
);
