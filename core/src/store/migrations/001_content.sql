-- Version 1: settings and the server-owned content cache.
-- Each content table keeps the full item as JSON (`data`) plus the columns its
-- queries filter and sort on. `version` is the server's change version.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE jurisdiction (
    id      TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    data    TEXT NOT NULL
) STRICT;

CREATE TABLE agency (
    id      TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    data    TEXT NOT NULL
) STRICT;

CREATE TABLE service_category (
    id         TEXT PRIMARY KEY,
    sort_order INTEGER NOT NULL,
    version    INTEGER NOT NULL,
    data       TEXT NOT NULL
) STRICT;

CREATE TABLE service (
    id             TEXT PRIMARY KEY,
    category       TEXT NOT NULL,
    agency         TEXT NOT NULL,
    featured_order INTEGER,
    name           TEXT NOT NULL,
    version        INTEGER NOT NULL,
    data           TEXT NOT NULL
) STRICT;
CREATE INDEX service_by_category ON service(category, name);
CREATE INDEX service_by_agency ON service(agency, name);

CREATE TABLE complaint_category (
    id         TEXT PRIMARY KEY,
    agency     TEXT NOT NULL,
    sort_order INTEGER NOT NULL,
    version    INTEGER NOT NULL,
    data       TEXT NOT NULL
) STRICT;

CREATE TABLE news (
    id           TEXT PRIMARY KEY,
    published_at TEXT NOT NULL,
    version      INTEGER NOT NULL,
    data         TEXT NOT NULL
) STRICT;
CREATE INDEX news_by_date ON news(published_at DESC, id);

CREATE TABLE kecamatan (
    code    TEXT PRIMARY KEY,
    name    TEXT NOT NULL,
    version INTEGER NOT NULL
) STRICT;

CREATE TABLE desa (
    code      TEXT PRIMARY KEY,
    kecamatan TEXT NOT NULL,
    name      TEXT NOT NULL,
    kind      TEXT NOT NULL,
    version   INTEGER NOT NULL
) STRICT;
CREATE INDEX desa_by_kecamatan ON desa(kecamatan, name);

CREATE TABLE synonym_group (
    key     TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    data    TEXT NOT NULL
) STRICT;
