-- The calendar index (worker/calendar/events.ts): each scheduled or postponed session of each
-- published course as a ready VEVENT block, written with the course's search-index row.
CREATE TABLE calendar_events (
  course_id TEXT NOT NULL,
  session_key TEXT NOT NULL,
  -- Milliseconds since the epoch.
  starts_at INTEGER NOT NULL,
  ends_at INTEGER NOT NULL,
  -- The IANA zone the times are written in, NULL when they are written in UTC.
  zone TEXT,
  -- JSON arrays: the course's topics and the organisations it names (the calendars' filters).
  topics TEXT NOT NULL,
  orgs TEXT NOT NULL,
  block TEXT NOT NULL,
  PRIMARY KEY (course_id, session_key)
);
-- A calendar reads the sessions that end after its window opens through this index, so the rows
-- it reads are the recent and future ones, however many past sessions accumulate.
CREATE INDEX calendar_events_by_end ON calendar_events (ends_at);

-- Index rows written before this table existed have no calendar entries: forgetting their
-- revisions makes the next full rebuild (`npm run rebuild`) write both.
UPDATE search_docs SET rev = '';
