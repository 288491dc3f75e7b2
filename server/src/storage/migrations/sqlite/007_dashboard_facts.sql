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
ALTER TABLE complaint ADD COLUMN first_assigned_at INTEGER;
ALTER TABLE complaint ADD COLUMN first_rejected_at INTEGER;
ALTER TABLE complaint ADD COLUMN first_followed_up_at INTEGER;
ALTER TABLE complaint ADD COLUMN first_resolved_at INTEGER;
ALTER TABLE complaint ADD COLUMN rating1 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE complaint ADD COLUMN rating2 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE complaint ADD COLUMN rating3 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE complaint ADD COLUMN rating4 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE complaint ADD COLUMN rating5 INTEGER NOT NULL DEFAULT 0;

-- Backfill from the events already stored.
UPDATE complaint SET (first_assigned_at, first_rejected_at, first_followed_up_at, first_resolved_at,
                      rating1, rating2, rating3, rating4, rating5) = (
    SELECT MIN(CASE WHEN ev.kind IN ('status', 'forwarded') AND ev.status = 'assigned' THEN ev.at END),
           MIN(CASE WHEN ev.kind IN ('rejected', 'merged') THEN ev.at END),
           MIN(CASE WHEN ev.internal = 0 AND ev.actor IN ('agency', 'coordinator')
                     AND (ev.kind = 'response' OR (ev.kind = 'status' AND ev.status IN ('in_progress', 'resolved')))
                    THEN ev.at END),
           MIN(CASE WHEN ev.kind = 'status' AND ev.status = 'resolved' THEN ev.at END),
           COALESCE(SUM(CASE WHEN ev.kind = 'rating' AND ev.rating = 1 THEN 1 ELSE 0 END), 0),
           COALESCE(SUM(CASE WHEN ev.kind = 'rating' AND ev.rating = 2 THEN 1 ELSE 0 END), 0),
           COALESCE(SUM(CASE WHEN ev.kind = 'rating' AND ev.rating = 3 THEN 1 ELSE 0 END), 0),
           COALESCE(SUM(CASE WHEN ev.kind = 'rating' AND ev.rating = 4 THEN 1 ELSE 0 END), 0),
           COALESCE(SUM(CASE WHEN ev.kind = 'rating' AND ev.rating = 5 THEN 1 ELSE 0 END), 0)
    FROM complaint_event ev
    WHERE ev.jurisdiction = complaint.jurisdiction AND ev.complaint_id = complaint.id);

-- The covering index of version 5 served only the old grouping query.
DROP INDEX complaint_event_facts;

-- The dashboard's query reads only this index (one range scan per period, never
-- the table's long texts).
CREATE INDEX complaint_dashboard ON complaint(jurisdiction, created_at, agency, category, kecamatan,
    status, due_at, first_assigned_at, first_rejected_at, first_followed_up_at, first_resolved_at,
    rating1, rating2, rating3, rating4, rating5);
