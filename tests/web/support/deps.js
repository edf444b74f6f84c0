// playwright-core is a devDependency of tests/web: a clean clone has no node_modules, so the
// test installs it (npm ci, from package-lock.json) the first time it runs.
'use strict';

const { spawnSync } = require('node:child_process');
const path = require('node:path');

function requirePlaywright() {
  const dir = path.resolve(__dirname, '..');
  try {
    return require(require.resolve('playwright-core', { paths: [dir] }));
  } catch (_) {
    console.log('installing the browser test dependencies: npm ci in ' + dir);
    const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, stdio: 'inherit',
      env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' } });
    if (r.status !== 0) throw new Error('npm ci failed in ' + dir + ' (exit ' + r.status + ')');
    return require(require.resolve('playwright-core', { paths: [dir] }));
  }
}

module.exports = { requirePlaywright };
