// --insecure is said once: the CLI's warning, not a second process warning from the client.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RunningEmulator, startEmulator } from '../../src/emulator';
import { assertCliBuilt, baseEnv, runCli, tempHome } from './cli-harness';

let emu: RunningEmulator;
let home: string;

beforeAll(async () => {
  assertCliBuilt();
  emu = await startEmulator({ vcdVersion: '10.5.1' });
  home = tempHome();
});
afterAll(async () => {
  await emu.close();
  fs.rmSync(home, { recursive: true, force: true });
});

const warnings = (stderr: string) => stderr.split('\n').filter((line) => /TLS certificate verification is (disabled|OFF)/.test(line));

test.each([
  ['--insecure', ['whoami', '--insecure'], {}],
  ['VCD_ALLOW_UNVERIFIED_SSL', ['whoami'], { VCD_ALLOW_UNVERIFIED_SSL: 'true' }],
  ['--insecure --debug', ['whoami', '--insecure', '--debug'], {}],
])('%s warns exactly once', async (_what, args, extra) => {
  const env = baseEnv(home, { VCD_URL: `${emu.url}/api`, VCD_ORG: 'acme', VCD_USER: 'automation', VCD_PASSWORD: 'vcd-emulator-demo', ...extra });
  const r = await runCli(args, env);
  expect(r.code).toBe(0);
  expect(warnings(r.stderr)).toHaveLength(1);
});

test('bootstrap --insecure warns exactly once', async () => {
  const configFile = path.join(home, 'environments.json');
  fs.writeFileSync(configFile, JSON.stringify({
    environments: [{ name: 'dev', vcdUrl: 'https://vcd.invalid/api', vcdVersion: '10.5.1', tenants: [{ name: 'acme', automationUser: 'automation', network: { name: 'acme-app', gateway: '10.1.1.1', prefixLength: 24 } }] }],
  }));
  const env = baseEnv(home, { VCD_PASSWORD: 'vcd-emulator-demo', VCD_TOKEN_DIR: path.join(home, 'tokens') });
  const r = await runCli(['bootstrap', '--config', configFile, '--vcd-url', `dev=${emu.url}/api`, '--insecure'], env, { timeoutMs: 60000 });
  expect(r.code).toBe(0);
  expect(warnings(r.stderr)).toHaveLength(1);
});
