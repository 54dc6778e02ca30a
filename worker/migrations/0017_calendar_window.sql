-- A calendar reads the sessions of its window earliest first and stops at its cap, so it reads
-- them by their start (from a week before the window opens: no session lasts longer). Read by
-- their end, every later session in the window was read and sorted. worker/calendar/events.ts
-- names this index.
CREATE INDEX calendar_events_by_start ON calendar_events (starts_at, ends_at);
DROP INDEX calendar_events_by_end;
