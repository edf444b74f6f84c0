-- natlims schema, version 1. Instants are milliseconds since the Unix epoch (UTC).
-- Sizes matter: a campaign stores one registration row per person (billions at national
-- scale), so the registration row holds small integers and nothing derivable.

CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  username      TEXT NOT NULL UNIQUE,
  role          TEXT NOT NULL CHECK (role IN ('admin','coordinator','sampler','lab_tech','lab_reviewer')),
  password_hash TEXT NOT NULL,
  disabled      INTEGER NOT NULL DEFAULT 0,
  created_at    INTEGER NOT NULL
);

-- The bearer token is never stored: only its SHA-256.
CREATE TABLE sessions (
  token_hash BLOB PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users(id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;

-- Every mutating call but a registration (whose row is its own audit record).
CREATE TABLE audit (
  id      INTEGER PRIMARY KEY,
  at      INTEGER NOT NULL,
  user_id INTEGER,
  action  TEXT NOT NULL,
  target  TEXT,
  client  TEXT,
  detail  TEXT        -- masked: never a full identity number or name
);

CREATE TABLE grid_units (
  id        INTEGER PRIMARY KEY,
  parent_id INTEGER REFERENCES grid_units(id),
  path      TEXT NOT NULL UNIQUE,
  name      TEXT NOT NULL,
  level     INTEGER NOT NULL
);
CREATE INDEX grid_units_parent ON grid_units(parent_id);

-- A person is keyed by (document type, number, nationality). grid_unit_id is set for people in
-- the population register and NULL for people first seen at a sampling table.
CREATE TABLE persons (
  id           INTEGER PRIMARY KEY,
  id_type      INTEGER NOT NULL,
  id_number    TEXT NOT NULL,
  nationality  TEXT NOT NULL,
  name         TEXT NOT NULL,
  phone        TEXT,
  grid_unit_id INTEGER REFERENCES grid_units(id),
  UNIQUE (id_type, id_number, nationality)
);
CREATE INDEX persons_grid ON persons(grid_unit_id) WHERE grid_unit_id IS NOT NULL;

CREATE TABLE campaigns (
  id                 INTEGER PRIMARY KEY,
  name               TEXT NOT NULL,
  area               TEXT NOT NULL,
  starts_at          INTEGER NOT NULL,
  deadline_hours     INTEGER NOT NULL CHECK (deadline_hours > 0),
  pool_size          INTEGER NOT NULL CHECK (pool_size BETWEEN 1 AND 20),
  report_sla_minutes INTEGER NOT NULL CHECK (report_sla_minutes > 0),
  created_by         INTEGER REFERENCES users(id),
  created_at         INTEGER NOT NULL,
  -- Running counts kept by the registration writer so progress is O(1) at any scale.
  registrations      INTEGER NOT NULL DEFAULT 0,
  sampled            INTEGER NOT NULL DEFAULT 0,
  tubes_open         INTEGER NOT NULL DEFAULT 0,
  tubes_closed       INTEGER NOT NULL DEFAULT 0,
  first_sample_at    INTEGER,
  last_sample_at     INTEGER
);

CREATE TABLE stations (
  id   INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
);

-- A tube code exists from its allocation; it joins a campaign on its first registration.
CREATE TABLE tubes (
  id           INTEGER PRIMARY KEY,
  code         TEXT NOT NULL UNIQUE,
  allocated_at INTEGER NOT NULL,
  campaign_id  INTEGER REFERENCES campaigns(id),
  pool_size    INTEGER,
  count        INTEGER NOT NULL DEFAULT 0,
  state        TEXT NOT NULL DEFAULT 'allocated',
  station_id   INTEGER REFERENCES stations(id),
  opened_at    INTEGER,
  closed_at    INTEGER,
  box_id       INTEGER
);

CREATE TABLE boxes (
  id             INTEGER PRIMARY KEY,
  code           TEXT NOT NULL UNIQUE,
  allocated_at   INTEGER NOT NULL,
  state          TEXT NOT NULL DEFAULT 'allocated',
  sealed_at      INTEGER,
  sealed_by      INTEGER REFERENCES users(id),
  tube_count     INTEGER,
  courier        TEXT,
  handed_over_at INTEGER
);

-- One person bound to one tube. idem is a 64-bit digest of (user, Idempotency-Key), compared
-- only among the person's registrations in the campaign, so it needs no index of its own.
CREATE TABLE registrations (
  id          INTEGER PRIMARY KEY,
  campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
  person_id   INTEGER NOT NULL REFERENCES persons(id),
  tube_id     INTEGER NOT NULL REFERENCES tubes(id),
  position    INTEGER NOT NULL,
  station_id  INTEGER NOT NULL REFERENCES stations(id),
  user_id     INTEGER NOT NULL REFERENCES users(id),
  client_id   INTEGER,
  sampled_at  INTEGER NOT NULL,
  idem        INTEGER,
  resample    TEXT,
  voided_at   INTEGER,
  voided_by   INTEGER,
  void_reason TEXT
);
CREATE INDEX registrations_person ON registrations(campaign_id, person_id);
CREATE INDEX registrations_tube ON registrations(tube_id);

-- Remote addresses, interned so a registration row carries a small integer.
CREATE TABLE clients (
  id      INTEGER PRIMARY KEY,
  address TEXT NOT NULL UNIQUE
);
