-- After registration (worker/journey): reminders sent, certificates of attendance and session
-- feedback. Each row carries `email_norm` so privacy export and erasure find it with the same key
-- as the signups tables. No foreign keys to registrations: a cancelled registration that is
-- revived takes a new id (worker/signups/registrations.ts), which a referencing row would block;
-- rows whose registration is gone are removed by retention instead.

-- One row per reminder sent. `kind` names the offset and the session start it was for
-- ('48h@2027-11-17T10:00:00.000Z'), so a rescheduled session gets reminders for its new date while
-- a retried or overlapping cron run can never send the same one twice: the row is inserted in the
-- same batch as the outbox message, and the message is written only if this run inserted the row.
CREATE TABLE journey_reminders (
  registration_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  email_norm TEXT NOT NULL,
  outbox_id TEXT NOT NULL,
  sent_at INTEGER NOT NULL,
  PRIMARY KEY (registration_id, kind)
);
CREATE INDEX journey_reminders_email ON journey_reminders (email_norm);

-- Confirmed registrations by the start of the session they were told about: the reminder cron
-- reads only the sessions starting soon, and the certificate cron only those of the last 30
-- days, never the whole table.
CREATE INDEX registrations_confirmed_start
  ON registrations (status, json_extract(session_snapshot, '$.start'));

-- Certificates of attendance: one per registration, with the facts printed on it copied in, so
-- the certificate reads the same after the course is edited. `code` is the public verification
-- code (random, unguessable); withdrawing keeps the row so verification can say so.
CREATE TABLE certificates (
  id TEXT PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  registration_id TEXT NOT NULL UNIQUE,
  email_norm TEXT NOT NULL,
  name TEXT NOT NULL,
  course_id TEXT NOT NULL,
  course_title TEXT NOT NULL,
  course_slug TEXT NOT NULL,
  session_key TEXT NOT NULL,
  session_start TEXT NOT NULL,
  duration_minutes INTEGER NOT NULL,
  cpd_hours REAL,
  provider TEXT NOT NULL,
  issued_at INTEGER NOT NULL,
  withdrawn_at INTEGER,
  withdrawn_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX certificates_email ON certificates (email_norm);
CREATE INDEX certificates_session ON certificates (course_id, session_key);

-- Feedback after a session: one answer per registration; sending the form again replaces it.
CREATE TABLE feedback (
  registration_id TEXT PRIMARY KEY,
  email_norm TEXT NOT NULL,
  course_id TEXT NOT NULL,
  session_key TEXT NOT NULL,
  rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
  most_useful TEXT NOT NULL DEFAULT '',
  improve TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX feedback_email ON feedback (email_norm);
CREATE INDEX feedback_session ON feedback (course_id, session_key);
