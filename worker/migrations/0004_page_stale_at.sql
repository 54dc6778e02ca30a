-- Pages that change with time as well as content (course registration opening and closing,
-- sessions starting and ending, petitions closing): when each stored page next goes stale.
-- The '*/10' reconcile cron rebuilds every page whose stale_at has passed. NULL: only a content
-- change can alter the page. ISO 8601 UTC text, so comparing strings compares instants.
ALTER TABLE page_revs ADD COLUMN stale_at TEXT;
CREATE INDEX page_revs_stale_at ON page_revs (stale_at) WHERE stale_at IS NOT NULL;
