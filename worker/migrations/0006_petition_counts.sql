-- The confirmed petition count, kept per campaign, so that reading it costs one D1 row.
--
-- count(*) over signatures reads one row per confirmed signature, and it ran on every campaign
-- page build, every public count request and (for confirmed_seq) every confirmation: O(N) reads
-- per view and O(N²) over a petition's life, against a free-plan budget of ~5 million rows read
-- a day. One counter row per campaign makes each of those a single-row read.
--
-- The application keeps it right in the same D1 batch (one transaction) as the write it counts:
-- +1 when a pending signature is confirmed (worker/signups/petitions.ts), -1 when a confirmed
-- signer erases their data (worker/privacy/data.ts). No triggers: wrangler's migration splitter
-- and D1's handling of BEGIN ... END bodies make them a deployment risk.
CREATE TABLE petition_counts (
  campaign_id TEXT PRIMARY KEY,
  confirmed INTEGER NOT NULL DEFAULT 0 CHECK (confirmed >= 0)
);

-- Backfill from the signatures confirmed before this migration. Anonymised ones (retention)
-- are still confirmed, so they still count.
INSERT INTO petition_counts (campaign_id, confirmed)
  SELECT campaign_id, count(*) FROM signatures WHERE status = 'confirmed' GROUP BY campaign_id;
