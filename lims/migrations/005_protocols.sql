-- natlims schema, version 5: repeat-testing protocols for key groups (docs/reporting.md lists
-- the protocols and their days).
CREATE TABLE enrolments (
  id          INTEGER PRIMARY KEY,
  person_id   INTEGER NOT NULL REFERENCES persons(id),
  protocol    TEXT NOT NULL,
  start_date  TEXT NOT NULL,   -- YYYY-MM-DD, local: protocol day 1
  end_date    TEXT,            -- YYYY-MM-DD, local, or NULL for the protocol's own length
  created_at  INTEGER NOT NULL,
  created_by  INTEGER REFERENCES users(id),
  UNIQUE (person_id, protocol, start_date)
);
