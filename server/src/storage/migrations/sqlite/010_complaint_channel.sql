-- Version 10: the channel a complaint was filed through, copied from its device's
-- platform word when it is filed (android, desktop, kiosk, open311; NULL when the
-- device row is gone), so the dashboard can count complaints per channel from its
-- covering index, without joining the devices.
ALTER TABLE complaint ADD COLUMN channel TEXT;

UPDATE complaint SET channel = (
    SELECT d.platform FROM device d
    WHERE d.jurisdiction = complaint.jurisdiction AND d.client_id = complaint.reporter_device);

DROP INDEX complaint_dashboard;
CREATE INDEX complaint_dashboard ON complaint(jurisdiction, created_at, agency, category, kecamatan,
    status, due_at, first_assigned_at, first_rejected_at, first_followed_up_at, first_resolved_at,
    rating1, rating2, rating3, rating4, rating5, channel);
