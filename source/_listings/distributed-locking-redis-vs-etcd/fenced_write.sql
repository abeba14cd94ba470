-- $1: invoice id; $2: the writer's fencing token; $3: the new status.
UPDATE invoices
SET status = $3, fence = $2
WHERE id = $1 AND fence <= $2;
