-- A cap on repeat notifications per recipient and item (issue 13: one mailbox was sent 294
-- emails in a minute by repeated signups, limited only per client address).
--
-- outbox.repeat_item: set on a message that repeats something the person was already told
-- ("you are already registered", the petition confirmation again, the alert confirmation
-- again): the item it is about ('<course id>/<session key>', a campaign id, 'alerts'). NULL on
-- the first email of a flow and on every other message, which are never capped. A repeat is
-- written only if no repeat of the same kind about the same item went to the same to_norm in
-- the last hour (worker/mail/message.ts, REPEAT_WINDOW_MS).
--
-- No new personal data: the column holds content ids, and the row is already found by to_norm
-- for export and erasure and deleted by retention like any other delivered email.
ALTER TABLE outbox ADD COLUMN repeat_item TEXT;
CREATE INDEX outbox_repeats ON outbox (to_norm, repeat_item, created_at)
  WHERE repeat_item IS NOT NULL;
