-- Version 3: the resident's complaints: drafts and their photos, the outbox of
-- mutations, the photo upload queue, the device account, and what the server
-- confirmed. Everything here is personal: `wipe_personal_data` empties it all.

-- One row: this installation's identity on the server. The client id is made once
-- (and again after a wipe); `next_seq` numbers outbox entries 1, 2, 3... and never
-- goes back, even when entries leave the outbox.
CREATE TABLE device_account (
    id                INTEGER PRIMARY KEY CHECK (id = 1),
    client_id         TEXT NOT NULL,
    next_seq          INTEGER NOT NULL DEFAULT 1,
    access_token      TEXT,
    access_expires_at INTEGER,
    refresh_token     TEXT,
    phone             TEXT
) STRICT;

-- A draft belongs to the resident until submitted; its id becomes the complaint id.
CREATE TABLE draft (
    id           TEXT PRIMARY KEY,
    category     TEXT,
    title        TEXT NOT NULL DEFAULT '',
    description  TEXT NOT NULL DEFAULT '',
    lat          REAL,
    lon          REAL,
    kecamatan    TEXT,
    desa         TEXT,
    address      TEXT,
    anonymous    INTEGER NOT NULL DEFAULT 0,
    confidential INTEGER NOT NULL DEFAULT 0,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
) STRICT;

-- Processed photos (re-encoded JPEG, no metadata), content-addressed.
CREATE TABLE photo (
    sha256     TEXT PRIMARY KEY,
    bytes      BLOB NOT NULL,
    width      INTEGER NOT NULL,
    height     INTEGER NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE draft_photo (
    draft_id TEXT NOT NULL REFERENCES draft(id) ON DELETE CASCADE,
    sha256   TEXT NOT NULL REFERENCES photo(sha256),
    position INTEGER NOT NULL,
    PRIMARY KEY (draft_id, sha256)
) STRICT;

-- A submitted complaint as this device knows it. `submitted` is the create
-- mutation's args (JSON) shown until the server's view (`server`, JSON
-- ComplaintView) arrives. `state`: queued | sending | sent | failed.
CREATE TABLE complaint (
    id                TEXT PRIMARY KEY,
    seq               INTEGER,
    state             TEXT NOT NULL,
    tracking_number   TEXT,
    submitted         TEXT NOT NULL,
    server            TEXT,
    rejection_code    TEXT,
    rejection_field   TEXT,
    rejection_message TEXT,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL
) STRICT;
CREATE INDEX complaint_by_created ON complaint(created_at DESC, id);

CREATE TABLE complaint_photo (
    complaint_id TEXT NOT NULL REFERENCES complaint(id) ON DELETE CASCADE,
    sha256       TEXT NOT NULL REFERENCES photo(sha256),
    position     INTEGER NOT NULL,
    PRIMARY KEY (complaint_id, sha256)
) STRICT;

-- The resident's actions on complaints (reply, support, rate, reopen), shown as
-- pending on top of the server's timeline until the server confirms them.
CREATE TABLE complaint_action (
    id                TEXT PRIMARY KEY,
    complaint_id      TEXT NOT NULL,
    kind              TEXT NOT NULL,
    seq               INTEGER,
    text              TEXT,
    rating            INTEGER,
    state             TEXT NOT NULL,
    rejection_code    TEXT,
    rejection_field   TEXT,
    rejection_message TEXT,
    created_at        INTEGER NOT NULL
) STRICT;
CREATE INDEX complaint_action_by_complaint ON complaint_action(complaint_id, created_at);
CREATE INDEX complaint_action_by_seq ON complaint_action(seq);

-- Mutations waiting for the server, in seq order. A row leaves only when the
-- server reports its seq as processed (applied, duplicate or rejected).
CREATE TABLE outbox (
    seq         INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    args        TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    client_time INTEGER NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Photos to upload. `sent` is the offset the server last confirmed; a photo that
-- keeps failing waits for `next_attempt_at` without blocking the others.
CREATE TABLE upload (
    sha256          TEXT PRIMARY KEY REFERENCES photo(sha256),
    size            INTEGER NOT NULL,
    sent            INTEGER NOT NULL DEFAULT 0,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT
) STRICT;

-- Rejections of this device's mutations, from push answers and pulls.
CREATE TABLE rejection (
    seq       INTEGER PRIMARY KEY,
    mutation  TEXT NOT NULL,
    entity_id TEXT,
    code      TEXT NOT NULL,
    field     TEXT,
    message   TEXT NOT NULL
) STRICT;
