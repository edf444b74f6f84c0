-- natlims schema, version 4: samples that are not people ("人物同检": environment and goods).
-- Such a sample is a row of persons (id_type 100, a server-made id_number, the description as
-- its name) so that it flows through tubes, runs, results and reports like a person, plus this
-- row saying what and where it is.
CREATE TABLE samples (
  person_id INTEGER PRIMARY KEY REFERENCES persons(id),
  kind      TEXT NOT NULL CHECK (kind IN ('environment', 'goods')),
  location  TEXT NOT NULL
);
