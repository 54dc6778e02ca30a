-- Edge cache and rebuild on publish: webhook idempotency, the page dependency index, the
-- revisions each page was built from, redirects and tombstones, and the publish receipts staff read.
-- KV (PAGES) holds the page bodies; D1 holds everything that must be consistent or queried.

-- One row per Sanity delivery (its idempotency-key). A retried or repeated delivery finds its row
-- and does nothing twice. `message` is the queued RebuildMessage, kept so reconciliation can
-- re-send a delivery whose enqueue never completed.
CREATE TABLE webhook_deliveries (
  idempotency_key TEXT PRIMARY KEY,
  transaction_id TEXT NOT NULL,
  document_id TEXT NOT NULL,
  operation TEXT NOT NULL,
  message TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('received', 'enqueuing', 'queued')),
  received_at TEXT NOT NULL,
  claimed_at TEXT,
  queued_at TEXT
);
CREATE INDEX webhook_deliveries_status ON webhook_deliveries (status, claimed_at);

-- One row per page kept in KV: what the stored body is (etag) and which content it came from.
CREATE TABLE page_revs (
  path TEXT PRIMARY KEY,
  etag TEXT NOT NULL,
  content_rev TEXT NOT NULL,
  status INTEGER NOT NULL,
  built_at TEXT NOT NULL,
  changed_at TEXT NOT NULL
);

-- The dependency index: every document id and 'type:<t>' list key a stored page used, with the
-- revision it had when the page was built (a document's _rev, or a list fingerprint
-- '<count>:<max _updatedAt>'). A change to `dep` rebuilds every `path` listed against it;
-- reconciliation compares `rev` with the content store's current one.
CREATE TABLE page_deps (
  path TEXT NOT NULL,
  dep TEXT NOT NULL,
  rev TEXT NOT NULL,
  PRIMARY KEY (path, dep)
);
CREATE INDEX page_deps_dep ON page_deps (dep);

-- Old URL of a renamed document → its new URL (answered 301).
CREATE TABLE redirects (
  from_path TEXT PRIMARY KEY,
  to_path TEXT NOT NULL,
  document_id TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX redirects_to ON redirects (to_path);

-- URL of an unpublished or deleted document (answered 410 Gone).
CREATE TABLE tombstones (
  path TEXT PRIMARY KEY,
  document_id TEXT NOT NULL,
  created_at TEXT NOT NULL
);

-- What a rebuild did, for staff: one row per rebuild message (a webhook delivery, a reconcile
-- run, a staff rebuild). `pages` and `changed` are JSON arrays of paths; chunks of a large
-- fan-out that run later add to the same row.
CREATE TABLE publish_receipts (
  id TEXT PRIMARY KEY,
  transaction_id TEXT NOT NULL,
  reason TEXT NOT NULL,
  document_ids TEXT NOT NULL DEFAULT '[]',
  pages_planned INTEGER NOT NULL DEFAULT 0,
  pages TEXT NOT NULL DEFAULT '[]',
  changed TEXT NOT NULL DEFAULT '[]',
  failed TEXT NOT NULL DEFAULT '[]',
  status TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed')),
  error TEXT,
  attempts INTEGER NOT NULL DEFAULT 1,
  started_at TEXT NOT NULL,
  finished_at TEXT
);
CREATE INDEX publish_receipts_started ON publish_receipts (started_at);
CREATE INDEX publish_receipts_transaction ON publish_receipts (transaction_id);
