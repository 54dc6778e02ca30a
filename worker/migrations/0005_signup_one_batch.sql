-- A signup in one D1 batch, for signup throughput.
--
-- outbox.template: what the mail consumer needs to render a message that was not rendered in
-- the request (JSON, see worker/mail/deferred.ts). The registration batch builds it in SQL from
-- the row it just wrote, so the email always matches the outcome SQL decided (confirmed,
-- waitlisted, or the details again for someone already registered). NULL: the row was rendered
-- when written (subject and bodies already set). The consumer stores the rendered subject on
-- the row when it delivers (the bodies stay empty: the transport has them).
ALTER TABLE outbox ADD COLUMN template TEXT;

-- idempotency_keys.claim: a random value set by the request that reserved (or took over) the
-- key in the same batch as its work, so the batch's later statements can tell "this request
-- holds the key" from "another request already used it". NULL for keys reserved by the
-- two-step path (signatures, alerts).
ALTER TABLE idempotency_keys ADD COLUMN claim TEXT;
