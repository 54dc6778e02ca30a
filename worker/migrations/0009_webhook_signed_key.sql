-- Duplicate webhook deliveries are recognised by what the signature covers, not by the unsigned
-- idempotency-key header: a captured, validly signed body re-sent inside the replay window under
-- fresh idempotency keys is the same delivery and must not rebuild again.
--
-- `signed_key` is '<operation>:<document id>@<_rev>' taken from the verified body (or, for a body
-- without a revision, the signed timestamp instead of the revision). Rows recorded before this
-- migration keep a NULL key; SQLite's UNIQUE lets any number of NULLs coexist, and reconciliation
-- still finds those rows by idempotency_key.
ALTER TABLE webhook_deliveries ADD COLUMN signed_key TEXT;
CREATE UNIQUE INDEX webhook_deliveries_signed_key ON webhook_deliveries (signed_key);
