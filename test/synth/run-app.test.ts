// runCdktfApp runs any app the way `cdktf synth` does: cdktf.json's `app` in the app's directory, through the
// shell, with CDKTF_OUTDIR, VCD_URL_OVERRIDES and VCD_ENVIRONMENTS_FILE set and no secret passed on. The app
// here is a small stand-in that records its environment and writes a cdktf manifest.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SynthError } from '../../src/synth';
import { runCdktfApp } from '../../src/synth/run-app';
import { vcdUrlOverridesFromEnvironment } from '../../src/synth/app-environment';

const FAKE_APP = `
const fs = require('node:fs');
const path = require('node:path');
if (process.env.FAIL_APP) {
  for (let i = 1; i <= 30; i++) process.stderr.write('line ' + i + '\\n');
  process.exit(3);
}
const out = process.env.CDKTF_OUTDIR;
fs.writeFileSync(path.join(process.cwd(), 'seen-env.json'), JSON.stringify(process.env));
fs.mkdirSync(path.join(out, 'stacks', 'one'), { recursive: true });
fs.writeFileSync(path.join(out, 'stacks', 'one', 'cdk.tf.json'), JSON.stringify({ provider: { vcd: [{ auth_type: 'api_token', api_token: '\${var.t}' }] } }));
fs.writeFileSync(path.join(out, 'manifest.json'), JSON.stringify({ version: '0.21.0', stacks: { one: { name: 'one', workingDirectory: 'stacks/one', synthesizedStackPath: 'stacks/one/cdk.tf.json' } } }));
console.log('synthesized');
`;

let appDir: string;
beforeEach(() => {
  appDir = fs.mkdtempSync(path.join(os.tmpdir(), 'run-app-'));
  fs.writeFileSync(path.join(appDir, 'cdktf.json'), JSON.stringify({ language: 'typescript', app: 'node app.js', output: 'out' }));
  fs.writeFileSync(path.join(appDir, 'app.js'), FAKE_APP);
});
afterEach(() => fs.rmSync(appDir, { recursive: true, force: true }));

const seenEnv = (): NodeJS.ProcessEnv => JSON.parse(fs.readFileSync(path.join(appDir, 'seen-env.json'), 'utf8'));

test("runs cdktf.json's app with the synth variables and reports the manifest's stacks", async () => {
  const overrides = { dev: 'https://127.0.0.1:8443/api' };
  const run = await runCdktfApp({ cwd: appDir, env: { PATH: process.env.PATH }, vcdUrlOverrides: overrides, environmentsFile: '/cfg/environments.json' });
  expect(run.app).toBe('node app.js');
  expect(run.outdir).toBe(path.join(appDir, 'out'));
  expect(run.stacks).toEqual([{ name: 'one', dir: path.join(appDir, 'out', 'stacks', 'one'), file: path.join(appDir, 'out', 'stacks', 'one', 'cdk.tf.json') }]);
  const env = seenEnv();
  expect(env.CDKTF_OUTDIR).toBe(path.join(appDir, 'out'));
  expect(env.VCD_ENVIRONMENTS_FILE).toBe('/cfg/environments.json');
  expect(vcdUrlOverridesFromEnvironment(env)).toEqual(overrides);
  expect(env.CHECKPOINT_DISABLE).toBe('1');
});

test('passwords and tokens of the caller never reach the app', async () => {
  const canary = 'canary-7d3f9a1c2b';
  const secrets = { VCD_PASSWORD: canary, VCD_PASSWORD_DEV_ACME: canary, VCD_API_TOKEN: canary, VCD_API_TOKEN_FILE: `/t/${canary}`, TF_VAR_vcd_api_token: canary, TF_VAR_vcd_password: canary };
  await runCdktfApp({ cwd: appDir, env: { PATH: process.env.PATH, KEEP_ME: 'yes', ...secrets } });
  const env = seenEnv();
  expect(env.KEEP_ME).toBe('yes');
  expect(JSON.stringify(env)).not.toContain(canary);
});

test('an --outdir wins over cdktf.json, and a stale manifest is never reported', async () => {
  const outdir = path.join(appDir, 'elsewhere');
  fs.mkdirSync(outdir);
  fs.writeFileSync(path.join(outdir, 'manifest.json'), JSON.stringify({ version: '0', stacks: { stale: { name: 'stale', workingDirectory: 'stacks/stale', synthesizedStackPath: 'stacks/stale/cdk.tf.json' } } }));
  const err = await runCdktfApp({ cwd: appDir, outdir, env: { PATH: process.env.PATH, FAIL_APP: '1' } }).catch((e: unknown) => e);
  expect((err as SynthError).code).toBe('SYNTH_APP_FAILED');
  expect(fs.existsSync(path.join(outdir, 'manifest.json'))).toBe(false);
  const run = await runCdktfApp({ cwd: appDir, outdir, env: { PATH: process.env.PATH } });
  expect(run.stacks.map((s) => s.name)).toEqual(['one']);
});

test('a failing app: SYNTH_APP_FAILED with its exit code and the last 20 lines it printed', async () => {
  const err = (await runCdktfApp({ cwd: appDir, env: { PATH: process.env.PATH, FAIL_APP: '1' } }).catch((e: unknown) => e)) as SynthError;
  expect(err).toBeInstanceOf(SynthError);
  expect(err.code).toBe('SYNTH_APP_FAILED');
  expect(err.message).toContain(`The cdktf app \`node app.js\` (cdktf.json in ${appDir}) exited with 3; it said:\n  … (10 earlier lines)\n  line 11\n`);
  expect(err.message).toMatch(/line 30$/);
  expect(err.message).not.toContain('line 10\n');
});

test('no cdktf.json, or one without an app: SYNTH_NO_APP naming the file', async () => {
  fs.writeFileSync(path.join(appDir, 'cdktf.json'), JSON.stringify({ language: 'typescript' }));
  const noApp = (await runCdktfApp({ cwd: appDir }).catch((e: unknown) => e)) as SynthError;
  expect(noApp.code).toBe('SYNTH_NO_APP');
  expect(noApp.message).toContain('has no "app" command');
  fs.rmSync(path.join(appDir, 'cdktf.json'));
  const none = (await runCdktfApp({ cwd: appDir }).catch((e: unknown) => e)) as SynthError;
  expect(none.code).toBe('SYNTH_NO_APP');
  expect(none.message).toContain(`${path.join(appDir, 'cdktf.json')}: there is none.`);
});

test('VCD_URL_OVERRIDES values follow the rule of the config: the address means its /api', () => {
  expect(vcdUrlOverridesFromEnvironment({ VCD_URL_OVERRIDES: '{"dev":"https://127.0.0.1:8443","prod":"https://vcd.example.com/api/"}' }))
    .toEqual({ dev: 'https://127.0.0.1:8443/api', prod: 'https://vcd.example.com/api' });
});

test.each([
  ['not JSON', '{dev:', 'it is not valid JSON'],
  ['a UI address', '{"dev":"https://vcd.example.com/tenant/acme"}', 'the value for "dev" is not a VCD API URL (a path that does not end in /api ("/tenant/acme"))'],
  ['an array', '["https://x/api"]', 'it is not an object'],
  ['an http URL', '{"dev":"http://vcd.example.com/api"}', 'the value for "dev" is not a VCD API URL (scheme "http" (only https carries tokens))'],
])('VCD_URL_OVERRIDES that is %s is SYNTH_BAD_URL_OVERRIDES naming the variable', (_what, value, why) => {
  let err: unknown;
  try {
    vcdUrlOverridesFromEnvironment({ VCD_URL_OVERRIDES: value });
  } catch (e) {
    err = e;
  }
  expect(err).toMatchObject({ code: 'SYNTH_BAD_URL_OVERRIDES' });
  expect((err as Error).message).toMatch(new RegExp(`^VCD_URL_OVERRIDES must be a JSON object .*; ${why.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.$`));
});
