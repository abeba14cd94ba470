-- name: schema
CREATE TABLE orders (
  id            text PRIMARY KEY,
  amount_micros bigint NOT NULL
);
CREATE TABLE outbox (
  id           bigserial PRIMARY KEY,
  event_id     uuid NOT NULL UNIQUE,
  msg_key      text NOT NULL,
  payload      jsonb NOT NULL,
  published_at timestamptz
);
CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL;
CREATE TABLE processed (event_id uuid PRIMARY KEY);

-- Writer: both inserts in one transaction.
-- name: insert-order
INSERT INTO orders (id, amount_micros) VALUES ($1, $2);
-- name: insert-event
INSERT INTO outbox (event_id, msg_key, payload)
VALUES (gen_random_uuid(), $1, $2);

-- Relay, in one transaction: claim, produce and await acks, mark.
-- name: claim
SELECT id, msg_key, payload FROM outbox
WHERE published_at IS NULL
ORDER BY id LIMIT 100
FOR UPDATE SKIP LOCKED;
-- name: mark
UPDATE outbox SET published_at = now() WHERE id = ANY($1);
