-- When each marked page was first marked in its burst. Marking again moves marked_at (the newest
-- publish) but not this, so the deferred run can wait while a burst goes on and still rebuild
-- once the oldest mark has waited long enough (worker/rebuild/deferred.ts).
ALTER TABLE pending_rebuilds ADD COLUMN first_marked_at TEXT;
