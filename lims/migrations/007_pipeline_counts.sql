-- natlims schema, version 7: the lab pipeline as running counts, and indexes for the few
-- result rows the dashboard reads, so that a campaign of ten million people loads its
-- dashboard from a handful of small rows instead of walking a million tubes or results.

-- Tubes and the people in them per campaign and tube state. Kept by triggers on tubes, so
-- every path that moves a tube (registration, close, void, box, receipt, run, release) is
-- counted without each having to remember it; rows that fall to zero stay, with zeros.
CREATE TABLE campaign_tube_states (
  campaign_id INTEGER NOT NULL,
  state       TEXT NOT NULL,
  tubes       INTEGER NOT NULL,
  people      INTEGER NOT NULL,
  PRIMARY KEY (campaign_id, state)
) WITHOUT ROWID;
INSERT INTO campaign_tube_states(campaign_id, state, tubes, people)
  SELECT campaign_id, state, count(*), coalesce(sum(count), 0) FROM tubes WHERE campaign_id IS NOT NULL
  GROUP BY campaign_id, state;

CREATE TRIGGER tubes_counted_insert AFTER INSERT ON tubes WHEN new.campaign_id IS NOT NULL BEGIN
  INSERT INTO campaign_tube_states(campaign_id, state, tubes, people) VALUES (new.campaign_id, new.state, 1, new.count)
    ON CONFLICT (campaign_id, state) DO UPDATE SET tubes = tubes + 1, people = people + excluded.people;
END;

CREATE TRIGGER tubes_counted_update AFTER UPDATE OF campaign_id, state, count ON tubes
WHEN old.campaign_id IS NOT new.campaign_id OR old.state IS NOT new.state OR old.count IS NOT new.count BEGIN
  UPDATE campaign_tube_states SET tubes = tubes - 1, people = people - old.count
    WHERE campaign_id = old.campaign_id AND state = old.state;
  INSERT INTO campaign_tube_states(campaign_id, state, tubes, people)
    SELECT new.campaign_id, new.state, 1, new.count WHERE new.campaign_id IS NOT NULL
    ON CONFLICT (campaign_id, state) DO UPDATE SET tubes = tubes + 1, people = people + excluded.people;
END;

CREATE TRIGGER tubes_counted_delete AFTER DELETE ON tubes WHEN old.campaign_id IS NOT NULL BEGIN
  UPDATE campaign_tube_states SET tubes = tubes - 1, people = people - old.count
    WHERE campaign_id = old.campaign_id AND state = old.state;
END;

-- Tubes received but untested for too long: a range of this index, not a read of each tube.
DROP INDEX tubes_campaign_state;
CREATE INDEX tubes_campaign_state ON tubes(campaign_id, state, received_at);

-- Positive and retest results (few at any prevalence) and the latest releases (turnaround).
-- The queries that use them join results CROSS JOIN tubes, so that SQLite (which has no
-- statistics here) starts from these few results, not from the campaign's million tubes.
CREATE INDEX results_positive ON results(released_at)
  WHERE result IN ('positive', 'retest') AND released_at IS NOT NULL AND superseded = 0;
CREATE INDEX results_released ON results(released_at) WHERE released_at IS NOT NULL;
-- A result's report in the outbox (the positives board), without a temporary index each time.
CREATE INDEX outbox_result ON outbox(result_id, kind) WHERE result_id IS NOT NULL;
