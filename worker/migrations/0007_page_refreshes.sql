-- Coalesced page refreshes for numbers that change with every signup (a petition's count).
--
-- A stored campaign page shows its confirmed count, and rebuilding it on every confirmation would
-- cost a build per signature. Instead each page has one row: `run_at` (ms since the epoch) is
-- when the latest rebuild asked for it runs (the queue message is delayed until then). A count
-- change at `now` asks for a new rebuild only when that one has already run (run_at <= now), and
-- schedules it no sooner than the spacing after it; a change while one is still to run needs
-- nothing, because that rebuild reads the count after this change committed. So the page is at
-- most one spacing behind the count, and rebuilt at most once per spacing
-- (worker/signups/petitions.ts). One row per campaign page: it never grows with signatures.
CREATE TABLE page_refreshes (
  path TEXT PRIMARY KEY,
  run_at INTEGER NOT NULL
);
