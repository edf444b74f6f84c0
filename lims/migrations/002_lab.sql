-- natlims schema, version 2: the lab (receipt, plates, runs, results) and the outbox.

ALTER TABLE boxes ADD COLUMN received_at INTEGER;
ALTER TABLE boxes ADD COLUMN received_by INTEGER REFERENCES users(id);

-- What the lab found when it opened a box: scanned against the manifest.
CREATE TABLE box_receipts (
  box_id          INTEGER PRIMARY KEY REFERENCES boxes(id),
  received_at     INTEGER NOT NULL,
  received_by     INTEGER NOT NULL REFERENCES users(id),
  transit_minutes INTEGER,
  temperature_c   REAL,
  missing         TEXT NOT NULL,   -- JSON array of tube codes in the manifest but not scanned
  unexpected      TEXT NOT NULL,   -- JSON array of tube codes scanned but not in the manifest
  flags           TEXT NOT NULL    -- JSON array: transit_over_limit, temperature_missing, ...
);

ALTER TABLE tubes ADD COLUMN received_at INTEGER;
ALTER TABLE tubes ADD COLUMN plate_id INTEGER;
-- A single tube re-sampled from a positive pool: the pool's tube, and lab priority.
ALTER TABLE tubes ADD COLUMN recall_of INTEGER REFERENCES tubes(id);
ALTER TABLE tubes ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
CREATE INDEX tubes_state ON tubes(state) WHERE state IN ('received', 'boxed', 'closed');

CREATE TABLE plates (
  id          INTEGER PRIMARY KEY,
  kit_id      TEXT NOT NULL,
  kit_version TEXT NOT NULL,
  wells       INTEGER NOT NULL,
  created_at  INTEGER NOT NULL,
  created_by  INTEGER NOT NULL REFERENCES users(id),
  state       TEXT NOT NULL DEFAULT 'laid_out'   -- laid_out | run | released | invalid
);

CREATE TABLE plate_wells (
  plate_id INTEGER NOT NULL REFERENCES plates(id),
  well     TEXT NOT NULL,          -- "A1"
  row      INTEGER NOT NULL,
  col      INTEGER NOT NULL,
  kind     TEXT NOT NULL,          -- sample | positive_control | negative_control
  name     TEXT NOT NULL,          -- tube code or control name
  tube_id  INTEGER REFERENCES tubes(id),
  PRIMARY KEY (plate_id, row, col)
) WITHOUT ROWID;
CREATE INDEX plate_wells_tube ON plate_wells(tube_id) WHERE tube_id IS NOT NULL;

-- One imported result file (or link message). The same bytes give the same run.
CREATE TABLE runs (
  id           INTEGER PRIMARY KEY,
  plate_id     INTEGER NOT NULL REFERENCES plates(id),
  sha256       BLOB NOT NULL UNIQUE,
  format       TEXT NOT NULL,
  instrument   TEXT,
  run_ref      TEXT,
  kit_id       TEXT NOT NULL,
  kit_version  TEXT NOT NULL,
  plate_valid  INTEGER NOT NULL,
  problems     TEXT NOT NULL,      -- JSON array of plate-level problems (failed controls)
  imported_at  INTEGER NOT NULL,
  imported_by  INTEGER NOT NULL REFERENCES users(id),
  released_at  INTEGER,
  released_by  INTEGER REFERENCES users(id),
  file_bytes   BLOB NOT NULL       -- the file as received, for audit
);

-- A tube's result. A correction after release is a new version; the old one stays.
CREATE TABLE results (
  id           INTEGER PRIMARY KEY,
  tube_id      INTEGER NOT NULL REFERENCES tubes(id),
  run_id       INTEGER NOT NULL REFERENCES runs(id),
  well         TEXT NOT NULL,
  result       TEXT NOT NULL,       -- negative | positive | retest | invalid
  ct           TEXT NOT NULL,       -- JSON object target -> number | "undetermined" | "missing"
  reason       TEXT,
  version      INTEGER NOT NULL DEFAULT 1,
  released_at  INTEGER,
  correction_reason TEXT,
  superseded   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX results_tube ON results(tube_id);
CREATE INDEX results_run ON results(run_id);

-- Messages that must leave the system exactly once: positive reports and result pushes.
-- message_id is stable, so a receiver can drop a duplicate after a lost acknowledgement.
CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY,
  kind            TEXT NOT NULL,            -- report | healthcode
  message_id      TEXT NOT NULL UNIQUE,
  result_id       INTEGER REFERENCES results(id),
  payload         TEXT NOT NULL,            -- what to send (JSON for healthcode, a description for reports)
  created_at      INTEGER NOT NULL,
  deadline_at     INTEGER,                  -- reports: release + the campaign's SLA
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  delivered_at    INTEGER,
  rejected        INTEGER NOT NULL DEFAULT 0,
  last_error      TEXT
);
CREATE INDEX outbox_due ON outbox(next_attempt_at) WHERE delivered_at IS NULL AND rejected = 0;
