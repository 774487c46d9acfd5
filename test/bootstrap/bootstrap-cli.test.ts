// `vcd-token bootstrap --synth` in-process against an emulator: tokens, env-files, then the cdktf app of the
// working directory (this repository's stacks) run as `cdktf synth` runs it, with the URL overrides.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEMO_PASSWORD, testEnv, useCliEmulator } from '../cli/cli-harness';
import { writeEnvironmentsConfig } from './bootstrap-fixtures';

/** The repository: its cdktf.json's app is the stacks entry the CLI runs for --synth. */
const PROJECT = path.resolve(__dirname, '..', '..');

const fx = useCliEmulator(() => ({}));
const connection = () => ['--vcd-url', `dev=${fx.emu.url}/api`, '--ca-file', fx.emu.caFile as string];

test('bootstrap --synth writes tokens, env-files and the stacks; exit 5 for a tenant without rights', async () => {
  const configFile = path.join(fx.home, 'environments.json');
  writeEnvironmentsConfig(configFile, ['acme', 'globex']);
  const env = testEnv(fx.home, { VCD_PASSWORD_DEV_ACME: DEMO_PASSWORD, VCD_PASSWORD: DEMO_PASSWORD, VCD_TOKEN_DIR: path.join(fx.home, 'tokens') });
  const outdir = path.join(fx.home, 'out');
  const r = await fx.cli(['bootstrap', '--config', configFile, ...connection(), '--synth', '--outdir', outdir, '--json'], { env, cwd: PROJECT });
  expect({ exitCode: r.exitCode, stderr: r.stderr }).toEqual({ exitCode: 0, stderr: '' });
  const out = r.json<{ results: { tenant: string; created: boolean }[]; synth: { app: string; outdir: string; stacks: { name: string; authType: string }[] } }>();
  expect(out.results.map((x) => [x.tenant, x.created])).toEqual([['acme', true], ['globex', true]]);
  expect(out.synth.app).toBe('node dist/stacks/main.js');
  expect(out.synth.outdir).toBe(outdir);
  expect(out.synth.stacks.map((s) => [s.name, s.authType])).toEqual([['dev-acme', 'api_token'], ['dev-globex', 'api_token'], ['dev-platform', 'integrated']]);
  const token = JSON.parse(fs.readFileSync(path.join(fx.home, 'tokens', 'dev-acme.json'), 'utf8')).refresh_token as string;
  const synthesized = fs.readFileSync(path.join(outdir, 'stacks', 'dev-acme', 'cdk.tf.json'), 'utf8');
  expect(synthesized).toContain(`${fx.emu.url}/api`);
  expect(synthesized).not.toContain(token);

  writeEnvironmentsConfig(configFile, ['initech']);
  const denied = await fx.cli(['bootstrap', '--config', configFile, ...connection()], { env });
  expect(denied.exitCode).toBe(5);
  expect(denied.stderr).toContain("bundle: no rights bundle published to org 'initech'");

  const badConfig = await fx.cli(['bootstrap', '--config', path.join(fx.home, 'missing.json')], { env });
  expect(badConfig.exitCode).toBe(8);

  const unknownEnv = await fx.cli(['bootstrap', '--config', configFile, '--env', 'nosuch'], { env });
  expect(unknownEnv.exitCode).toBe(2);
  expect(unknownEnv.stderr).toMatch(/^error \[BOOTSTRAP_UNKNOWN_ENVIRONMENT\]: environments \(--env\) names environment\(s\) "nosuch"/);
});

test('bootstrap --synth outside an app directory fails naming cdktf.json, after the tokens are written', async () => {
  const configFile = path.join(fx.home, 'environments.json');
  writeEnvironmentsConfig(configFile, ['acme']);
  const env = testEnv(fx.home, { VCD_PASSWORD: DEMO_PASSWORD, VCD_TOKEN_DIR: path.join(fx.home, 'tokens') });
  const r = await fx.cli(['bootstrap', '--config', configFile, ...connection(), '--synth'], { env, cwd: fx.home });
  expect(r.exitCode).toBe(8);
  expect(r.stderr).toContain(`error [SYNTH_NO_APP]: Cannot run the cdktf app: ${path.join(fx.home, 'cdktf.json')}: there is none.`);
  expect(fs.existsSync(path.join(fx.home, 'tokens', 'dev-acme.json'))).toBe(true);
});
