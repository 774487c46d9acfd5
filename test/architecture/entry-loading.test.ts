// Each package entry loads only what it needs (see entry-loads.ts). Loaded by the package's own name, which
// resolves through the exports map as it does for users.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { packageEntries } from '../api-report/api-surface';
import { entryLoads, EXPECTED_ENTRY_LOADS } from './entry-loads';

const ROOT = path.resolve(__dirname, '..', '..');

test('each entry loads cdktf and libsodium only where expected; every entry has an expectation', () => {
  const specifiers = packageEntries().map((e) => e.specifier);
  expect([...specifiers].sort()).toEqual(Object.keys(EXPECTED_ENTRY_LOADS).sort());
  const env = { ...process.env, CHECKPOINT_DISABLE: '1' };
  expect(Object.fromEntries(specifiers.map((s) => [s, entryLoads(s, ROOT, env)]))).toEqual(EXPECTED_ENTRY_LOADS);
});

test('paths outside the exports map are closed', () => {
  const r = spawnSync(process.execPath, ['-e', "require('vcd-api-tokens/dist/src/handoff/atomic-write')"], { cwd: ROOT, encoding: 'utf8' });
  expect(r.status).not.toBe(0);
  expect(r.stderr).toContain('ERR_PACKAGE_PATH_NOT_EXPORTED');
});
