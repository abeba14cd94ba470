CREATE TABLE invoices (
  id     bigint PRIMARY KEY,
  status text NOT NULL,
  fence  bigint NOT NULL DEFAULT 0  -- the highest token that has written this row
);
