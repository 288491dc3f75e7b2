-- Version 4: indexes for the agencies' console. The inbox lists complaints newest
-- first (all of them for the koordinator, one agency's for an agency admin); the
-- partial index of 003 (complaint_public) covers only non-confidential ones, so
-- without these the first page of a large jurisdiction sorted the whole table.
CREATE INDEX complaint_by_created ON complaint(jurisdiction, created_at DESC, id DESC);
CREATE INDEX complaint_by_agency_created ON complaint(jurisdiction, agency, created_at DESC, id DESC);
