-- Version 3: device accounts, complaints with their append-only events, supports,
-- rejections of mutations, photo uploads and blobs, and the holiday calendar.
-- Every key starts with the jurisdiction, so the tables can be sharded by it .

CREATE TABLE device (
    jurisdiction      TEXT NOT NULL,
    client_id         TEXT NOT NULL,           -- UUID chosen by the installation
    platform          TEXT NOT NULL,
    app_version       TEXT NOT NULL,
    refresh_hash      TEXT NOT NULL,           -- hex SHA-256 of the current refresh token
    prev_refresh_hash TEXT,                    -- the one before, valid until the current is used
    older_refresh_hash TEXT,                   -- a current replaced unused (duplicated refresh), see refresh_device
    last_seq          INTEGER NOT NULL DEFAULT 0,
    phone             TEXT,                    -- verified phone (+62...), NULL if none
    phone_verified_at INTEGER,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    PRIMARY KEY (jurisdiction, client_id)
);

CREATE TABLE access_token (
    jurisdiction TEXT NOT NULL,
    token_hash   TEXT NOT NULL,                -- hex SHA-256 of the opaque bearer token
    client_id    TEXT NOT NULL,
    expires_at   INTEGER NOT NULL,
    PRIMARY KEY (jurisdiction, token_hash),
    FOREIGN KEY (jurisdiction, client_id) REFERENCES device(jurisdiction, client_id) ON DELETE CASCADE
);
CREATE INDEX access_token_by_expiry ON access_token(expires_at);

CREATE TABLE phone_challenge (
    jurisdiction TEXT NOT NULL,
    client_id    TEXT NOT NULL,
    phone        TEXT NOT NULL,
    salt         TEXT NOT NULL,
    code_hash    TEXT NOT NULL,                -- hex SHA-256(salt || code)
    attempts     INTEGER NOT NULL DEFAULT 0,    -- wrong codes so far; dead at 5
    expires_at   INTEGER NOT NULL,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (jurisdiction, client_id),
    FOREIGN KEY (jurisdiction, client_id) REFERENCES device(jurisdiction, client_id) ON DELETE CASCADE
);

-- One row per jurisdiction, locked (updated) inside every transaction that changes a
-- complaint or adds a rejection: versions then become visible in commit order.
CREATE TABLE complaint_counter (
    jurisdiction TEXT PRIMARY KEY,
    version      INTEGER NOT NULL DEFAULT 0,
    tracking     INTEGER NOT NULL DEFAULT 0     -- last tracking number handed out
);

CREATE TABLE complaint (
    jurisdiction    TEXT NOT NULL,
    id              TEXT NOT NULL,             -- the device's UUIDv7
    tracking_number TEXT NOT NULL,
    category        TEXT NOT NULL,
    agency          TEXT,
    title           TEXT NOT NULL,
    description     TEXT NOT NULL,
    lat             REAL,
    lon             REAL,
    kecamatan       TEXT,
    desa            TEXT,
    address         TEXT,
    anonymous       INTEGER NOT NULL,
    confidential    INTEGER NOT NULL,
    status          TEXT NOT NULL CHECK (status IN
                    ('received','verified','assigned','in_progress','resolved','closed','rejected')),
    reporter_device TEXT NOT NULL,
    reporter_phone  TEXT,                      -- verified phone at filing; NULL when anonymous
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    due_at          INTEGER,
    resolved_at     INTEGER,
    reopen_until    INTEGER,
    rated           INTEGER NOT NULL DEFAULT 0,
    support_count   INTEGER NOT NULL DEFAULT 0,
    version         INTEGER NOT NULL,
    PRIMARY KEY (jurisdiction, id),
    UNIQUE (jurisdiction, tracking_number),
    UNIQUE (jurisdiction, version)
);
CREATE INDEX complaint_by_device ON complaint(jurisdiction, reporter_device, version);
CREATE INDEX complaint_by_phone ON complaint(jurisdiction, reporter_phone, version) WHERE reporter_phone IS NOT NULL;
CREATE INDEX complaint_public ON complaint(jurisdiction, created_at DESC, id DESC) WHERE confidential = 0;
CREATE INDEX complaint_by_category ON complaint(jurisdiction, category, desa);
CREATE INDEX complaint_by_status ON complaint(jurisdiction, status, agency);

CREATE TABLE complaint_event (
    jurisdiction TEXT NOT NULL,
    id           TEXT NOT NULL,
    complaint_id TEXT NOT NULL,
    at           INTEGER NOT NULL,
    kind         TEXT NOT NULL,
    actor        TEXT NOT NULL,                -- resident | agency | coordinator | system
    actor_name   TEXT,                         -- console username; never sent to residents
    status       TEXT,
    agency       TEXT,
    text         TEXT,
    rating       INTEGER,
    internal     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (jurisdiction, id),
    FOREIGN KEY (jurisdiction, complaint_id) REFERENCES complaint(jurisdiction, id)
);
-- Events are read in rowid order (the order of appending).
CREATE INDEX complaint_event_by_complaint ON complaint_event(jurisdiction, complaint_id);

CREATE TRIGGER complaint_event_no_update BEFORE UPDATE ON complaint_event
BEGIN SELECT RAISE(ABORT, 'complaint_event is append-only'); END;
CREATE TRIGGER complaint_event_no_delete BEFORE DELETE ON complaint_event
BEGIN SELECT RAISE(ABORT, 'complaint_event is append-only'); END;

CREATE TABLE complaint_photo (
    jurisdiction TEXT NOT NULL,
    complaint_id TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    position     INTEGER NOT NULL,
    PRIMARY KEY (jurisdiction, complaint_id, sha256),
    FOREIGN KEY (jurisdiction, complaint_id) REFERENCES complaint(jurisdiction, id)
);
CREATE INDEX complaint_photo_by_blob ON complaint_photo(jurisdiction, sha256);

CREATE TABLE complaint_support (
    jurisdiction TEXT NOT NULL,
    complaint_id TEXT NOT NULL,
    client_id    TEXT NOT NULL,
    at           INTEGER NOT NULL,
    PRIMARY KEY (jurisdiction, complaint_id, client_id),
    FOREIGN KEY (jurisdiction, complaint_id) REFERENCES complaint(jurisdiction, id)
);

CREATE TABLE rejection (
    jurisdiction TEXT NOT NULL,
    client_id    TEXT NOT NULL,
    seq          INTEGER NOT NULL,
    mutation     TEXT NOT NULL,
    entity_id    TEXT,
    code         TEXT NOT NULL,
    field        TEXT,
    message      TEXT NOT NULL,
    version      INTEGER NOT NULL,
    at           INTEGER NOT NULL,
    PRIMARY KEY (jurisdiction, client_id, seq),
    UNIQUE (jurisdiction, version)
);
CREATE INDEX rejection_by_device ON rejection(jurisdiction, client_id, version);

-- Complete, verified photos; the bytes are in the blob store under <jurisdiction>/<sha256>.
CREATE TABLE blob (
    jurisdiction TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    length       INTEGER NOT NULL,
    content_type TEXT NOT NULL,
    width        INTEGER NOT NULL,
    height       INTEGER NOT NULL,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (jurisdiction, sha256)
);

-- Uploads in progress. Chunks are staged here (not on a replica's disk) so that any
-- replica can continue an upload and a restart loses nothing.
CREATE TABLE upload (
    jurisdiction TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    length       INTEGER NOT NULL,
    received     INTEGER NOT NULL DEFAULT 0,
    client_id    TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    PRIMARY KEY (jurisdiction, sha256)
);

CREATE TABLE upload_chunk (
    jurisdiction TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    "offset"     INTEGER NOT NULL,
    data         BLOB NOT NULL,
    PRIMARY KEY (jurisdiction, sha256, "offset"),
    FOREIGN KEY (jurisdiction, sha256) REFERENCES upload(jurisdiction, sha256) ON DELETE CASCADE
);

-- Public holidays of the content pack, for the working-day SLA clocks.
CREATE TABLE holiday (
    jurisdiction TEXT NOT NULL,
    date         TEXT NOT NULL,                -- YYYY-MM-DD
    name         TEXT NOT NULL,
    PRIMARY KEY (jurisdiction, date)
);
