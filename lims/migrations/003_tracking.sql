-- natlims schema, version 3: running counts for live tracking, so the dashboard reads a few
-- small tables instead of scanning millions of registrations.

-- People of the register in each grid unit (kept by the register import).
ALTER TABLE grid_units ADD COLUMN population INTEGER NOT NULL DEFAULT 0;
UPDATE grid_units SET population = (SELECT count(*) FROM persons WHERE grid_unit_id = grid_units.id);

-- People sampled per campaign and grid unit (kept by the registration writer).
CREATE TABLE campaign_grid (
  campaign_id  INTEGER NOT NULL REFERENCES campaigns(id),
  grid_unit_id INTEGER NOT NULL REFERENCES grid_units(id),
  sampled      INTEGER NOT NULL,
  PRIMARY KEY (campaign_id, grid_unit_id)
) WITHOUT ROWID;
INSERT INTO campaign_grid(campaign_id, grid_unit_id, sampled)
  SELECT r.campaign_id, p.grid_unit_id, count(DISTINCT r.person_id) FROM registrations r
  JOIN persons p ON p.id = r.person_id WHERE r.voided_at IS NULL AND p.grid_unit_id IS NOT NULL
  GROUP BY r.campaign_id, p.grid_unit_id;

-- People sampled per campaign and hour since its start (kept by the registration writer).
CREATE TABLE campaign_hours (
  campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
  hour        INTEGER NOT NULL,
  sampled     INTEGER NOT NULL,
  PRIMARY KEY (campaign_id, hour)
) WITHOUT ROWID;
INSERT INTO campaign_hours(campaign_id, hour, sampled)
  SELECT r.campaign_id, (r.sampled_at - c.starts_at) / 3600000, count(*) FROM registrations r
  JOIN campaigns c ON c.id = r.campaign_id WHERE r.voided_at IS NULL AND r.resample IS NULL
  GROUP BY r.campaign_id, (r.sampled_at - c.starts_at) / 3600000;

CREATE INDEX tubes_campaign_state ON tubes(campaign_id, state);
CREATE INDEX boxes_state ON boxes(state);

-- A campaign's plan (lims-plan's model run on a scenario), for the dashboard's planned curve
-- and behind-plan alerts.
CREATE TABLE campaign_plans (
  campaign_id INTEGER PRIMARY KEY REFERENCES campaigns(id),
  created_at  INTEGER NOT NULL,
  created_by  INTEGER REFERENCES users(id),
  start_at    INTEGER NOT NULL,   -- the scenario's start
  hourly      TEXT NOT NULL,      -- JSON array: people planned to be swabbed in each hour
  plan        TEXT NOT NULL       -- the plan as POST /api/v1/plan answers it
);
