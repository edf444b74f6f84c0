-- natlims schema, version 6: the tubes of a box are looked up by box (sealing, receipt, the
-- dashboard's boxes in transit); without this index each lookup would scan the campaign's tubes.
CREATE INDEX tubes_box ON tubes(box_id) WHERE box_id IS NOT NULL;
