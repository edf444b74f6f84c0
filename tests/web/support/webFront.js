// Only for developing the page before lims-server serves it (the test's --web-root option): serves
// lims/web's files at / and passes every other request through to the real lims-server unchanged,
// so the page and its API share one origin as they do when the server serves the page itself.
'use strict';

const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

// The headers docs/dashboard.md asks lims-server to send with the page: the page must work under them.
const PAGE_HEADERS = {
  'Content-Security-Policy': "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; " +
    "connect-src 'self'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

function startWebFront(webRoot, upstreamUrl) {
  const upstream = new URL(upstreamUrl);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://front');
    const file = url.pathname === '/' ? 'index.html' : url.pathname.slice(1);
    if (req.method === 'GET' && !file.includes('/') && TYPES[path.extname(file)] && fs.existsSync(path.join(webRoot, file))) {
      res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)], 'Cache-Control': 'no-cache', ...PAGE_HEADERS });
      res.end(fs.readFileSync(path.join(webRoot, file)));
      return;
    }
    const out = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url,
      headers: { ...req.headers, host: upstream.host } }, (up) => {
      res.writeHead(up.statusCode, up.headers);
      up.pipe(res);
    });
    out.on('error', () => { res.destroy(); });  // the real server is gone: the browser sees a network failure
    req.pipe(out);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    url: 'http://127.0.0.1:' + server.address().port,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }),
  })));
}

module.exports = { startWebFront };
