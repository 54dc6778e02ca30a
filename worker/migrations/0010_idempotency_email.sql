-- Privacy export and erasure cover exactly the address whose control was proved (compared
-- case-insensitively), not every address that folds to the same duplicate-detection key
-- (`email_norm` drops +tags and Gmail dots). The other personal tables keep the address as typed
-- beside `email_norm`; partner API idempotency records kept only the folded key, so they gain the
-- address, lower-cased.
--
-- Records written before this migration have '' and are erased by their folded key, as before;
-- they expire within 24 hours (retention), so none survives long.
ALTER TABLE idempotency_keys ADD COLUMN email TEXT NOT NULL DEFAULT '';
