-- Staff tools: the audit log of every staff action, and check-in marks for course registrations.
-- Check-ins live in their own table so the signups tables stay owned by the signups module;
-- retention deleting a registration takes its check-in with it (ON DELETE CASCADE).

CREATE TABLE staff_audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,                 -- ISO 8601, UTC
  actor TEXT NOT NULL,              -- Access email / service token name, or 'local-token'
  action TEXT NOT NULL,             -- e.g. 'registration.check-in', 'session.export'
  target TEXT NOT NULL DEFAULT '',  -- ids only: never a registrant's personal data
  status INTEGER NOT NULL           -- HTTP status the staff member got
);
CREATE INDEX staff_audit_log_actor ON staff_audit_log (actor, id);

-- At most one check-in per registration; undoing a check-in deletes the row.
CREATE TABLE staff_check_ins (
  registration_id TEXT PRIMARY KEY REFERENCES registrations (id) ON DELETE CASCADE,
  checked_in_at TEXT NOT NULL,      -- ISO 8601, UTC
  checked_in_by TEXT NOT NULL       -- staff actor, as in the audit log
);
