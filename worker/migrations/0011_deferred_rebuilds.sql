-- Coalesced rebuilds of aggregate pages (listings, feeds, calendars, sitemap parts, the home page,
-- organisation pages): a publish rebuilds the document's own page and the pages embedding it at
-- once, and marks the aggregates it touched here. One deferred queue message per burst rebuilds
-- each marked page once, however many publishes marked it (worker/rebuild/deferred.ts).

-- One row per marked page; marking again moves marked_at, so a rebuild that read the content
-- before the newer publish keeps the row for the next run.
CREATE TABLE pending_rebuilds (
  path TEXT PRIMARY KEY,
  marked_at TEXT NOT NULL
);
CREATE INDEX pending_rebuilds_marked ON pending_rebuilds (marked_at);

-- The publish receipts waiting for each marked page, so each receipt completes when its pages do.
CREATE TABLE pending_rebuild_receipts (
  path TEXT NOT NULL,
  receipt_id TEXT NOT NULL,
  PRIMARY KEY (path, receipt_id)
);

-- At most one deferred message queued at a time ('aggregates'): a publish that finds the row
-- sends nothing. The run deletes it first, so a page marked during the run schedules the next.
CREATE TABLE rebuild_schedule (
  name TEXT PRIMARY KEY,
  scheduled_at TEXT NOT NULL
);
