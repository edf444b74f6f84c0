// Starts the real lims-server on a fresh data directory and port 0, reads the address it prints
// and the demo users it stores, and stops it again.
'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');

async function startServer(binary, dataDir, { timeoutMs = 30000 } = {}) {
  const adminPassword = 'admin-' + crypto.randomBytes(9).toString('base64url');
  // Public health is unreachable in this test (nothing listens on the discard port), so released
  // positives stay pending and the board's countdown can be checked; the demo's stand-in receiver
  // would otherwise acknowledge them at once.
  fs.mkdirSync(dataDir, { recursive: true });
  const config = path.join(dataDir, 'lims-test.ini');
  fs.writeFileSync(config, '[reporting]\nendpoint = mllp://127.0.0.1:9\n');
  const child = spawn(binary, ['--demo', '--port', '0', '--data', dataDir, '--config', config], {
    env: { ...process.env, LIMS_ADMIN_PASSWORD: adminPassword },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  // Never leave the server behind: not when the test fails, nor when it is interrupted.
  const killNow = () => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL'); };
  process.once('exit', killNow);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGPIPE']) process.once(sig, () => { killNow(); process.exit(1); });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('lims-server did not print "listening on" within ' + timeoutMs + ' ms:\n' + output)), timeoutMs);
    const onData = (chunk) => {
      output += chunk;
      const m = /listening on (http:\/\/\S+)/.exec(output);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', (chunk) => { output += chunk; });
    child.once('exit', (code, signal) => { clearTimeout(timer); reject(new Error('lims-server exited (' + (code ?? signal) + ') before listening:\n' + output)); });
    child.once('error', (e) => { clearTimeout(timer); reject(e); });
  });
  // The demo users are printed after the listening line; the file is written before it.
  const credentials = readCredentials(path.join(dataDir, 'demo-credentials.txt'));
  return {
    url,
    adminPassword,
    credentials,
    output: () => output,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
      const r = await exited;
      clearTimeout(timer);
      return r;
    },
  };
}

// "username role password" lines; '#' starts a comment.
function readCredentials(file) {
  const users = {};
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const [username, role, password] = line.trim().split(/\s+/);
    users[username] = { username, role, password };
  }
  return users;
}

module.exports = { startServer, readCredentials };
