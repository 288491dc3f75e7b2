-- Version 7: the dashboard's per-complaint facts kept on `complaint` itself, so the
-- dashboard reads one row per complaint from the created_at index without joining
-- (or grouping) the events (docs/BENCHMARKS.md). Each column is the time of the
-- FIRST event of its kind, written in the same transaction as that event
-- (storage::complaints::EventFacts holds the definitions, equal to the ones below
-- and to console::dashboard::facts_of):
--   first_assigned_at    'status' or 'forwarded' event with status 'assigned'
--   first_rejected_at    'rejected' or 'merged' event (a merge ends the triage too)
--   first_followed_up_at public event by an agency or the koordinator: a 'response',
--                        or a 'status' event to in_progress or resolved
--   first_resolved_at    'status' event with status 'resolved' (the workflow's
--                        resolved_at column is cleared by a reopen; this is not)
--   rating1..rating5     how many ratings of 1..5 stars it received
ALTER TABLE complaint
    ADD COLUMN first_assigned_at BIGINT,
    ADD COLUMN first_rejected_at BIGINT,
    ADD COLUMN first_followed_up_at BIGINT,
    ADD COLUMN first_resolved_at BIGINT,
    ADD COLUMN rating1 BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN rating2 BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN rating3 BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN rating4 BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN rating5 BIGINT NOT NULL DEFAULT 0;

-- Backfill from the events already stored (one grouping pass, hash-joined).
UPDATE complaint c SET
    first_assigned_at = e.assigned_at,
    first_rejected_at = e.rejected_at,
    first_followed_up_at = e.followed_up_at,
    first_resolved_at = e.resolved_at,
    rating1 = e.r1, rating2 = e.r2, rating3 = e.r3, rating4 = e.r4, rating5 = e.r5
FROM (
    SELECT ev.jurisdiction, ev.complaint_id,
           MIN(CASE WHEN ev.kind IN ('status', 'forwarded') AND ev.status = 'assigned' THEN ev.at END) AS assigned_at,
           MIN(CASE WHEN ev.kind IN ('rejected', 'merged') THEN ev.at END) AS rejected_at,
           MIN(CASE WHEN NOT ev.internal AND ev.actor IN ('agency', 'coordinator')
                     AND (ev.kind = 'response' OR (ev.kind = 'status' AND ev.status IN ('in_progress', 'resolved')))
                    THEN ev.at END) AS followed_up_at,
           MIN(CASE WHEN ev.kind = 'status' AND ev.status = 'resolved' THEN ev.at END) AS resolved_at,
           COUNT(*) FILTER (WHERE ev.kind = 'rating' AND ev.rating = 1) AS r1,
           COUNT(*) FILTER (WHERE ev.kind = 'rating' AND ev.rating = 2) AS r2,
           COUNT(*) FILTER (WHERE ev.kind = 'rating' AND ev.rating = 3) AS r3,
           COUNT(*) FILTER (WHERE ev.kind = 'rating' AND ev.rating = 4) AS r4,
           COUNT(*) FILTER (WHERE ev.kind = 'rating' AND ev.rating = 5) AS r5
    FROM complaint_event ev
    WHERE ev.kind <> 'created'
    GROUP BY ev.jurisdiction, ev.complaint_id
) e
WHERE c.jurisdiction = e.jurisdiction AND c.id = e.complaint_id;

-- The covering index of version 5 served only the old grouping query.
DROP INDEX complaint_event_facts;

-- The dashboard's query can read only this index (an index-only range scan per
-- period while the visibility map is current; autovacuum keeps it so).
CREATE INDEX complaint_dashboard ON complaint(jurisdiction, created_at)
    INCLUDE (agency, category, kecamatan, status, due_at, first_assigned_at, first_rejected_at,
             first_followed_up_at, first_resolved_at, rating1, rating2, rating3, rating4, rating5);
