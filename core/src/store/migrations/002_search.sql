-- Version 2: offline search over services.
-- Text columns hold normalized words plus their Indonesian stems (see core/src/search),
-- so "perekaman", "rekam" and the prefix "pereka" all find "Perekaman KTP-el".
CREATE VIRTUAL TABLE service_fts USING fts5(
    id UNINDEXED,
    name,
    keywords,
    summary,
    body,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);
CREATE VIRTUAL TABLE service_vocab USING fts5vocab(service_fts, 'row');
