-- Version 9: when an Open311 key last filed a request (written with the request's
-- contact row), shown on the koordinator's keys page (/console/open311-keys).
-- NULL: never used, or not since version 9.
ALTER TABLE open311_key ADD COLUMN last_used_at INTEGER;
