-- Version 1: published content with versioned changes and tombstones.
CREATE TABLE content_counter (
    jurisdiction   TEXT PRIMARY KEY,
    version        BIGINT NOT NULL,
    -- Tombstones at or below this version were purged: older cursors must reset.
    purged_through BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE content_item (
    jurisdiction TEXT NOT NULL,
    kind         TEXT NOT NULL,
    key          TEXT NOT NULL,
    version      BIGINT NOT NULL,
    data         TEXT,              -- NULL: tombstone
    changed_at   BIGINT NOT NULL,   -- unix seconds
    PRIMARY KEY (jurisdiction, kind, key)
);
CREATE UNIQUE INDEX content_item_by_version ON content_item(jurisdiction, version);
