// Node 22+ deprecates util.isArray (DEP0044) and Node 24 prints the warning on stderr; cdktf 0.21 calls it for
// every output whose value is a list or object. The library replaces exactly that call, so a synth prints no
// deprecation warning on any supported Node (the Node 22/24 runs of `npm run test:node-versions` see it for real).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const PROBE = path.join(__dirname, 'fixtures', 'count-util-is-array.js');

/** Runs `script` with the counting probe; `--throw-deprecation` (default) makes any deprecation fatal on Node 22+. */
function synthWithProbe(script: string[], { throwDeprecation = true } = {}): { status: number | null; stderr: string; calls: number } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'no-deprecation-'));
  const r = spawnSync(process.execPath, [...(throwDeprecation ? ['--throw-deprecation'] : []), '-r', PROBE, ...script], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1', CDKTF_OUTDIR: outdir },
  });
  const counted = /util\.isArray calls: (\d+)\s*$/.exec(r.stderr);
  return { status: r.status, stderr: r.stderr, calls: counted ? Number(counted[1]) : -1 };
}

// A bare cdktf app with a list-valued output, so that the probe is seen to count cdktf's call.
const BARE_APP = `
const { App, TerraformOutput, TerraformStack } = require('cdktf');
const app = new App();
new TerraformOutput(new TerraformStack(app, 's'), 'names', { value: ['a', 'b'] });
app.synth();
`;

test('the stacks synthesize without calling util.isArray or printing a deprecation warning', () => {
  const r = synthWithProbe([path.join(ROOT, 'dist', 'stacks', 'main.js')]); // the platform stacks have a list output
  expect(r.stderr).not.toMatch(/DeprecationWarning|DEP0044/);
  expect({ status: r.status, calls: r.calls }).toEqual({ status: 0, calls: 0 });
});

type WithCheck = { isITerraformAddressable: (o: unknown) => unknown };
const prototypeOf = (cdktf: typeof import('cdktf')): WithCheck => cdktf.TerraformOutput.prototype as unknown as WithCheck;

/** The installed cdktf's own check, as it ships (a fresh copy of the module), and whether it calls util.isArray. */
function shippedCheck(): { check: WithCheck['isITerraformAddressable']; callsUtilIsArray: boolean } {
  let check: WithCheck['isITerraformAddressable'] | undefined;
  jest.isolateModules(() => {
    check = prototypeOf(require('cdktf')).isITerraformAddressable;
  });
  return { check: check!, callsUtilIsArray: /\bisArray\)\(object\)/.test(String(check)) };
}

test('the probe counts cdktf\'s own call when the library is not loaded (none with a cdktf that no longer makes it, e.g. cdktn)', () => {
  const r = synthWithProbe(['-e', BARE_APP], { throwDeprecation: false });
  expect({ status: r.status, counted: r.calls > 0 }).toEqual({ status: 0, counted: shippedCheck().callsUtilIsArray });
});

test('with the library loaded, the same bare app no longer calls it', () => {
  const r = synthWithProbe(['-e', `require(${JSON.stringify(path.join(ROOT, 'dist', 'src', 'index.js'))});${BARE_APP}`]);
  expect({ status: r.status, calls: r.calls }).toEqual({ status: 0, calls: 0 });
});

test('the replacement answers exactly as cdktf did, and a cdktf without the call is left alone', () => {
  const shipped = shippedCheck();
  require('../../src/constructs/private/terraform-output-is-array');
  const patched = prototypeOf(require('cdktf')).isITerraformAddressable;
  expect(String(patched)).not.toMatch(/util/);
  // Replaced only where needed: with cdktf 0.21 a new function, with a fixed cdktf the shipped one.
  expect(String(patched) === String(shipped.check)).toBe(!shipped.callsUtilIsArray);
  const values = [null, undefined, 0, 'fqn', [], [{ fqn: 'x' }], {}, { fqn: 'vcd_org.x' }, Object.assign([], { fqn: 'y' })];
  expect(values.map((v) => Boolean(patched(v)))).toEqual(values.map((v) => Boolean(shipped.check(v))));
});
