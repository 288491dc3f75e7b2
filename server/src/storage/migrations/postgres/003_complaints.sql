-- Version 3: device accounts, complaints with their append-only events, supports,
-- rejections of mutations, photo uploads and blobs, and the holiday calendar.
-- Every key starts with the jurisdiction, so the tables can be sharded by it (Citus).

CREATE TABLE device (
    jurisdiction      TEXT NOT NULL,
    client_id         TEXT NOT NULL,           -- UUID chosen by the installation
    platform          TEXT NOT NULL,
    app_version       TEXT NOT NULL,
    refresh_hash      TEXT NOT NULL,           -- hex SHA-256 of the current refresh token
    prev_refresh_hash TEXT,                    -- the one before, valid until the current is used
    older_refresh_hash TEXT,                   -- a current replaced unused (duplicated refresh), see refresh_device
    last_seq          BIGINT NOT NULL DEFAULT 0,
    phone             TEXT,                    -- verified phone (+62...), NULL if none
    phone_verified_at BIGINT,
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL,
    PRIMARY KEY (jurisdiction, client_id)
);

CREATE TABLE access_token (
    jurisdiction TEXT NOT NULL,
    token_hash   TEXT NOT NULL,                -- hex SHA-256 of the opaque bearer token
    client_id    TEXT NOT NULL,
    expires_at   BIGINT NOT NULL,
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
    attempts     BIGINT NOT NULL DEFAULT 0,    -- wrong codes so far; dead at 5
    expires_at   BIGINT NOT NULL,
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (jurisdiction, client_id),
    FOREIGN KEY (jurisdiction, client_id) REFERENCES device(jurisdiction, client_id) ON DELETE CASCADE
);

-- One row per jurisdiction, locked (updated) inside every transaction that changes a
-- complaint or adds a rejection: versions then become visible in commit order.
CREATE TABLE complaint_counter (
    jurisdiction TEXT PRIMARY KEY,
    version      BIGINT NOT NULL DEFAULT 0,
    tracking     BIGINT NOT NULL DEFAULT 0     -- last tracking number handed out
);

CREATE TABLE complaint (
    jurisdiction    TEXT NOT NULL,
    id              TEXT NOT NULL,             -- the device's UUIDv7
    tracking_number TEXT NOT NULL,
    category        TEXT NOT NULL,
    agency          TEXT,
    title           TEXT NOT NULL,
    description     TEXT NOT NULL,
    lat             DOUBLE PRECISION,
    lon             DOUBLE PRECISION,
    kecamatan       TEXT,
    desa            TEXT,
    address         TEXT,
    anonymous       BOOLEAN NOT NULL,
    confidential    BOOLEAN NOT NULL,
    status          TEXT NOT NULL CHECK (status IN
                    ('received','verified','assigned','in_progress','resolved','closed','rejected')),
    reporter_device TEXT NOT NULL,
    reporter_phone  TEXT,                      -- verified phone at filing; NULL when anonymous
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    due_at          BIGINT,
    resolved_at     BIGINT,
    reopen_until    BIGINT,
    rated           BOOLEAN NOT NULL DEFAULT FALSE,
    support_count   BIGINT NOT NULL DEFAULT 0,
    version         BIGINT NOT NULL,
    PRIMARY KEY (jurisdiction, id),
    UNIQUE (jurisdiction, tracking_number),
    UNIQUE (jurisdiction, version)
);
CREATE INDEX complaint_by_device ON complaint(jurisdiction, reporter_device, version);
CREATE INDEX complaint_by_phone ON complaint(jurisdiction, reporter_phone, version) WHERE reporter_phone IS NOT NULL;
CREATE INDEX complaint_public ON complaint(jurisdiction, created_at DESC, id DESC) WHERE NOT confidential;
CREATE INDEX complaint_by_category ON complaint(jurisdiction, category, desa);
CREATE INDEX complaint_by_status ON complaint(jurisdiction, status, agency);

CREATE TABLE complaint_event (
    jurisdiction TEXT NOT NULL,
    id           TEXT NOT NULL,
    complaint_id TEXT NOT NULL,
    seq          BIGINT GENERATED ALWAYS AS IDENTITY, -- order of appending
    at           BIGINT NOT NULL,
    kind         TEXT NOT NULL,
    actor        TEXT NOT NULL,                -- resident | agency | coordinator | system
    actor_name   TEXT,                         -- console username; never sent to residents
    status       TEXT,
    agency       TEXT,
    text         TEXT,
    rating       SMALLINT,
    internal     BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (jurisdiction, id),
    FOREIGN KEY (jurisdiction, complaint_id) REFERENCES complaint(jurisdiction, id)
);
CREATE INDEX complaint_event_by_complaint ON complaint_event(jurisdiction, complaint_id, seq);

CREATE FUNCTION pati_complaint_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'complaint_event is append-only';
END
$$;
CREATE TRIGGER complaint_event_no_change BEFORE UPDATE OR DELETE ON complaint_event
    FOR EACH ROW EXECUTE FUNCTION pati_complaint_event_append_only();

CREATE TABLE complaint_photo (
    jurisdiction TEXT NOT NULL,
    complaint_id TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    position     BIGINT NOT NULL,
    PRIMARY KEY (jurisdiction, complaint_id, sha256),
    FOREIGN KEY (jurisdiction, complaint_id) REFERENCES complaint(jurisdiction, id)
);
CREATE INDEX complaint_photo_by_blob ON complaint_photo(jurisdiction, sha256);

CREATE TABLE complaint_support (
    jurisdiction TEXT NOT NULL,
    complaint_id TEXT NOT NULL,
    client_id    TEXT NOT NULL,
    at           BIGINT NOT NULL,
    PRIMARY KEY (jurisdiction, complaint_id, client_id),
    FOREIGN KEY (jurisdiction, complaint_id) REFERENCES complaint(jurisdiction, id)
);

CREATE TABLE rejection (
    jurisdiction TEXT NOT NULL,
    client_id    TEXT NOT NULL,
    seq          BIGINT NOT NULL,
    mutation     TEXT NOT NULL,
    entity_id    TEXT,
    code         TEXT NOT NULL,
    field        TEXT,
    message      TEXT NOT NULL,
    version      BIGINT NOT NULL,
    at           BIGINT NOT NULL,
    PRIMARY KEY (jurisdiction, client_id, seq),
    UNIQUE (jurisdiction, version)
);
CREATE INDEX rejection_by_device ON rejection(jurisdiction, client_id, version);

-- Complete, verified photos; the bytes are in the blob store under <jurisdiction>/<sha256>.
CREATE TABLE blob (
    jurisdiction TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    length       BIGINT NOT NULL,
    content_type TEXT NOT NULL,
    width        BIGINT NOT NULL,
    height       BIGINT NOT NULL,
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (jurisdiction, sha256)
);

-- Uploads in progress. Chunks are staged here (not on a replica's disk) so that any
-- replica can continue an upload and a restart loses nothing.
CREATE TABLE upload (
    jurisdiction TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    length       BIGINT NOT NULL,
    received     BIGINT NOT NULL DEFAULT 0,
    client_id    TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    PRIMARY KEY (jurisdiction, sha256)
);

CREATE TABLE upload_chunk (
    jurisdiction TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    "offset"     BIGINT NOT NULL,
    data         BYTEA NOT NULL,
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
