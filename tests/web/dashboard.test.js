// End-to-end test of the coordinators' dashboard: the real lims-server (--demo, port 0, a fresh
// data directory) and the page it serves at /, driven in headless Chromium by playwright-core.
//
//   node dashboard.test.js --server PATH/lims-server [--artifacts DIR] [--web-root DIR]
//
// --artifacts: where screenshots go (default ./artifacts/web). --web-root serves the page from that
// folder through a pass-through front instead of the server's own / (only for working on the page
// before the server serves it; ctest never passes it).
//
// What it checks: a wrong password is refused on the form and a sampler is turned away (role);
// the demo coordinator signs in through the form; the campaign's name, population (3000), sampled
// figure, coverage and the coverage table are what the API answers; a row click drills one grid
// level down, the keyboard further down to the finest unit, the back button and the breadcrumbs
// walk back up; a not-sampled CSV downloads with one line per person missing; a registration made
// through the API meanwhile shows up by itself; a second round's released positive (taken through
// the lab chain) counts down in red with its alert; the countdowns tick; no identity number is on
// the page; every request stays on the server; no script error; the wall layout fits 1920 x 1080;
// stopping the server turns the page into a clear "unreachable" state.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const crypto = require('node:crypto');

const { requirePlaywright } = require('./support/deps');
const { startServer } = require('./support/server');
const { startWebFront } = require('./support/webFront');
const { Api } = require('./support/api');
const { residentId } = require('./support/residentId');
const { releasePositive } = require('./support/labChain');

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const UI_TIMEOUT_MS = 12000;  // two polls and a half

function parseArgs(argv) {
  const out = { server: null, artifacts: path.resolve('artifacts/web'), webRoot: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => { if (i + 1 >= argv.length) throw new Error(a + ' needs a value'); return argv[++i]; };
    if (a === '--server') out.server = path.resolve(next());
    else if (a === '--artifacts') out.artifacts = path.resolve(next());
    else if (a === '--web-root') out.webRoot = path.resolve(next());
    else throw new Error('unknown argument ' + a + ' (usage: --server PATH [--artifacts DIR] [--web-root DIR])');
  }
  if (!out.server) throw new Error('--server PATH/lims-server is required');
  if (!fs.existsSync(out.server)) throw new Error('no lims-server at ' + out.server);
  return out;
}

const t0 = Date.now();
function step(name) {
  console.log(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s] ${name}`);
}

const digits = (text) => Number(String(text).replace(/[^\d]/g, ''));
const pct = (x) => (x * 100).toFixed(1) + '%';

function latestCampaign(campaigns) {
  return campaigns.reduce((best, c) => {
    const a = Date.parse(c.starts_at), b = Date.parse(best.starts_at);
    return a > b || (a === b && c.id > best.id) ? c : best;
  });
}

// Polls `probe` until it returns without throwing; the last failure explains a timeout.
async function eventually(what, probe, timeoutMs = UI_TIMEOUT_MS) {
  const until = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      return await probe();
    } catch (e) {
      last = e;
    }
    if (Date.now() > until) throw new Error(what + ' (not within ' + timeoutMs + ' ms): ' + (last && last.message));
    await new Promise((r) => setTimeout(r, 150));
  }
}

// What the page shows, read in one go so that a poll cannot land between two reads.
async function readPage(page) {
  return page.evaluate(() => {
    const text = (sel) => { const el = document.querySelector(sel); return el ? el.textContent.trim() : null; };
    const rows = [...document.querySelectorAll('#coverage-table tbody tr[data-path]')].map((tr) => ({
      path: tr.dataset.path,
      name: tr.querySelector('th a').textContent.trim(),
      population: tr.cells[1].textContent.trim(),
      sampled: tr.cells[2].textContent.trim(),
      coverage: tr.querySelector('.pct').textContent.trim(),
      behind: tr.classList.contains('behind'),
      csv: tr.querySelector('a.csv') ? tr.querySelector('a.csv').getAttribute('href') : null,
      csvLabel: tr.querySelector('a.csv') ? tr.querySelector('a.csv').textContent.trim() : null,
    }));
    const stages = {};
    for (const li of document.querySelectorAll('#pipeline li[data-stage]')) stages[li.dataset.stage] = li.querySelector('.stage-value').firstChild.textContent.trim();
    return {
      name: text('#campaign-name'),
      population: text('#population'),
      sampled: text('#sampled'),
      coverage: text('#coverage'),
      registrations: text('#registrations'),
      verdict: text('#verdict'),
      updated: text('#updated'),
      countdown: text('#deadline-countdown'),
      crumbs: [...document.querySelectorAll('#breadcrumbs li')].map((li) => li.textContent.trim()),
      rows,
      footPopulation: text('#coverage-table tfoot td:nth-of-type(1)'),
      stages,
      positives: document.querySelectorAll('#positives tbody tr[data-tube]').length,
      alerts: document.querySelectorAll('#alerts li.alert').length,
      offline: !document.getElementById('offline').hidden,
      offlineText: text('#offline'),
      hash: location.hash,
    };
  });
}

// The page against one dashboard answer, exactly.
function assertShows(shown, ans, where) {
  const p = ans.progress;
  assert.equal(shown.name, ans.campaign.name, where + ': campaign name');
  assert.equal(digits(shown.population), p.population, where + ': population');
  assert.equal(digits(shown.sampled), p.sampled, where + ': sampled');
  assert.equal(shown.coverage, pct(p.coverage), where + ': coverage');
  assert.equal(digits(shown.registrations), p.registrations, where + ': registrations');
  assert.match(shown.verdict, p.on_track ? /ON TRACK|ALL SAMPLED/ : /BEHIND/, where + ': verdict');
  const children = ans.coverage.children;
  assert.deepEqual(shown.rows.map((r) => r.path).sort(), children.map((c) => c.path).sort(), where + ': coverage rows');
  const natural = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
  assert.deepEqual(shown.rows.map((r) => r.name), children.map((c) => c.name).sort(natural.compare), where + ': rows in natural order');
  children.forEach((c) => {
    const r = shown.rows.find((x) => x.path === c.path);
    assert.equal(r.name, c.name, where + ': name of ' + c.path);
    assert.equal(digits(r.population), c.population, where + ': population of ' + c.path);
    assert.equal(digits(r.sampled), c.sampled, where + ': sampled of ' + c.path);
    assert.equal(r.coverage, pct(c.coverage), where + ': coverage of ' + c.path);
    assert.equal(r.behind, c.behind_plan, where + ': behind plan of ' + c.path);
    assert.equal(digits(r.csvLabel), c.population - c.sampled, where + ': people missing in ' + c.path);
    assert.equal(new URLSearchParams(r.csv.split('?')[1]).get('grid'), c.path, where + ': CSV link of ' + c.path);
  });
  const pl = ans.pipeline;
  for (const k of ['registered_tubes', 'closed_tubes', 'in_transit_boxes', 'received_tubes', 'tested_tubes', 'released_tubes']) {
    assert.equal(digits(shown.stages[k]), pl[k], where + ': pipeline ' + k);
  }
  assert.equal(shown.positives, ans.positives.filter((x) => x.tube).length, where + ': positives');
  assert.equal(shown.alerts, ans.alerts.length, where + ': alerts');
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const { chromium } = requirePlaywright();
  fs.mkdirSync(opts.artifacts, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'natlims-web-'));
  const cleanups = [];
  let ok = false;
  try {
    step('starting lims-server --demo on ' + tmp);
    const server = await startServer(opts.server, path.join(tmp, 'data'));
    cleanups.push(() => server.stop());
    let base = server.url;
    if (opts.webRoot) {
      const front = await startWebFront(opts.webRoot, server.url);
      cleanups.push(() => front.close());
      base = front.url;
      step('page from ' + opts.webRoot + ' through ' + base);
    }
    const coordinator = server.credentials.coordinator;
    const sampler = server.credentials.sampler;
    assert.ok(coordinator && sampler, 'demo-credentials.txt names the coordinator and the sampler');

    // The assets the server serves at / (no external resources anywhere: checked below on every request).
    const assets = { '/': /^text\/html/, '/app.js': /^(text|application)\/javascript/, '/style.css': /^text\/css/ };
    for (const [url, type] of Object.entries(assets)) {
      const res = await fetch(base + url);
      assert.equal(res.status, 200, 'GET ' + url + ' is served by lims-server (status)');
      assert.match(res.headers.get('content-type') || '', type, 'GET ' + url + ' content type');
    }

    const api = new Api(server.url);
    await api.login(coordinator.username, coordinator.password);
    const { campaigns } = await api.expect(200, 'GET', '/api/v1/campaigns');
    assert.ok(campaigns.length >= 1, 'the demo has a campaign');
    const campaign = latestCampaign(campaigns);
    const dashPath = (grid) => `/api/v1/campaigns/${campaign.id}/dashboard` + (grid ? '?grid=' + encodeURIComponent(grid) : '');
    const first = await api.expect(200, 'GET', dashPath());
    assert.equal(first.progress.population, 3000, 'the demo town has 3000 residents');
    assert.ok(first.coverage.children.length >= 1, 'the area has grid units below it');

    // A second, earlier round with a 20-minute report SLA and one released positive pool: the page
    // keeps the latest round as its default, and this one shows the positives board turning red.
    step('a second round with a released positive (lab chain through the API)');
    // The demo's simulated stations attach to the newest round they find when they start: let them
    // find the demo's round first (they register about one person a second), so that round 2
    // holds only this test's people. With the simulation off, go on after a few seconds.
    await eventually('the demo simulation registers in the demo round', async () => {
      const p = await api.expect(200, 'GET', `/api/v1/campaigns/${campaign.id}/progress`);
      assert.ok(p.registrations > 0, 'no registration yet');
    }, 6000).catch(() => console.log('  (no demo simulation seen; going on)'));
    const rfc3339 = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, '+00:00');
    const urgentRound = await api.expect(201, 'POST', '/api/v1/campaigns', {
      name: 'Web test round 2', area: campaign.area, starts_at: rfc3339(Date.parse(campaign.starts_at) - 3600000),
      deadline_hours: 48, pool_size: 10, report_sla_minutes: 20,
    });
    const clients = {};
    for (const who of ['sampler', 'labtech', 'reviewer']) {
      clients[who] = new Api(server.url);
      await clients[who].login(who, server.credentials[who].password);
    }
    const people = Array.from({ length: 5 }, (_, i) => ({ id_number: residentId('198' + i + '0615', 100 + i), name: '检测' + '甲乙丙丁戊'[i] }));
    const lab = await releasePositive({ sampler: clients.sampler, tech: clients.labtech, reviewer: clients.reviewer,
      campaignId: urgentRound.id, people, inPositive: 3 });

    step('launching ' + CHROMIUM);
    const context = await chromium.launchPersistentContext(path.join(tmp, 'chromium-profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1366, height: 768 },
      acceptDownloads: true,
      timezoneId: 'UTC',
      locale: 'en-US',
    });
    cleanups.unshift(() => context.close());
    const page = context.pages()[0] || await context.newPage();
    page.setDefaultTimeout(UI_TIMEOUT_MS);

    const problems = [];
    let serverStopped = false;
    let refusalExpected = false;  // the browser logs the 401 of the wrong password as an error
    page.on('pageerror', (e) => problems.push('script error: ' + e.message));
    page.on('console', (m) => {
      if (m.type() !== 'error' || serverStopped || (refusalExpected && /status of 40[13]/.test(m.text()))) return;
      problems.push('console error: ' + m.text());
    });
    const origin = new URL(base).origin;
    page.on('request', (r) => {
      const u = r.url();
      if (!u.startsWith(origin + '/') && !u.startsWith('data:') && !u.startsWith('blob:')) problems.push('request outside the server: ' + u);
    });
    // The last dashboard answer the page received, to compare the page with exactly that.
    let pageAnswer = null;
    page.on('response', async (res) => {
      if (!/\/api\/v1\/campaigns\/\d+\/dashboard/.test(res.url()) || res.status() !== 200) return;
      try { pageAnswer = { url: res.url(), json: await res.json() }; } catch (_) { /* page navigated */ }
    });
    const showsAnswer = (where, grid) => eventually(where + ': the page shows its last answer', async () => {
      const shown = await readPage(page);
      assert.ok(pageAnswer, 'no dashboard answer yet');
      const url = new URL(pageAnswer.url);
      assert.equal(url.searchParams.get('grid'), grid || null, 'the page asked for grid ' + grid);
      assertShows(shown, pageAnswer.json, where);
      return { shown, ans: pageAnswer.json };
    });

    step('sign in through the form');
    await page.goto(base + '/');
    await page.locator('#login-form').waitFor({ state: 'visible' });
    await page.fill('#username', coordinator.username);
    await page.fill('#password', coordinator.password + 'x');
    refusalExpected = true;
    await page.click('#login-submit');
    await page.locator('#login-error').waitFor({ state: 'visible' });
    refusalExpected = false;
    assert.match(await page.textContent('#login-error'), /Wrong user name or password/, 'a wrong password is refused');
    assert.ok(await page.locator('#main').isHidden(), 'no dashboard after a wrong password');
    // A sampler signs in but may not see the dashboard: back to the form, saying why.
    await page.fill('#username', sampler.username);
    await page.fill('#password', sampler.password);
    refusalExpected = true;
    await page.click('#login-submit');
    await eventually('the sampler is turned away', async () => {
      assert.ok(await page.locator('#login-error').isVisible(), 'message shown');
      assert.match(await page.textContent('#login-error'), /sampler role cannot see the dashboard/);
    });
    refusalExpected = false;
    assert.equal(await page.evaluate(() => sessionStorage.getItem('natlims.session')), null, 'the sampler\'s session is not kept');
    await page.fill('#username', coordinator.username);
    await page.fill('#password', coordinator.password);
    await page.press('#password', 'Enter');
    await page.locator('#main').waitFor({ state: 'visible' });
    const stored = await page.evaluate(() => sessionStorage.getItem('natlims.session'));
    assert.ok(stored && JSON.parse(stored).role === 'coordinator', 'the session is kept in sessionStorage');

    step('campaign, population, coverage and the table match the API');
    const before = await api.expect(200, 'GET', dashPath());
    const top = await showsAnswer('area level');
    const after = await api.expect(200, 'GET', dashPath());
    assert.equal(top.shown.name, campaign.name, 'the latest campaign is shown by default');
    assert.equal(digits(top.shown.population), 3000, 'population shown');
    assert.ok(before.progress.sampled <= digits(top.shown.sampled) && digits(top.shown.sampled) <= after.progress.sampled,
      'the sampled figure is the API\'s of the moment');
    assert.equal(digits(top.shown.footPopulation), top.ans.progress.population, 'the grid units below the area add up to the population');
    assert.deepEqual(top.shown.crumbs, [campaign.area], 'breadcrumbs at the area');
    assert.match(top.shown.updated, /updated .*\d\d:\d\d:\d\d/, 'the time of the last update is shown');
    await page.screenshot({ path: path.join(opts.artifacts, 'dashboard-desktop.png') });
    await page.screenshot({ path: path.join(opts.artifacts, 'dashboard-desktop-full.png'), fullPage: true });

    step('the deadline countdown ticks');
    const c1 = (await readPage(page)).countdown;
    assert.match(c1, /^\d+:\d\d:\d\d$/, 'countdown format');
    const hms = (t) => t.split(':').reduce((a, v) => a * 60 + Number(v), 0);
    await eventually('the deadline countdown runs down', async () => {
      const c2 = (await readPage(page)).countdown;
      assert.ok(hms(c2) < hms(c1), `${c1} then ${c2}`);
    }, 5000);

    step('drill down: a row click, then the keyboard; back with the back button and a breadcrumb');
    const unit = first.coverage.children[0];
    await page.locator(`#coverage-table tbody tr[data-path="${unit.path}"] td.num`).first().click();
    const level2 = await showsAnswer('one level down', unit.path);
    assert.deepEqual(level2.shown.crumbs, [campaign.area, unit.name], 'breadcrumbs one level down');
    assert.equal(digits(level2.shown.footPopulation), unit.population, 'the units below add up to the unit\'s population');
    assert.ok(level2.shown.hash.includes('grid='), 'the grid is in the address');
    const unit2 = level2.ans.coverage.children[0];
    assert.ok(unit2, unit.path + ' has grid units below it');
    await page.locator(`#coverage-table tbody tr[data-path="${unit2.path}"] a.drill`).focus();
    await page.keyboard.press('Enter');
    const level3 = await showsAnswer('two levels down', unit2.path);
    assert.deepEqual(level3.shown.crumbs, [campaign.area, unit.name, unit2.name], 'breadcrumbs two levels down');
    await page.screenshot({ path: path.join(opts.artifacts, 'dashboard-drilldown.png'), fullPage: true });

    step('not-sampled CSV of one grid unit');
    const row = level3.ans.coverage.children[0];
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator(`#coverage-table tbody tr[data-path="${row.path}"] a.csv`).click(),
    ]);
    const csvFile = path.join(tmp, 'not-sampled.csv');  // demo names and phones: not kept as an artifact
    await download.saveAs(csvFile);
    const lines = fs.readFileSync(csvFile, 'utf8').split('\n').filter((l) => l.length);
    assert.match(lines[0], /grid_unit/, 'the CSV has a header');
    // Everyone listed lives in that unit; with a simulation running, more may have been sampled since.
    assert.ok(lines.length - 1 <= row.population - row.sampled && lines.length - 1 >= 1, `one line per person not sampled in ${row.path} (${lines.length - 1} for ${row.population - row.sampled})`);
    for (const l of lines.slice(1)) assert.ok(l.startsWith(row.path) || l.startsWith('"' + row.path), 'CSV line in ' + row.path + ': ' + l.slice(0, 60));
    assert.ok(!/(^|[^\d])\d{17}[\dX]([^\d]|$)/.test(lines.join('\n')), 'no whole identity number in the CSV');

    step('the finest grid unit, then back up');
    await page.locator(`#coverage-table tbody tr[data-path="${row.path}"] a.drill`).click();
    await eventually('the finest grid unit', async () => {
      const [text, csvLabel] = await page.evaluate(() => [document.querySelector('#coverage-table tbody').textContent,
        (document.querySelector('#coverage-table tbody a.csv') || {}).textContent]);
      assert.ok(pageAnswer && new URL(pageAnswer.url).searchParams.get('grid') === row.path, 'asked for ' + row.path);
      const cov = pageAnswer.json.coverage;
      assert.equal(cov.children.length, 0, 'the API has no units below ' + row.path);
      assert.match(text, /No finer grid units below/, 'says there is nothing below');
      assert.ok(text.includes(`${cov.sampled.toLocaleString('en-US')} of ${cov.population.toLocaleString('en-US')} sampled`), 'the unit\'s own figures: ' + text);
      assert.equal(digits(csvLabel), cov.population - cov.sampled, 'its CSV link counts the people missing');
    });
    assert.equal((await readPage(page)).crumbs.length, 4, 'four breadcrumbs at the finest level');
    await page.goBack();
    await showsAnswer('back to two levels down', unit2.path);
    await page.goBack();
    const back = await showsAnswer('back button', unit.path);
    assert.deepEqual(back.shown.crumbs, [campaign.area, unit.name], 'the back button goes one level up');
    await page.locator('#breadcrumbs a', { hasText: campaign.area }).click();
    const up = await showsAnswer('breadcrumb to the area');
    assert.deepEqual(up.shown.crumbs, [campaign.area], 'the first breadcrumb leads back to the area');

    step('a registration made through the API appears by itself');
    const shownBefore = await readPage(page);
    const samplerApi = new Api(server.url);
    await samplerApi.login(sampler.username, sampler.password);
    const { codes } = await samplerApi.expect(201, 'POST', '/api/v1/tube-codes', { count: 1 });
    const idNumber = residentId('19900101', crypto.randomInt(0, 1000));
    const reg = await samplerApi.expect(201, 'POST', '/api/v1/registrations', {
      campaign_id: campaign.id, tube: codes[0], id_type: 'resident_id', id_number: idNumber, name: '测试者', station: 'WEB-TEST-1',
    }, { 'Idempotency-Key': crypto.randomUUID() });
    assert.equal(reg.tube.code, codes[0], 'registered into the new tube');
    const afterReg = await api.expect(200, 'GET', dashPath());
    assert.ok(afterReg.progress.registrations > digits(shownBefore.registrations), 'the API counts the registration');
    const updated = await eventually('the page picks up the registration', async () => {
      const r = await showsAnswer('after the registration');
      assert.ok(r.ans.progress.registrations >= afterReg.progress.registrations, 'an answer from after the registration');
      return r;
    });
    assert.ok(digits(updated.shown.registrations) > digits(shownBefore.registrations), 'registrations shown went up');
    assert.ok(digits(updated.shown.stages.registered_tubes) > digits(shownBefore.stages.registered_tubes), 'the new tube is in the pipeline');
    assert.notEqual(updated.shown.updated, shownBefore.updated, 'the update time moved');

    step('privacy: no identity number on the page');
    const html = await page.content();
    assert.ok(!html.includes(idNumber), 'the registered ID number is not on the page');
    assert.ok(!/(^|[^\d])\d{17}[\dX]([^\d]|$)/.test(await page.evaluate(() => document.body.innerText)), 'no 18-character ID number on the page');

    step('the campaign picker; the positives board counts down and turns red under 30 minutes');
    await page.selectOption('#campaign-picker', String(urgentRound.id));
    const round2 = await eventually('the second round', async () => {
      const r = await showsAnswer('second round');
      assert.equal(r.ans.campaign.id, urgentRound.id, 'the page shows the round picked');
      return r;
    });
    assert.equal(round2.shown.name, 'Web test round 2');
    const positive = round2.ans.positives.find((x) => x.tube === lab.positiveTube);
    assert.ok(positive, 'the API lists the released positive');
    assert.ok(!round2.ans.positives.some((x) => x.tube === lab.negativeTube), 'the negative tube is not a positive');
    assert.equal(positive.report_state, 'pending', 'its report is pending');
    assert.ok(positive.seconds_left > 0 && positive.seconds_left <= 20 * 60, 'due within the 20-minute SLA');
    const readPositive = () => page.evaluate((tube) => {
      const tr = document.querySelector(`#positives tbody tr[data-tube="${tube}"]`);
      return tr && { cls: tr.className, cells: [...tr.cells].map((c) => c.textContent.trim()) };
    }, lab.positiveTube);
    const row1 = await readPositive();
    assert.ok(row1, 'the positive is on the board');
    assert.match(row1.cls, /urgent/, 'under 30 minutes left: marked urgent (red)');
    assert.equal(row1.cells[0], lab.positiveTube, 'tube code');
    assert.match(row1.cells[1], /^3 pooled/, 'a pooled tube of three people: ' + row1.cells[1]);
    assert.match(row1.cells[4], /^0:(1\d|0\d|20):\d\d$/, 'time left shown as h:mm:ss, under 20 minutes: ' + row1.cells[4]);
    assert.match(row1.cells[5], /due soon/, 'report state');
    // Ticks every second; a loaded machine may delay a tick, so allow a few seconds.
    const secs = (t) => t.split(':').reduce((a, v) => a * 60 + Number(v), 0);
    await eventually('the positive\'s countdown runs down client-side', async () => {
      const row2 = await readPositive();
      assert.ok(secs(row2.cells[4]) < secs(row1.cells[4]), `${row1.cells[4]} then ${row2.cells[4]}`);
    }, 5000);
    const alertKinds = await page.$$eval('#alerts li.alert', (lis) => lis.map((li) => li.dataset.kind + ':' + li.className));
    assert.ok(alertKinds.some((k) => /^report_due_soon:.*warning/.test(k)), 'the report due soon is an alert: ' + alertKinds.join(', '));
    assert.equal(digits(round2.shown.stages.released_tubes), 2, 'both tubes released in the pipeline');
    assert.equal(round2.ans.progress.registrations, people.length, 'round 2 holds only this test\'s registrations');

    step('wall display 1920x1080');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(300);
    const wall = await page.evaluate(() => ({
      bottom: Math.max(...[...document.querySelectorAll('main .card')].map((c) => c.getBoundingClientRect().bottom)),
      height: window.innerHeight,
      scroll: document.documentElement.scrollWidth,
      width: window.innerWidth,
      font: getComputedStyle(document.documentElement).fontSize,
    }));
    assert.ok(wall.scroll <= wall.width, 'nothing overflows sideways on the wall display');
    assert.equal(wall.font, '18px', 'the wall display uses the larger type');
    await page.screenshot({ path: path.join(opts.artifacts, 'dashboard-wall.png') });
    assert.ok(wall.bottom <= wall.height, `every panel fits on one wall screen (bottom ${wall.bottom} of ${wall.height})`);
    await page.screenshot({ path: path.join(opts.artifacts, 'dashboard-wall.png') });

    step('the server goes away: the page says so');
    await page.setViewportSize({ width: 1366, height: 768 });
    const lastGood = await readPage(page);
    serverStopped = true;
    const stop = await server.stop();
    assert.equal(stop.code, 0, 'lims-server stops cleanly on SIGTERM');
    const offline = await eventually('the unreachable state', async () => {
      const r = await readPage(page);
      assert.ok(r.offline, 'banner shown');
      return r;
    });
    assert.match(offline.offlineText, /Server unreachable/, 'the banner says the server is unreachable');
    assert.match(offline.updated, /last updated \d\d:\d\d:\d\d/, 'the time of the last good data stays visible');
    assert.ok(lastGood.updated.endsWith(offline.updated.match(/\d\d:\d\d:\d\d/)[0]), 'the same time as the last update');
    assert.ok(await page.evaluate(() => document.body.classList.contains('stale')), 'the figures are marked stale');
    await page.screenshot({ path: path.join(opts.artifacts, 'dashboard-offline.png') });

    assert.deepEqual(problems, [], 'no script errors and no requests outside the server');
    ok = true;
  } finally {
    for (const c of cleanups) {
      try { await c(); } catch (e) { console.error('cleanup: ' + e.message); }
    }
    if (ok) fs.rmSync(tmp, { recursive: true, force: true });
    else console.error('kept ' + tmp + ' for inspection');
  }
  step('passed; screenshots in ' + opts.artifacts);
}

main().catch((e) => {
  console.error('FAILED: ' + (e && e.stack ? e.stack : e));
  process.exit(1);
});
