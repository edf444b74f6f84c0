// A small JSON client for the lims-server API (Node's fetch), used to set up and cross-check
// what the page shows.
'use strict';

class Api {
  constructor(baseUrl) {
    this.baseUrl = baseUrl.replace(/\/$/, '');
    this.token = null;
  }

  async call(method, path, body, headers = {}) {
    const h = { Accept: 'application/json', ...headers };
    if (this.token) h.Authorization = 'Bearer ' + this.token;
    if (body !== undefined) h['Content-Type'] = 'application/json';
    const res = await fetch(this.baseUrl + path, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch (_) { /* keep the text */ }
    return { status: res.status, json, text, headers: res.headers };
  }

  async expect(status, method, path, body, headers) {
    const r = await this.call(method, path, body, headers);
    if (r.status !== status) throw new Error(`${method} ${path}: expected ${status}, got ${r.status}: ${r.text.slice(0, 400)}`);
    return r.json;
  }

  async login(username, password) {
    const ans = await this.expect(201, 'POST', '/api/v1/session', { username, password });
    this.token = ans.token;
    return ans;
  }
}

module.exports = { Api };
