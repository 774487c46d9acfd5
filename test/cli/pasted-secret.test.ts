// A token pasted where a command, an option or a token id belongs must not be echoed to stderr/stdout (CI logs).
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import { RunningEmulator, startEmulator } from '../../src/emulator';
import { assertCliBuilt, baseEnv, runCli, tempHome } from './cli-harness';

// 43 characters of base64url: the shape of a VCD API token.
const CANARY = `t${crypto.randomBytes(32).toString('base64url').slice(0, 42)}`;
let emu: RunningEmulator;
let home: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  assertCliBuilt();
  emu = await startEmulator({ vcdVersion: '10.5.1' });
  home = tempHome();
  env = baseEnv(home, { VCD_URL: `${emu.url}/api`, VCD_ORG: 'acme', VCD_USER: 'automation', VCD_PASSWORD: 'vcd-emulator-demo', VCD_CA_FILE: emu.caFile });
});
afterAll(async () => {
  await emu.close();
  fs.rmSync(home, { recursive: true, force: true });
});

/** Neither the canary nor any 8-character piece of it is printed. */
function expectNotEchoed(text: string): void {
  expect(CANARY).toHaveLength(43);
  for (let i = 0; i + 8 <= CANARY.length; i++) expect(text).not.toContain(CANARY.slice(i, i + 8));
}

test.each([
  ['as the command', [CANARY], 2],
  ['as the command, with --json', [CANARY, '--json'], 2],
  ['as a token id to revoke', ['revoke', CANARY], 2],
  ['as a token id to revoke, with --json', ['revoke', CANARY, '--json'], 2],
  ['after a dash, as an option', ['list', `--${CANARY}`], 2],
])('a token pasted %s is not echoed', async (_what, args, exit) => {
  const r = await runCli(args as string[], env);
  expect(r.code).toBe(exit);
  expect(r.stderr).toContain('value not shown: it may be a secret');
  expectNotEchoed(r.stdout + r.stderr);
});

test('command names and token ids are still echoed', async () => {
  const typo = await runCli(['craete'], env);
  expect(typo.stderr).toContain('Unknown command "craete"');
  const id = 'urn:vcloud:token:00000000-0000-4000-8000-000000000000';
  const r = await runCli(['revoke', id], env);
  expect(r.stdout).toContain(id);
});
