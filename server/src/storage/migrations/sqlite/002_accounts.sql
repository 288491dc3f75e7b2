-- Version 2: console accounts, sessions and the append-only audit log.
-- Every key starts with the jurisdiction, so the tables can be sharded by it.
CREATE TABLE console_user (
    jurisdiction    TEXT NOT NULL,
    id              TEXT NOT NULL,          -- UUIDv7
    username        TEXT NOT NULL,
    display_name    TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (role IN ('koordinator', 'agency_admin', 'viewer')),
    agency          TEXT,                   -- the agency of an agency_admin, NULL otherwise
    password_hash   TEXT NOT NULL,          -- argon2id PHC string
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until    INTEGER,                -- unix seconds
    created_at      INTEGER NOT NULL,       -- unix seconds
    PRIMARY KEY (jurisdiction, id),
    UNIQUE (jurisdiction, username),
    CHECK ((role = 'agency_admin') = (agency IS NOT NULL))
);

CREATE TABLE console_session (
    jurisdiction TEXT NOT NULL,
    token_hash   TEXT NOT NULL,             -- hex SHA-256 of the cookie's random token
    user_id      TEXT NOT NULL,
    csrf_token   TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    PRIMARY KEY (jurisdiction, token_hash),
    FOREIGN KEY (jurisdiction, user_id) REFERENCES console_user(jurisdiction, id) ON DELETE CASCADE
);
CREATE INDEX console_session_by_expiry ON console_session(expires_at);

CREATE TABLE audit_log (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    jurisdiction TEXT NOT NULL,
    at           INTEGER NOT NULL,          -- unix seconds
    actor        TEXT NOT NULL,             -- username (as typed, for failed logins)
    action       TEXT NOT NULL,
    target       TEXT NOT NULL,
    detail       TEXT NOT NULL
);
CREATE UNIQUE INDEX audit_log_by_jurisdiction ON audit_log(jurisdiction, id);

-- Append-only: nobody changes or removes history, not even the server.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
