-- Version 4: a smaller, cheaper search index.
-- Names, keywords and summaries are now scored from memory (core/src/search/head.rs),
-- so this table serves the second pass (every column) and the typo vocabulary only:
-- - contentless (content='', contentless_delete=1): nothing reads the indexed text
--   back, rows are keyed by the service's rowid, and storing a copy was a third of
--   the writes of a sync;
-- - no prefix indexes: prefixes of the word being typed are matched in memory;
--   the second pass scans the term range instead, and indexing every word three
--   times (word, 2- and 3-letter prefixes) cost ~30 % of applying 10k services.
-- The analyzer version bump in core/src/search makes the next open reindex.
DROP TABLE service_vocab;
DROP TABLE service_fts;
CREATE VIRTUAL TABLE service_fts USING fts5(
    name,
    keywords,
    summary,
    body,
    tokenize = 'unicode61 remove_diacritics 2',
    content = '',
    contentless_delete = 1
);
CREATE VIRTUAL TABLE service_vocab USING fts5vocab(service_fts, 'row');
