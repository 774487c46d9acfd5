// Each package entry loads only what it needs: `selfsigned` (the emulator's generated CA) only through
// `vcd-api-tokens/emulator`, and cdktf not at all through the entries a pipeline script uses (client, handoff,
// bootstrap). Loaded by the package's own name, which resolves through the exports map as it does for users.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

function loads(entry: string): { selfsigned: boolean; cdktf: boolean } {
  const probe = [
    `require(${JSON.stringify(entry)});`,
    'const files = Object.keys(require.cache);',
    "const has = (name) => files.some((f) => f.split(require('node:path').sep).includes(name) && f.includes('node_modules'));",
    "console.log(JSON.stringify({ selfsigned: has('selfsigned'), cdktf: has('cdktf') }));",
  ].join('\n');
  const r = spawnSync(process.execPath, ['-e', probe], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
  if (r.status !== 0) throw new Error(`${entry}: ${r.stderr}`);
  return JSON.parse(r.stdout) as { selfsigned: boolean; cdktf: boolean };
}

test('selfsigned loads only with ./emulator; cdktf only with the root and ./provider-vcd', () => {
  expect({
    root: loads('vcd-api-tokens'),
    client: loads('vcd-api-tokens/client'),
    handoff: loads('vcd-api-tokens/handoff'),
    bootstrap: loads('vcd-api-tokens/bootstrap'),
    emulator: loads('vcd-api-tokens/emulator'),
    providerVcd: loads('vcd-api-tokens/provider-vcd'),
  }).toEqual({
    root: { selfsigned: false, cdktf: true },
    client: { selfsigned: false, cdktf: false },
    handoff: { selfsigned: false, cdktf: false },
    bootstrap: { selfsigned: false, cdktf: false },
    emulator: { selfsigned: true, cdktf: false },
    providerVcd: { selfsigned: false, cdktf: true },
  });
});

test('paths outside the exports map are closed', () => {
  const r = spawnSync(process.execPath, ['-e', "require('vcd-api-tokens/dist/src/handoff/atomic-write')"], { cwd: ROOT, encoding: 'utf8' });
  expect(r.status).not.toBe(0);
  expect(r.stderr).toContain('ERR_PACKAGE_PATH_NOT_EXPORTED');
});
