-- Version 4: indexes for the agencies' console. The inbox lists complaints newest
-- first (all of them for the koordinator, one agency's for an agency admin); the
-- partial index of 003 (complaint_public) covers only non-confidential ones, so
-- without these the first page of a large jurisdiction sorted the whole table.
CREATE INDEX complaint_by_created ON complaint(jurisdiction, created_at DESC, id DESC);
CREATE INDEX complaint_by_agency_created ON complaint(jurisdiction, agency, created_at DESC, id DESC);
-- The dashboard groups every complaint's events: a covering index reads them
-- without visiting the table.
CREATE INDEX complaint_event_facts ON complaint_event(jurisdiction, complaint_id, kind, status, actor, internal, at, rating);
