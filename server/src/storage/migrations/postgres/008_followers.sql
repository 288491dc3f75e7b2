-- Version 8: the reporter of a merged duplicate follows the complaint it was merged
-- into (docs/ARCHITECTURE.md, "Merging duplicates"). A row says "the reporter of
-- follower_id (its device, or the same verified phone) follows complaint_id"; the
-- device's complaints/mine pull returns followed complaints next to its own, in a
-- follower's view. Written by the merge's transaction; when a followed complaint is
-- itself merged, its followers are copied onto the new target.
CREATE TABLE complaint_follower (
    jurisdiction TEXT NOT NULL,
    complaint_id TEXT NOT NULL,             -- the followed complaint (a merge target)
    follower_id  TEXT NOT NULL,             -- a complaint whose reporter follows it
    at           BIGINT NOT NULL,          -- unix seconds of the merge
    PRIMARY KEY (jurisdiction, complaint_id, follower_id),
    FOREIGN KEY (jurisdiction, complaint_id) REFERENCES complaint(jurisdiction, id),
    FOREIGN KEY (jurisdiction, follower_id) REFERENCES complaint(jurisdiction, id)
);
CREATE INDEX complaint_follower_by_follower ON complaint_follower(jurisdiction, follower_id);

-- Merges made before version 8: the 'merged' event's text names the target's
-- tracking number (workflow::merge_text, "Digabungkan sebagai duplikat dari
-- pengaduan <tracking>. / ..."), which is unique per jurisdiction.
INSERT INTO complaint_follower(jurisdiction, complaint_id, follower_id, at)
SELECT e.jurisdiction, t.id, e.complaint_id, e.at
FROM complaint_event e
JOIN complaint t ON t.jurisdiction = e.jurisdiction
 AND t.tracking_number = substr(e.text, 45, position('. / ' in e.text) - 45)
WHERE e.kind = 'merged' AND e.text LIKE 'Digabungkan sebagai duplikat dari pengaduan %' AND t.id <> e.complaint_id
ON CONFLICT DO NOTHING;
