-- Open311 GeoReport v2 (docs/OPEN311.md): API keys of third-party clients, and what
-- an Open311 request carried that a complaint has no column for.

-- A key acts through its own device row (client_id = key id, platform 'open311'),
-- so a request becomes a complaint through the same push as a resident's.
CREATE TABLE open311_key (
    jurisdiction TEXT NOT NULL,
    id           TEXT NOT NULL,               -- UUID; also the device row's client_id
    name         TEXT NOT NULL,               -- who holds it, e.g. "FixMyStreet Pati"
    key_hash     TEXT NOT NULL,               -- hex SHA-256 of the key; the key itself is never stored
    created_at   INTEGER NOT NULL,
    revoked_at   INTEGER,
    PRIMARY KEY (jurisdiction, id),
    FOREIGN KEY (jurisdiction, id) REFERENCES device(jurisdiction, client_id)
);
CREATE UNIQUE INDEX open311_key_by_hash ON open311_key(key_hash);

-- Contact details are kept for the agency's follow-up and never served by Open311.
CREATE TABLE open311_request (
    jurisdiction TEXT NOT NULL,
    complaint_id TEXT NOT NULL,
    key_id       TEXT NOT NULL,
    first_name   TEXT,
    last_name    TEXT,
    email        TEXT,
    phone        TEXT,
    media_url    TEXT,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (jurisdiction, complaint_id),
    FOREIGN KEY (jurisdiction, complaint_id) REFERENCES complaint(jurisdiction, id)
);

-- servicerequestupdates reads timeline entries by time.
CREATE INDEX complaint_event_by_time ON complaint_event(jurisdiction, at);
