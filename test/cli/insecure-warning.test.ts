// --insecure is said once: the CLI's warning, not a second process warning from the client (the harness adds
// process warnings to stderr, as Node prints them in a spawned CLI).
import * as path from 'node:path';
import { writeEnvironmentsConfig } from '../bootstrap/bootstrap-fixtures';
import { connectionEnv, DEMO_PASSWORD, testEnv, useCliEmulator } from './cli-harness';

// No CA file: only skipping verification lets these commands reach the emulator.
const fx = useCliEmulator((emu) => ({ ...connectionEnv(emu), VCD_CA_FILE: undefined }));

const warnings = (stderr: string) => stderr.split('\n').filter((line) => /TLS certificate verification is (disabled|OFF)/.test(line));

test.each([
  ['--insecure', ['whoami', '--insecure'], {}],
  ['VCD_ALLOW_UNVERIFIED_SSL', ['whoami'], { VCD_ALLOW_UNVERIFIED_SSL: 'true' }],
  ['--insecure --debug', ['whoami', '--insecure', '--debug'], {}],
])('%s warns exactly once', async (_what, args, extra) => {
  const r = await fx.cli(args, { env: { ...fx.env, ...extra } });
  expect(r.exitCode).toBe(0);
  expect(warnings(r.stderr)).toHaveLength(1);
});

test('bootstrap --insecure warns exactly once', async () => {
  const configFile = path.join(fx.home, 'environments.json');
  writeEnvironmentsConfig(configFile, ['acme']);
  const env = testEnv(fx.home, { VCD_PASSWORD: DEMO_PASSWORD, VCD_TOKEN_DIR: path.join(fx.home, 'tokens') });
  const r = await fx.cli(['bootstrap', '--config', configFile, '--vcd-url', `dev=${fx.emu.url}/api`, '--insecure'], { env });
  expect(r.exitCode).toBe(0);
  expect(warnings(r.stderr)).toHaveLength(1);
});
