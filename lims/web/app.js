// natlims coordinators' dashboard. Plain JavaScript, no dependencies, served by lims-server.
//
// Data: the JSON API under /api/v1 with a bearer token kept in sessionStorage (gone when the tab
// closes). The page polls the campaign's dashboard every 5 s and ticks its countdowns every second
// from the server's own clock ("now" in each answer), so a wrong laptop clock does not move a
// deadline. The view (campaign, grid unit) lives in the URL's hash, so the browser's back button
// walks back up the grid and a wall display can be pointed at one unit.
'use strict';

(() => {
  const POLL_MS = 5000;
  const REQUEST_TIMEOUT_MS = 8000;
  const URGENT_SECONDS = 30 * 60;  // a positive's report countdown turns red under 30 minutes
  const SESSION_KEY = 'natlims.session';
  const SVG_NS = 'http://www.w3.org/2000/svg';
  const CAMPAIGNS_EVERY_MS = 60000;  // new rounds appear in the picker within a minute

  const state = {
    session: null,       // {token, role, expires_at, username}
    campaigns: [],
    campaignsAt: 0,      // performance.now() of the last campaign list
    campaignId: null,
    grid: null,          // grid path shown in the coverage table; null = the campaign's area
    data: null,          // the last dashboard answer
    clock: null,         // {serverMs, monoMs, offsetMinutes}: the server's clock at the last answer
    lastOkAt: null,      // server time of the last good answer
    offline: false,
    pollTimer: null,
    tickTimer: null,
    seq: 0,              // request sequence: answers to superseded requests are dropped
  };

  // ---- small DOM helpers (text always goes in as text nodes: names come from imported data) ----

  const $ = (id) => document.getElementById(id);

  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    setAttrs(el, attrs);
    appendAll(el, children);
    return el;
  }

  function s(tag, attrs, ...children) {
    const el = document.createElementNS(SVG_NS, tag);
    setAttrs(el, attrs);
    appendAll(el, children);
    return el;
  }

  function setAttrs(el, attrs) {
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') el.setAttribute('class', v);
      else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? '' : String(v));
    }
  }

  function appendAll(el, children) {
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      el.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
  }

  function replaceChildren(el, ...children) {
    el.replaceChildren();
    appendAll(el, children);
  }

  // ---- formatting: every time is shown in the server's UTC offset, taken from its answers ----

  const nf = new Intl.NumberFormat('en-US');
  const naturalOrder = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
  const fmtInt = (n) => (n === null || n === undefined ? '—' : nf.format(n));
  const fmtPct = (x) => (x === null || x === undefined ? '—' : (x * 100).toFixed(1) + '%');
  const pad2 = (n) => String(n).padStart(2, '0');
  const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

  function offsetOf(rfc3339) {
    const m = /([+-])(\d\d):?(\d\d)$/.exec(rfc3339 || '');
    if (!m) return 0;
    return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
  }

  function shifted(ms) {
    return new Date(ms + (state.clock ? state.clock.offsetMinutes : 0) * 60000);
  }

  function fmtClock(ms, seconds) {
    const d = shifted(ms);
    return pad2(d.getUTCHours()) + ':' + pad2(d.getUTCMinutes()) + (seconds ? ':' + pad2(d.getUTCSeconds()) : '');
  }

  function fmtDayTime(ms) {
    const d = shifted(ms);
    return WEEKDAYS[d.getUTCDay()] + ' ' + pad2(d.getUTCDate()) + '/' + pad2(d.getUTCMonth() + 1) + ' ' + fmtClock(ms, false);
  }

  function fmtOffset(minutes) {
    const sign = minutes < 0 ? '−' : '+';
    const a = Math.abs(minutes);
    return 'UTC' + sign + pad2(Math.floor(a / 60)) + ':' + pad2(a % 60);
  }

  // h:mm:ss, hours unbounded ("45:12:03").
  function fmtCountdown(seconds) {
    const t = Math.max(0, Math.floor(seconds));
    return Math.floor(t / 3600) + ':' + pad2(Math.floor((t % 3600) / 60)) + ':' + pad2(t % 60);
  }

  function fmtHours(hours) {
    return (Math.round(hours * 10) / 10).toFixed(1) + ' h';
  }

  function fmtMinutes(min) {
    if (min === null || min === undefined) return '—';
    const m = Math.round(min);
    return m < 60 ? m + ' min' : Math.floor(m / 60) + ' h ' + pad2(m % 60) + ' min';
  }

  const parseTime = (t) => (t ? Date.parse(t) : NaN);

  // The server's "now", advanced by the monotonic clock since the last answer.
  function serverNow() {
    if (!state.clock) return Date.now();
    return state.clock.serverMs + (performance.now() - state.clock.monoMs);
  }

  // The server's clock from an answer's "now". Whole seconds mean the true time lies within the
  // next second: take its middle. The clock never steps back by less than 2 s (that is only
  // rounding and latency, and would make countdowns stutter); a larger difference is believed.
  function nextClock(nowText) {
    let serverMs = parseTime(nowText);
    if (!Number.isFinite(serverMs)) serverMs = Date.now();
    else if (!/\.\d+/.test(nowText)) serverMs += 500;
    if (state.clock) {
      const current = serverNow();
      if (serverMs < current && current - serverMs < 2000) serverMs = current;
    }
    return { serverMs, monoMs: performance.now(), offsetMinutes: offsetOf(nowText) };
  }

  // ---- session ----

  function loadSession() {
    try {
      const raw = sessionStorage.getItem(SESSION_KEY);
      if (!raw) return null;
      const sess = JSON.parse(raw);
      if (!sess || typeof sess.token !== 'string') return null;
      if (sessionExpired(sess)) return null;
      return sess;
    } catch (_) {
      return null;
    }
  }

  function sessionExpired(sess) {
    const exp = parseTime(sess.expires_at);
    return Number.isFinite(exp) && exp <= Date.now();
  }

  function saveSession(sess) {
    state.session = sess;
    sessionStorage.setItem(SESSION_KEY, JSON.stringify(sess));
  }

  function clearSession() {
    state.session = null;
    sessionStorage.removeItem(SESSION_KEY);
  }

  // ---- API ----

  class ApiError extends Error {
    constructor(status, body) {
      const err = (body && body.error) || {};
      super(err.message || 'HTTP ' + status);
      this.status = status;
      this.code = err.code || '';
      this.field = err.field || '';
    }
  }

  class NetworkError extends Error {}

  async function request(path, { method = 'GET', body, accept = 'application/json' } = {}) {
    const headers = { Accept: accept };
    if (state.session) headers.Authorization = 'Bearer ' + state.session.token;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(), REQUEST_TIMEOUT_MS);
    let res;
    try {
      res = await fetch(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
        credentials: 'omit',
        signal: ctl.signal,
      });
    } catch (e) {
      throw new NetworkError(e && e.name === 'AbortError' ? 'timed out' : 'unreachable');
    } finally {
      clearTimeout(timer);
    }
    if (!res.ok) {
      let errBody = null;
      try { errBody = await res.json(); } catch (_) { /* not JSON: keep the status */ }
      // A proxy's 502/503/504 means the server itself is out of reach.
      if (res.status >= 502 && res.status <= 504 && !(errBody && errBody.error)) throw new NetworkError('HTTP ' + res.status);
      throw new ApiError(res.status, errBody);
    }
    return res;
  }

  async function api(path, options) {
    const res = await request(path, options);
    try {
      return await res.json();
    } catch (_) {
      throw new ApiError(res.status, { error: { code: 'bad_answer', message: 'the server sent an answer that is not JSON' } });
    }
  }

  const campaignPath = (id) => '/api/v1/campaigns/' + encodeURIComponent(id);

  // ---- the view in the hash: #campaign=ID&grid=PATH ----

  function readHash() {
    const p = new URLSearchParams(location.hash.replace(/^#/, ''));
    return { campaign: p.get('campaign'), grid: p.get('grid') || null };
  }

  function hashFor(campaignId, grid) {
    const p = new URLSearchParams();
    if (campaignId !== null && campaignId !== undefined) p.set('campaign', String(campaignId));
    if (grid) p.set('grid', grid);
    return '#' + p.toString();
  }

  function navigate(campaignId, grid) {
    const target = hashFor(campaignId, grid);
    if (location.hash !== target) location.hash = target;  // hashchange refreshes
    else refreshNow();
  }

  // ---- screens ----

  function showLogin(message) {
    stopPolling();
    state.data = null;
    state.clock = null;
    $('main').hidden = true;
    $('session-bar').hidden = true;
    $('offline').hidden = true;
    $('login-view').hidden = false;
    const err = $('login-error');
    err.hidden = !message;
    err.textContent = message || '';
    $('login-submit').disabled = false;
    document.title = "natlims · Sign in 登录";
    $('username').focus();
  }

  async function onLogin(ev) {
    ev.preventDefault();
    const username = $('username').value.trim();
    const password = $('password').value;
    const err = $('login-error');
    if (!username || !password) {
      err.textContent = !username ? 'Enter your user name. 请输入用户名。' : 'Enter your password. 请输入密码。';
      err.hidden = false;
      (!username ? $('username') : $('password')).focus();
      return;
    }
    $('login-submit').disabled = true;
    try {
      state.session = null;
      const ans = await api('/api/v1/session', { method: 'POST', body: { username, password } });
      saveSession({ token: ans.token, role: ans.role, expires_at: ans.expires_at, username });
      $('password').value = '';
      err.hidden = true;
      await showDashboard();
    } catch (e) {
      $('login-submit').disabled = false;
      if (e instanceof NetworkError) err.textContent = 'The server cannot be reached. 无法连接服务器。';
      else if (e.status === 401) err.textContent = 'Wrong user name or password. 用户名或密码错误。';
      else if (e.status === 429) err.textContent = 'Too many attempts; wait a minute. 尝试次数过多，请稍后再试。';
      else err.textContent = e.message;
      err.hidden = false;
      $('password').select();
    }
  }

  function onLogout() {
    clearSession();
    location.hash = '';
    showLogin('');
  }

  async function showDashboard() {
    $('login-view').hidden = true;
    $('session-bar').hidden = false;
    $('main').hidden = false;
    $('who').textContent = state.session.username ? state.session.username + ' · ' + state.session.role : state.session.role;
    try {
      const ans = await api('/api/v1/campaigns');
      state.campaigns = (ans.campaigns || []).slice();
      state.campaignsAt = performance.now();
    } catch (e) {
      if (handleAuthFailure(e)) return;
      setOffline(e instanceof NetworkError, e instanceof NetworkError ? null : e.message);
      state.pollTimer = setTimeout(showDashboard, POLL_MS);
      return;
    }
    fillCampaignPicker();
    if (!state.campaigns.length) {
      renderNoCampaign();
      state.pollTimer = setTimeout(showDashboard, POLL_MS);
      return;
    }
    const want = readHash();
    const known = state.campaigns.some((c) => String(c.id) === want.campaign);
    state.campaignId = known ? want.campaign : String(latestCampaign().id);
    state.grid = known ? want.grid : null;
    $('campaign-picker').value = state.campaignId;
    const target = hashFor(state.campaignId, state.grid);
    if (location.hash !== target) history.replaceState(null, '', target);
    startTicking();
    refreshNow();
  }

  // Refreshes the picker in the background, keeping the round shown; a failure waits for the next try.
  async function reloadCampaigns() {
    state.campaignsAt = performance.now();
    try {
      const ans = await api('/api/v1/campaigns');
      if (!state.session || !ans.campaigns || !ans.campaigns.length) return;
      state.campaigns = ans.campaigns.slice();
      fillCampaignPicker();
      $('campaign-picker').value = state.campaignId;
    } catch (_) { /* the dashboard poll reports trouble */ }
  }

  // The latest campaign: the one that starts last (ties: the newest id).
  function latestCampaign() {
    return state.campaigns.reduce((best, c) => {
      const a = parseTime(c.starts_at), b = parseTime(best.starts_at);
      if (a > b || (a === b && Number(c.id) > Number(best.id))) return c;
      return best;
    });
  }

  function fillCampaignPicker() {
    const picker = $('campaign-picker');
    const sorted = state.campaigns.slice().sort((a, b) => parseTime(b.starts_at) - parseTime(a.starts_at) || b.id - a.id);
    replaceChildren(picker, sorted.map((c) => h('option', { value: String(c.id) }, c.name + ' · ' + c.area)));
    picker.disabled = sorted.length < 2;
  }

  function renderNoCampaign() {
    $('campaign-name').textContent = 'No campaign yet 暂无筛查轮次';
    $('campaign-meta').textContent = 'A coordinator creates one with POST /api/v1/campaigns.';
  }

  function handleAuthFailure(e) {
    if (!(e instanceof ApiError) || e.status !== 401) return false;
    clearSession();
    showLogin('Your session has ended; sign in again. 登录已失效，请重新登录。');
    return true;
  }

  // ---- polling ----

  function stopPolling() {
    clearTimeout(state.pollTimer);
    state.pollTimer = null;
    clearInterval(state.tickTimer);
    state.tickTimer = null;
    state.seq++;
  }

  function startTicking() {
    clearInterval(state.tickTimer);
    state.tickTimer = setInterval(tick, 1000);
  }

  function refreshNow() {
    clearTimeout(state.pollTimer);
    refresh();
  }

  async function refresh() {
    if (!state.session) return;
    if (sessionExpired(state.session)) {
      clearSession();
      showLogin('Your session has expired; sign in again. 登录已过期，请重新登录。');
      return;
    }
    const seq = ++state.seq;
    const id = state.campaignId;
    const grid = state.grid;
    let data = null, failure = null;
    try {
      data = await api(campaignPath(id) + '/dashboard' + (grid ? '?grid=' + encodeURIComponent(grid) : ''));
    } catch (e) {
      failure = e;
    }
    if (seq !== state.seq) return;  // the view changed meanwhile; that request scheduled its own
    if (failure) {
      if (handleAuthFailure(failure)) return;
      if (failure instanceof ApiError && failure.status === 403) {
        const role = state.session.role;
        clearSession();
        showLogin('The ' + role + ' role cannot see the dashboard; sign in as a coordinator. 该角色无权查看，请以指挥人员身份登录。');
        return;
      }
      if (failure instanceof ApiError && (failure.status === 404 || failure.status === 422) && grid && failure.field === 'grid') {
        announce('Unknown grid unit; back to the whole area. 网格不存在，返回全区。');
        history.replaceState(null, '', hashFor(id, null));
        state.grid = null;
        refreshNow();
        return;
      }
      setOffline(failure instanceof NetworkError, failure instanceof NetworkError ? null : failure.message);
    } else {
      state.clock = nextClock(data.now);
      state.data = data;
      state.lastOkAt = state.clock.serverMs;
      setOffline(false, null);
      render(data);
      if (performance.now() - state.campaignsAt > CAMPAIGNS_EVERY_MS) reloadCampaigns();
    }
    state.pollTimer = setTimeout(refresh, POLL_MS);
  }

  function setOffline(unreachable, problem) {
    const banner = $('offline');
    const wasOffline = state.offline;
    state.offline = unreachable || !!problem;
    document.body.classList.toggle('stale', state.offline);
    $('live-dot').classList.toggle('down', state.offline);
    if (!state.offline) {
      banner.hidden = true;
      if (wasOffline) announce('Connection restored. 已恢复连接。');
      return;
    }
    const since = state.lastOkAt ? ' Showing data from ' + fmtClock(state.lastOkAt, true) + ' 数据截至 ' + fmtClock(state.lastOkAt, true) + '.' : '';
    banner.textContent = (unreachable
      ? 'Server unreachable 无法连接服务器.' + since + ' Retrying every ' + POLL_MS / 1000 + ' s 正在重试…'
      : 'The server refused the request 服务器拒绝请求: ' + problem + since);
    banner.hidden = false;
    $('updated').textContent = state.lastOkAt
      ? 'last updated ' + fmtClock(state.lastOkAt, true) + ' 最后更新 — ' + (unreachable ? 'offline 离线' : 'error 错误')
      : (unreachable ? 'offline 离线' : 'error 错误');
  }

  let announceTimer = null;
  function announce(text) {
    $('status-live').textContent = text;
    clearTimeout(announceTimer);
    announceTimer = setTimeout(() => { $('status-live').textContent = ''; }, 6000);
  }

  // ---- rendering ----

  function render(d) {
    const c = d.campaign;
    const p = d.progress;
    $('campaign-name').textContent = c.name;
    $('campaign-meta').textContent = c.area + ' · started 开始 ' + fmtDayTime(parseTime(c.starts_at)) +
      ' · ' + c.deadline_hours + ' h round 时限 · pools of ' + c.pool_size + ' 混采 · report within ' + c.report_sla_minutes + ' min 报告时限';
    $('deadline-at').textContent = 'at 截止于 ' + fmtDayTime(parseTime(c.deadline || p.deadline));
    $('sampled').textContent = fmtInt(p.sampled);
    $('population').textContent = fmtInt(p.population);
    $('coverage').textContent = fmtPct(p.coverage);
    $('registrations').textContent = fmtInt(p.registrations);
    renderVerdict(d);
    $('updated').textContent = 'updated 更新于 ' + fmtClock(state.clock.serverMs, true);
    $('tz-note').textContent = 'Times in ' + fmtOffset(state.clock.offsetMinutes) + ' (the server\'s zone). 时间为服务器时区。';
    document.title = 'natlims · ' + c.name + ' · ' + (p.on_track ? 'on track 按期' : 'behind 延误');
    renderChart(d);
    renderPipeline(d.pipeline || {}, d.lab || {});
    renderAlerts(d.alerts || []);
    renderPositives(d.positives || []);
    renderCoverage(d);
    tick();
  }

  function renderVerdict(d) {
    const p = d.progress;
    const c = d.campaign;
    const v = $('verdict');
    const done = p.population > 0 && p.sampled >= p.population;
    v.textContent = done ? 'ALL SAMPLED 全部采样' : p.on_track ? 'ON TRACK 按期' : 'BEHIND 延误风险';
    v.className = 'figure-value verdict ' + (p.on_track || done ? 'good' : 'bad');
    const proj = parseTime(p.projected_completion);
    const deadline = parseTime(c.deadline || p.deadline);
    const start = parseTime(c.starts_at);
    let note;
    if (!Number.isFinite(proj)) {
      note = 'no projection yet: nobody sampled 尚无采样，无法预测';
    } else {
      const margin = (deadline - proj) / 3600000;
      note = (done ? 'sampling finished 采样完成 ' : 'projected 预计完成 ') + fmtDayTime(proj) +
        ' (+' + fmtHours((proj - start) / 3600000) + '), ' +
        (margin >= 0 ? fmtHours(margin) + ' before the deadline 早于截止' : fmtHours(-margin) + ' after the deadline 晚于截止');
    }
    $('projection').textContent = note;
  }

  // Every second: the deadline and the positives' report countdowns, from the server's clock.
  function tick() {
    const d = state.data;
    if (!d) return;
    const deadline = parseTime(d.campaign.deadline || d.progress.deadline);
    const left = (deadline - serverNow()) / 1000;
    const el = $('deadline-countdown');
    el.textContent = left > 0 ? fmtCountdown(left) : 'passed 已过 ' + fmtCountdown(-left);
    el.classList.toggle('bad', left <= 0);
    const now = serverNow();
    for (const row of document.querySelectorAll('#positives tbody tr[data-due-ms]')) {
      updatePositiveRow(row, (Number(row.dataset.dueMs) - now) / 1000);
    }
  }

  // ---- chart: sampled over time against the plan, the deadline, now and the projection ----

  // Drawn at the panel's own size in CSS pixels (not scaled from a fixed view box), so that its
  // text keeps its size on a laptop and on a wall screen; redrawn when the panel is resized.
  function renderChart(d) {
    const box = $('chart');
    const W = Math.max(320, Math.floor(box.clientWidth)), H = Math.max(200, Math.floor(box.clientHeight));
    const L = 64, R = 16, T = 22, B = 44;
    const c = d.campaign, p = d.progress;
    const start = parseTime(c.starts_at);
    const deadline = parseTime(c.deadline || p.deadline);
    const now = parseTime(d.now);
    const proj = parseTime(p.projected_completion);
    const span = Math.max(deadline - start, 3600000);
    // The x axis runs from the start to the deadline, or further to show now and the projection,
    // but never beyond 1.5 x the round: a projection further out is drawn as an arrow off the edge.
    const limit = start + span * 1.5;
    let end = Math.max(deadline, Math.min(now, limit));
    if (Number.isFinite(proj)) end = Math.max(end, Math.min(proj, limit));
    const timeline = (d.timeline || []).filter((pt) => Number.isFinite(parseTime(pt.at)));
    const maxY = Math.max(p.population || 0, p.sampled || 0, ...timeline.map((pt) => Math.max(pt.sampled || 0, pt.planned || 0)), 1);
    const x = (t) => L + ((t - start) / (end - start)) * (W - L - R);
    const y = (v) => T + (1 - v / maxY) * (H - T - B);
    const clampX = (t) => x(Math.min(Math.max(t, start), end));

    const summary = 'Sampled ' + fmtInt(p.sampled) + ' of ' + fmtInt(p.population) + ' people (' + fmtPct(p.coverage) + ') by ' +
      fmtDayTime(now) + '; deadline ' + fmtDayTime(deadline) +
      (Number.isFinite(proj) ? '; projected completion ' + fmtDayTime(proj) : '; no projection yet') + '.';
    const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: 'img', 'aria-labelledby': 'chart-svg-title chart-svg-desc', preserveAspectRatio: 'xMidYMid meet' },
      s('title', { id: 'chart-svg-title' }, 'Sampled people over time against the plan 采样进度'),
      s('desc', { id: 'chart-svg-desc' }, summary));

    // Horizontal grid: quarters of the population.
    for (let i = 0; i <= 4; i++) {
      const v = (maxY * i) / 4;
      svg.append(s('line', { x1: L, x2: W - R, y1: y(v), y2: y(v), class: 'gridline' }),
        s('text', { x: L - 8, y: y(v) + 4, class: 'tick', 'text-anchor': 'end' }, fmtInt(Math.round(v))));
    }
    // Vertical ticks every 2, 6, 12 or 24 h from the start.
    const hours = (end - start) / 3600000;
    const step = hours <= 12 ? 2 : hours <= 36 ? 6 : hours <= 96 ? 12 : 24;
    for (let hr = 0; hr <= hours + 1e-9; hr += step) {
      const t = start + hr * 3600000;
      svg.append(s('line', { x1: x(t), x2: x(t), y1: T, y2: H - B, class: 'gridline' }),
        s('text', { x: x(t), y: H - B + 18, class: 'tick', 'text-anchor': 'middle' }, '+' + hr + 'h'),
        s('text', { x: x(t), y: H - B + 34, class: 'tick sub', 'text-anchor': 'middle' }, fmtClock(t, false)));
    }
    svg.append(s('line', { x1: L, x2: W - R, y1: H - B, y2: H - B, class: 'axis' }),
      s('line', { x1: L, x2: L, y1: T, y2: H - B, class: 'axis' }));

    // The population to reach.
    if (p.population > 0) {
      svg.append(s('line', { x1: L, x2: W - R, y1: y(p.population), y2: y(p.population), class: 'target' }),
        s('text', { x: L + 6, y: y(p.population) - 6, class: 'label' }, 'population 人口 ' + fmtInt(p.population)));
    }

    // Planned (dashed) and sampled (solid, with the area under it), up to now.
    const planned = timeline.filter((pt) => pt.planned !== null && pt.planned !== undefined)
      .map((pt) => [clampX(parseTime(pt.at)), y(pt.planned)]);
    if (planned.length && planned[0][0] > x(start)) planned.unshift([x(start), y(0)]);  // nothing is planned before the start
    if (planned.length > 1) svg.append(s('polyline', { points: planned.map((q) => q.join(',')).join(' '), class: 'planned' }));

    const sampledPts = timeline.filter((pt) => parseTime(pt.at) <= now && pt.sampled !== null && pt.sampled !== undefined)
      .map((pt) => [parseTime(pt.at), pt.sampled]);
    if (Number.isFinite(now) && now >= start) sampledPts.push([Math.min(now, end), p.sampled]);
    if (sampledPts.length) {
      if (sampledPts[0][0] > start) sampledPts.unshift([start, 0]);
      const pts = sampledPts.map(([t, v]) => [clampX(t), y(v)]);
      const area = [[pts[0][0], y(0)], ...pts, [pts[pts.length - 1][0], y(0)]];
      svg.append(s('polygon', { points: area.map((q) => q.join(',')).join(' '), class: 'sampled-area' }),
        s('polyline', { points: pts.map((q) => q.join(',')).join(' '), class: 'sampled' }));
    }

    // Deadline.
    svg.append(s('line', { x1: x(deadline), x2: x(deadline), y1: T - 8, y2: H - B, class: 'deadline' }),
      s('text', { x: x(deadline) - 6, y: T + 22, class: 'label deadline-label', 'text-anchor': 'end' }, 'deadline 截止 ' + fmtClock(deadline, false)));

    // Now.
    if (now >= start && now <= end) {
      svg.append(s('line', { x1: x(now), x2: x(now), y1: T, y2: H - B, class: 'now' }),
        s('text', { x: x(now) + 5, y: H - B - 8, class: 'label now-label' }, 'now 现在'));
    }

    // Projection from now to completion.
    if (Number.isFinite(proj) && p.population > 0 && p.sampled < p.population && now <= end) {
      const offChart = proj > end;
      const px = offChart ? x(end) : x(proj);
      const py = offChart ? y(p.sampled + ((p.population - p.sampled) * (end - now)) / (proj - now)) : y(p.population);
      svg.append(s('line', { x1: x(now), y1: y(p.sampled), x2: px, y2: py, class: 'projected' + (proj > deadline ? ' late' : '') }));
      if (offChart) {
        svg.append(s('text', { x: px - 4, y: py - 8, class: 'label projected-label', 'text-anchor': 'end' }, 'projected 预计 ' + fmtDayTime(proj) + ' →'));
      } else {
        svg.append(s('circle', { cx: px, cy: py, r: 6, class: 'projected-dot' + (proj > deadline ? ' late' : '') }),
          s('text', { x: px + (px > W - 200 ? -10 : 10), y: py + 20, class: 'label projected-label', 'text-anchor': px > W - 200 ? 'end' : 'start' },
            'projected 预计 ' + fmtClock(proj, false)));
      }
    }
    box.replaceChildren(svg);
  }

  // ---- lab pipeline ----

  function renderPipeline(pl, lab) {
    const base = Math.max(pl.registered_tubes || 0, 1);
    const stages = [
      ['registered_tubes', 'Sampled', '已采样', 'tubes 管'],
      ['closed_tubes', 'Closed', '已封管', 'tubes 管'],
      ['in_transit_boxes', 'In transit', '转运中', 'boxes 箱'],
      ['received_tubes', 'Received', '已接收', 'tubes 管'],
      ['tested_tubes', 'Tested', '已检测', 'tubes 管'],
      ['released_tubes', 'Released', '已发布', 'tubes 管'],
    ];
    const ol = $('pipeline');
    replaceChildren(ol, stages.map(([key, en, zh, unit]) => {
      const n = pl[key];
      const bar = h('span', { class: 'bar-fill' });
      const isTubes = key !== 'in_transit_boxes';
      bar.style.width = isTubes ? Math.min(100, ((n || 0) / base) * 100).toFixed(1) + '%' : '0';
      return h('li', { class: 'stage', 'data-stage': key },
        h('span', { class: 'stage-name' }, en + ' ', h('span', { lang: 'zh' }, zh)),
        h('span', { class: 'stage-value' }, fmtInt(n), h('span', { class: 'unit' }, ' ' + unit)),
        isTubes ? h('span', { class: 'bar', 'aria-hidden': 'true' }, bar) : h('span', { class: 'bar none', 'aria-hidden': 'true' }));
    }));
    $('lab-backlog').textContent = lab.backlog_tubes === undefined ? '—' : fmtInt(lab.backlog_tubes) + ' tubes 管';
    $('lab-turnaround').textContent = fmtMinutes(lab.median_turnaround_minutes);
  }

  // ---- alerts ----

  const ICONS = {
    critical: 'M8 1 15 14H1z M7.2 5.5h1.6v4.2H7.2z M7.2 11h1.6v1.6H7.2z',
    warning: 'M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1z M7.2 4h1.6v5H7.2z M7.2 10.5h1.6v1.6H7.2z',
  };

  function icon(kind) {
    return s('svg', { viewBox: '0 0 16 16', class: 'icon', 'aria-hidden': 'true', focusable: 'false' },
      s('path', { d: ICONS[kind] || ICONS.warning, 'fill-rule': 'evenodd' }));
  }

  function renderAlerts(alerts) {
    const rank = { critical: 0, warning: 1 };
    const sorted = alerts.slice().sort((a, b) => (rank[a.severity] ?? 2) - (rank[b.severity] ?? 2) || parseTime(b.at) - parseTime(a.at));
    $('alerts-count').textContent = alerts.length ? '(' + alerts.length + ')' : '';
    const ul = $('alerts');
    if (!sorted.length) {
      replaceChildren(ul, h('li', { class: 'empty' }, 'No alerts 暂无预警'));
      return;
    }
    replaceChildren(ul, sorted.map((a) => h('li', { class: 'alert ' + (a.severity === 'critical' ? 'critical' : 'warning'), 'data-kind': a.kind || '' },
      icon(a.severity),
      h('span', { class: 'alert-body' },
        h('span', { class: 'alert-severity' }, a.severity === 'critical' ? 'Critical 严重' : 'Warning 注意'),
        h('span', { class: 'alert-message' }, a.message || a.kind || ''),
        Number.isFinite(parseTime(a.at)) ? h('time', { datetime: a.at, class: 'alert-time' }, fmtClock(parseTime(a.at), false)) : null))));
  }

  // ---- positives board ----

  function renderPositives(list) {
    const order = { overdue: 0, pending: 1, delivered: 2 };
    const sorted = list.slice().sort((a, b) => (order[a.report_state] ?? 1) - (order[b.report_state] ?? 1) || (a.seconds_left ?? 0) - (b.seconds_left ?? 0));
    const open = list.filter((x) => x.report_state !== 'delivered').length;
    $('positives-count').textContent = list.length ? '(' + open + ' open 待报 / ' + list.length + ')' : '';
    const tbody = $('positives').tBodies[0];
    if (!sorted.length) {
      replaceChildren(tbody, h('tr', { class: 'empty' }, h('td', { colspan: 6 }, 'No positives in this round 本轮暂无阳性')));
      return;
    }
    replaceChildren(tbody, sorted.map((x) => {
      const left = h('td', { class: 'num countdown-cell' });
      const report = h('td', { class: 'report-state' });
      const row = h('tr', { 'data-tube': x.tube, 'data-state': x.report_state },
        h('th', { scope: 'row', class: 'mono' }, x.tube),
        h('td', { class: 'people' }, h('strong', {}, fmtInt(x.people)), ' ',
          h('span', { class: 'kind' }, x.kind === 'pooled' ? 'pooled 混管' : 'single 单管')),
        h('td', {}, Number.isFinite(parseTime(x.released_at)) ? fmtClock(parseTime(x.released_at), false) : '—'),
        h('td', {}, Number.isFinite(parseTime(x.deadline)) ? fmtClock(parseTime(x.deadline), false) : '—'),
        left, report);
      if (x.report_state === 'delivered') {
        row.classList.add('delivered');
        left.textContent = '—';
        report.textContent = 'delivered 已报告';
      } else {
        // Counted down from the deadline on the same server clock as the round's deadline.
        const due = parseTime(x.deadline);
        row.dataset.dueMs = String(Number.isFinite(due) ? due : serverNow() + (x.seconds_left ?? 0) * 1000);
        row.dataset.overdue = x.report_state === 'overdue' ? '1' : '';
        updatePositiveRow(row, (Number(row.dataset.dueMs) - serverNow()) / 1000);
      }
      return row;
    }));
  }

  function updatePositiveRow(row, secondsLeft) {
    const overdue = row.dataset.overdue === '1' || secondsLeft <= 0;
    const urgent = !overdue && secondsLeft < URGENT_SECONDS;
    row.classList.toggle('overdue', overdue);
    row.classList.toggle('urgent', urgent);
    row.cells[4].textContent = overdue ? '+' + fmtCountdown(Math.max(0, -secondsLeft)) : fmtCountdown(secondsLeft);
    row.cells[5].textContent = overdue ? 'OVERDUE 已超时' : urgent ? 'due soon 即将超时' : 'pending 待报告';
  }

  // ---- coverage table with drill-down ----

  function renderCoverage(d) {
    const cov = d.coverage || { path: d.campaign.area, children: [] };
    const area = d.campaign.area;
    const id = d.campaign.id;
    renderBreadcrumbs(area, cov.path, id);
    // Natural order, so that "Building 2" comes before "Building 14".
    const children = (cov.children || []).slice().sort((a, b) => naturalOrder.compare(a.name || a.path, b.name || b.path));
    $('coverage-caption').textContent = 'Coverage of the grid units under ' + cov.path;
    const table = $('coverage-table');
    const tbody = table.tBodies[0];
    if (table.tFoot) table.tFoot.remove();
    if (!children.length) {
      const known = Number.isFinite(cov.population) && Number.isFinite(cov.sampled);
      replaceChildren(tbody, h('tr', { class: 'empty' }, h('td', { colspan: 6 },
        'No finer grid units below ' + cov.path + ' 无下级网格' +
        (known ? ': ' + fmtInt(cov.sampled) + ' of ' + fmtInt(cov.population) + ' sampled 已采样. ' : '. '),
        csvLink(id, cov.path, known ? Math.max(0, cov.population - cov.sampled) : null))));
      return;
    }
    replaceChildren(tbody, children.map((u) => {
      const link = h('a', { href: hashFor(id, u.path), class: 'drill' }, u.name || u.path.split('/').pop());
      const fill = h('span', { class: 'bar-fill' });
      fill.style.width = Math.min(100, Math.max(0, (u.coverage || 0) * 100)).toFixed(1) + '%';
      const row = h('tr', { 'data-path': u.path, class: u.behind_plan ? 'behind' : '' },
        h('th', { scope: 'row' }, link),
        h('td', { class: 'num' }, fmtInt(u.population)),
        h('td', { class: 'num' }, fmtInt(u.sampled)),
        h('td', { class: 'bar-col' }, h('span', { class: 'bar', 'aria-hidden': 'true' }, fill), h('span', { class: 'pct' }, fmtPct(u.coverage))),
        h('td', {}, u.behind_plan ? h('span', { class: 'badge bad' }, 'behind 落后') : h('span', { class: 'badge good' }, 'on plan 正常')),
        h('td', {}, csvLink(id, u.path, Math.max(0, (u.population || 0) - (u.sampled || 0)))));
      // The whole row drills down on click; the link inside carries keyboard and screen readers.
      row.addEventListener('click', (ev) => {
        if (ev.target.closest('a, button')) return;
        navigate(id, u.path);
      });
      return row;
    }));
    const pop = children.reduce((a, u) => a + (u.population || 0), 0);
    const sampled = children.reduce((a, u) => a + (u.sampled || 0), 0);
    table.append(h('tfoot', {}, h('tr', {},
      h('th', { scope: 'row' }, 'Total 合计'),
      h('td', { class: 'num' }, fmtInt(pop)),
      h('td', { class: 'num' }, fmtInt(sampled)),
      h('td', { class: 'bar-col' }, h('span', { class: 'pct' }, fmtPct(pop ? sampled / pop : 0))),
      h('td', {}), h('td', {}, csvLink(id, cov.path, Math.max(0, pop - sampled))))));
  }

  function renderBreadcrumbs(area, path, id) {
    const areaLevels = area.split('/');
    const levels = path.split('/');
    const crumbs = [{ label: area, grid: null }];
    for (let i = areaLevels.length; i < levels.length; i++) crumbs.push({ label: levels[i], grid: levels.slice(0, i + 1).join('/') });
    const ol = $('breadcrumbs');
    replaceChildren(ol, crumbs.map((c, i) => h('li', {},
      i === crumbs.length - 1
        ? h('span', { 'aria-current': 'location' }, c.label)
        : h('a', { href: hashFor(id, c.grid) }, c.label))));
  }

  function csvLink(id, path, missing) {
    const url = campaignPath(id) + '/not-sampled.csv?grid=' + encodeURIComponent(path);
    const name = 'not-sampled-' + path.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '') + '.csv';
    const label = missing === null ? 'CSV ↓' : 'CSV ↓ ' + fmtInt(missing);
    return h('a', { href: url, download: name, class: 'csv', 'data-csv': path,
      'aria-label': 'Download the people not yet sampled in ' + path + ' (CSV) 下载未采样名单', onclick: downloadCsv }, label);
  }

  // The CSV needs the bearer token, which a plain link cannot send: fetch it and hand the browser a
  // blob to save under the link's file name.
  async function downloadCsv(ev) {
    ev.preventDefault();
    const a = ev.currentTarget;
    if (a.getAttribute('aria-busy') === 'true') return;
    a.setAttribute('aria-busy', 'true');
    try {
      const res = await request(a.getAttribute('href'), { accept: 'text/csv' });
      const blob = await res.blob();
      const url = URL.createObjectURL(blob);
      const tmp = h('a', { href: url, download: a.getAttribute('download'), hidden: true });
      document.body.append(tmp);
      tmp.click();
      tmp.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      announce('Downloaded ' + a.getAttribute('download') + ' 已下载');
    } catch (e) {
      if (handleAuthFailure(e)) return;
      announce('Download failed 下载失败: ' + e.message);
      const banner = $('offline');
      banner.textContent = 'The not-sampled list could not be downloaded 未采样名单下载失败: ' + e.message;
      banner.hidden = false;
    } finally {
      a.removeAttribute('aria-busy');
    }
  }

  // ---- wiring ----

  function onHashChange() {
    if (!state.session || !state.campaigns.length) return;
    const want = readHash();
    if (want.campaign && state.campaigns.some((c) => String(c.id) === want.campaign)) state.campaignId = want.campaign;
    state.grid = want.grid;
    $('campaign-picker').value = state.campaignId;
    refreshNow();
    const heading = $('coverage-title');
    if (document.activeElement && document.activeElement.closest('#coverage-table, #breadcrumbs')) {
      heading.setAttribute('tabindex', '-1');
      heading.focus({ preventScroll: true });
    }
  }

  function init() {
    $('login-form').addEventListener('submit', onLogin);
    $('logout').addEventListener('click', onLogout);
    $('campaign-picker').addEventListener('change', (ev) => navigate(ev.target.value, null));
    window.addEventListener('hashchange', onHashChange);
    let lastSize = '';
    new ResizeObserver(([entry]) => {
      const size = Math.floor(entry.contentRect.width) + 'x' + Math.floor(entry.contentRect.height);
      if (size === lastSize) return;
      lastSize = size;
      if (state.data) renderChart(state.data);
    }).observe($('chart'));
    state.session = loadSession();
    if (state.session) showDashboard();
    else showLogin('');
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
