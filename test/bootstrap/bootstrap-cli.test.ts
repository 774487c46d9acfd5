// `vcd-token bootstrap --synth` spawned against an emulator: tokens, env-files, then the cdktf app of the
// working directory (this repository's stacks) run as `cdktf synth` runs it, with the URL overrides.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RunningEmulator, startEmulator } from '../../src/emulator';
import { assertCliBuilt, baseEnv, runCli, tempHome } from '../cli/cli-harness';

/** The repository: its cdktf.json's app is the stacks entry the CLI runs for --synth. */
const PROJECT = path.resolve(__dirname, '..', '..');

let emu: RunningEmulator;
beforeAll(async () => {
  assertCliBuilt();
  emu = await startEmulator({ vcdVersion: '10.5.1' });
});
afterAll(async () => {
  await emu.close();
});

test('bootstrap --synth writes tokens, env-files and the stacks; exit 5 for a tenant without rights', async () => {
  const home = tempHome('bootstrap-cli-');
  const configFile = path.join(home, 'environments.json');
  const tenant = (name: string, i: number) => ({ name, automationUser: 'automation', network: { name: `${name}-app`, gateway: `10.${i}.1.1`, prefixLength: 24 } });
  fs.writeFileSync(configFile, JSON.stringify({ environments: [{ name: 'dev', vcdUrl: 'https://vcd.invalid/api', vcdVersion: '10.5.1', tenants: [tenant('acme', 1), tenant('globex', 2)] }] }));
  const env = baseEnv(home, { VCD_PASSWORD_DEV_ACME: 'vcd-emulator-demo', VCD_PASSWORD: 'vcd-emulator-demo', VCD_TOKEN_DIR: path.join(home, 'tokens') });
  const outdir = path.join(home, 'out');
  const r = await runCli(['bootstrap', '--config', configFile, '--vcd-url', `dev=${emu.url}/api`, '--ca-file', emu.caFile as string, '--synth', '--outdir', outdir, '--json'], env, { timeoutMs: 60000, cwd: PROJECT });
  expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
  const out = JSON.parse(r.stdout);
  expect(out.results.map((x: { tenant: string; created: boolean }) => [x.tenant, x.created])).toEqual([['acme', true], ['globex', true]]);
  expect(out.synth.app).toBe('node dist/stacks/main.js');
  expect(out.synth.outdir).toBe(outdir);
  expect(out.synth.stacks.map((s: { name: string; authType: string }) => [s.name, s.authType])).toEqual([['dev-acme', 'api_token'], ['dev-globex', 'api_token'], ['dev-platform', 'integrated']]);
  const token = JSON.parse(fs.readFileSync(path.join(home, 'tokens', 'dev-acme.json'), 'utf8')).refresh_token as string;
  const synthesized = fs.readFileSync(path.join(outdir, 'stacks', 'dev-acme', 'cdk.tf.json'), 'utf8');
  expect(synthesized).toContain(`${emu.url}/api`);
  expect(synthesized).not.toContain(token);

  fs.writeFileSync(configFile, JSON.stringify({ environments: [{ name: 'dev', vcdUrl: 'https://vcd.invalid/api', vcdVersion: '10.5.1', tenants: [tenant('initech', 3)] }] }));
  const denied = await runCli(['bootstrap', '--config', configFile, '--vcd-url', `dev=${emu.url}/api`, '--ca-file', emu.caFile as string], env);
  expect(denied.code).toBe(5);
  expect(denied.stderr).toContain("bundle: no rights bundle published to org 'initech'");

  const badConfig = await runCli(['bootstrap', '--config', path.join(home, 'missing.json')], env);
  expect(badConfig.code).toBe(8);

  const unknownEnv = await runCli(['bootstrap', '--config', configFile, '--env', 'nosuch'], env);
  expect(unknownEnv.code).toBe(2);
  expect(unknownEnv.stderr).toMatch(/^error \[BOOTSTRAP_UNKNOWN_ENVIRONMENT\]: environments \(--env\) names environment\(s\) "nosuch"/);
  fs.rmSync(home, { recursive: true, force: true });
}, 90000);

test('bootstrap --synth outside an app directory fails naming cdktf.json, after the tokens are written', async () => {
  const home = tempHome('bootstrap-cli-noapp-');
  const configFile = path.join(home, 'environments.json');
  fs.writeFileSync(configFile, JSON.stringify({ environments: [{ name: 'dev', vcdUrl: 'https://vcd.invalid/api', vcdVersion: '10.5.1', tenants: [{ name: 'acme', network: { name: 'acme-app', gateway: '10.1.1.1', prefixLength: 24 } }] }] }));
  const env = baseEnv(home, { VCD_PASSWORD: 'vcd-emulator-demo', VCD_TOKEN_DIR: path.join(home, 'tokens') });
  const r = await runCli(['bootstrap', '--config', configFile, '--vcd-url', `dev=${emu.url}/api`, '--ca-file', emu.caFile as string, '--synth'], env, { cwd: home });
  expect(r.code).toBe(8);
  expect(r.stderr).toContain(`error [SYNTH_NO_APP]: Cannot run the cdktf app: ${path.join(home, 'cdktf.json')}: there is none.`);
  expect(fs.existsSync(path.join(home, 'tokens', 'dev-acme.json'))).toBe(true);
  fs.rmSync(home, { recursive: true, force: true });
}, 60000);
