-- Version 6: console users managed from the console. A disabled account cannot log
-- in (its sessions are deleted when it is disabled); the last login is shown on the
-- users page.
ALTER TABLE console_user ADD COLUMN disabled_at BIGINT;   -- unix seconds, NULL = active
ALTER TABLE console_user ADD COLUMN last_login_at BIGINT;  -- unix seconds
