// Drives the real chain through the API to get a released positive on the board: register people
// into two pooled tubes, close them, seal them in a box, receive it, lay out a plate, import the
// run (natlims-results-v1: one tube positive, the other negative, the controls as they should be)
// and release it as a second person (the reviewer).
'use strict';

const crypto = require('node:crypto');

// One well's three targets: ORF1ab (FAM), N (VIC), internal control (CY5); null = undetermined.
function targets(well, sample, orf1ab, n, ic) {
  return [
    { well, sample, target: 'ORF1ab', dye: 'FAM', ct: orf1ab },
    { well, sample, target: 'N', dye: 'VIC', ct: n },
    { well, sample, target: 'IC', dye: 'CY5', ct: ic },
  ];
}

function runDocument(plate, positiveTube) {
  const wells = [];
  for (const w of plate.wells) {
    if (w.kind === 'sample') {
      const pos = w.tube === positiveTube;
      wells.push(...targets(w.well, w.tube, pos ? 24.5 : null, pos ? 26.1 : null, 28.0));
    } else if (w.kind === 'positive_control') {
      wells.push(...targets(w.well, w.name, 29.0, 30.0, 29.5));
    } else {
      wells.push(...targets(w.well, w.name, null, null, null));
    }
  }
  return { format: 'natlims-results-v1', instrument: 'web-test', run_id: 'web-test-' + crypto.randomUUID(), wells };
}

// people: [{id_number, name}], split between the positive tube (first `inPositive`) and a negative one.
async function releasePositive({ sampler, tech, reviewer, campaignId, people, inPositive }) {
  const { codes } = await sampler.expect(201, 'POST', '/api/v1/tube-codes', { count: 2 });
  const [positiveTube, negativeTube] = codes;
  for (const [i, p] of people.entries()) {
    await sampler.expect(201, 'POST', '/api/v1/registrations', {
      campaign_id: campaignId, tube: i < inPositive ? positiveTube : negativeTube, id_type: 'resident_id',
      id_number: p.id_number, name: p.name, station: 'WEB-TEST-2',
    }, { 'Idempotency-Key': crypto.randomUUID() });
  }
  for (const t of codes) await sampler.expect(200, 'POST', `/api/v1/tubes/${t}/close`);
  const box = (await sampler.expect(201, 'POST', '/api/v1/box-codes', { count: 1 })).codes[0];
  await sampler.expect(201, 'POST', '/api/v1/boxes', { code: box, tubes: codes });
  const receipt = await tech.expect(200, 'POST', `/api/v1/boxes/${box}/receive`, { tubes: codes });
  if (receipt.received !== 2) throw new Error('the lab received ' + receipt.received + ' of 2 tubes');
  const plate = await tech.expect(201, 'POST', '/api/v1/plates', { tubes: codes, kit: 'daan-orf1ab-n', wells: 96 });
  const run = await tech.expect(201, 'POST', '/api/v1/runs?plate=' + plate.id, runDocument(plate, positiveTube));
  if (!run.valid) throw new Error('the run is not valid: ' + JSON.stringify(run).slice(0, 300));
  await reviewer.expect(200, 'POST', `/api/v1/runs/${run.id}/release`);
  return { positiveTube, negativeTube, runId: run.id };
}

module.exports = { releasePositive };
