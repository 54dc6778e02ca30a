-- Signups: course registrations (capacity + waitlist), petition signatures, topic alerts, the
-- email outbox, the local dev mailbox and API idempotency records.
-- Every table that holds personal data carries `email_norm` (or `to_norm`) so that erasure and
-- export can find a person everywhere with one key.

-- One row per person per course session. The UNIQUE constraint is the duplicate guard; the seat
-- limit is enforced inside the INSERT ... SELECT that decides 'confirmed' vs 'waitlisted'.
CREATE TABLE registrations (
  id TEXT PRIMARY KEY,
  course_id TEXT NOT NULL,
  course_slug TEXT NOT NULL,
  session_key TEXT NOT NULL,
  name TEXT NOT NULL,
  email TEXT NOT NULL,
  email_norm TEXT NOT NULL,
  organisation TEXT NOT NULL DEFAULT '',
  role TEXT NOT NULL,
  access_needs TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('confirmed', 'waitlisted', 'offered', 'cancelled')),
  seat_no INTEGER,
  offer_expires_at INTEGER,
  -- What the registrant was last told about the session (JSON) and the .ics SEQUENCE they hold.
  session_snapshot TEXT NOT NULL,
  ics_sequence INTEGER NOT NULL DEFAULT 0,
  -- Set by every state change; an email in the same batch is written only if its change applied.
  change_nonce TEXT,
  consent_text TEXT NOT NULL,
  consent_version TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('form', 'api')),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (course_id, session_key, email_norm)
);
CREATE INDEX registrations_session_status ON registrations (course_id, session_key, status, created_at);
CREATE INDEX registrations_email ON registrations (email_norm);
CREATE INDEX registrations_offer ON registrations (status, offer_expires_at);

-- Petition signatures count once confirmed by email.
CREATE TABLE signatures (
  id TEXT PRIMARY KEY,
  campaign_id TEXT NOT NULL,
  campaign_slug TEXT NOT NULL,
  name TEXT NOT NULL,
  email TEXT NOT NULL,
  email_norm TEXT NOT NULL,
  postcode TEXT NOT NULL DEFAULT '',
  country TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('pending', 'confirmed')),
  -- Position in the confirmed count at confirmation time: decides milestone crossings without races.
  confirmed_seq INTEGER,
  consent_text TEXT NOT NULL,
  consent_version TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('form', 'api')),
  created_at INTEGER NOT NULL,
  confirmed_at INTEGER,
  UNIQUE (campaign_id, email_norm)
);
CREATE INDEX signatures_campaign_status ON signatures (campaign_id, status);
CREATE INDEX signatures_email ON signatures (email_norm);

-- Topic alerts with double opt-in. `pending_topics` holds a change waiting for confirmation.
CREATE TABLE alert_subscriptions (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL,
  email_norm TEXT NOT NULL UNIQUE,
  topics TEXT NOT NULL DEFAULT '[]',
  pending_topics TEXT NOT NULL DEFAULT '[]',
  status TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'unsubscribed')),
  consent_text TEXT NOT NULL,
  consent_version TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('form', 'api')),
  created_at INTEGER NOT NULL,
  confirmed_at INTEGER,
  updated_at INTEGER NOT NULL
);
CREATE INDEX alert_subscriptions_status ON alert_subscriptions (status);

-- One alert per subscriber per course, ever (webhook retries must not send twice).
CREATE TABLE alert_deliveries (
  course_id TEXT NOT NULL,
  subscription_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (course_id, subscription_id)
);
CREATE INDEX alert_deliveries_subscription ON alert_deliveries (subscription_id);

-- Email outbox: written in the same batch as the signup; delivered by the MAIL_QUEUE consumer
-- and the cron flush. 'sending' rows carry a lease so a crashed delivery is retried.
CREATE TABLE outbox (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  to_addr TEXT NOT NULL,
  to_norm TEXT NOT NULL,
  subject TEXT NOT NULL,
  text_body TEXT NOT NULL,
  html_body TEXT NOT NULL,
  headers TEXT NOT NULL DEFAULT '{}',
  attachments TEXT NOT NULL DEFAULT '[]',
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'dead')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  lease_until INTEGER,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  sent_at INTEGER
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_to ON outbox (to_norm);

-- Messages "delivered" by the dev-mailbox transport, listed at /dev/mail.
CREATE TABLE mailbox (
  id TEXT PRIMARY KEY,
  outbox_id TEXT NOT NULL,
  from_addr TEXT NOT NULL,
  to_addr TEXT NOT NULL,
  to_norm TEXT NOT NULL,
  subject TEXT NOT NULL,
  text_body TEXT NOT NULL,
  html_body TEXT NOT NULL,
  headers TEXT NOT NULL DEFAULT '{}',
  attachments TEXT NOT NULL DEFAULT '[]',
  created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX mailbox_outbox ON mailbox (outbox_id);
CREATE INDEX mailbox_created ON mailbox (created_at);
CREATE INDEX mailbox_to ON mailbox (to_norm);

-- Partner API Idempotency-Key records. `email_norm` lets erasure remove them too.
CREATE TABLE idempotency_keys (
  scope TEXT NOT NULL,
  key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  email_norm TEXT NOT NULL DEFAULT '',
  status_code INTEGER,
  response_body TEXT,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_email ON idempotency_keys (email_norm);
