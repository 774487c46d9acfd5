// Canary suite: with --debug on, every command runs against the emulator, and no secret (password, API
// tokens, bearers) appears in stdout, stderr, any file other than the token file and env-file, or any URL
// or unexpected header the emulator saw.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RunningEmulator, startEmulator } from '../../src/emulator';
import { assertCliBuilt, baseEnv, CliRun, runCli, tempHome } from './cli-harness';

const PASSWORD = `canary-pw-${crypto.randomBytes(12).toString('hex')}`;
let emu: RunningEmulator;
const bearers: string[] = [];

beforeAll(async () => {
  assertCliBuilt();
  emu = await startEmulator({ vcdVersion: '10.5.1', demoPassword: PASSWORD });
  // Capture every bearer the emulator mints, so the test knows their values.
  const sessions = emu.sessions as unknown as { create: (input: unknown) => { accessToken: string } };
  const original = sessions.create.bind(sessions);
  sessions.create = (input: unknown) => {
    const minted = original(input);
    bearers.push(minted.accessToken);
    return minted;
  };
});
afterAll(async () => {
  await emu.close();
});

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? filesUnder(path.join(dir, d.name)) : [path.join(dir, d.name)]));
}

test('no secret leaks from any command with --debug', async () => {
  const home = tempHome('vcd-token-canary-');
  const tokenDir = path.join(home, 'tokens');
  const tokenFile = path.join(tokenDir, 'canary.json');
  const envFile = path.join(tokenDir, 'canary.env');
  const configFile = path.join(home, 'environments.json');
  fs.writeFileSync(configFile, JSON.stringify({
    environments: [{ name: 'dev', vcdUrl: 'https://vcd.invalid/api', vcdVersion: '10.5.1', tenants: [{ name: 'acme', automationUser: 'automation', network: { name: 'n', gateway: '10.0.0.1', prefixLength: 24 } }] }],
  }));
  const env = baseEnv(home, { VCD_URL: `${emu.url}/api`, VCD_ORG: 'acme', VCD_USER: 'automation', VCD_PASSWORD: PASSWORD, VCD_CA_FILE: emu.caFile });
  const apiTokens = new Set<string>();
  const remember = () => {
    for (const f of [tokenFile, path.join(tokenDir, 'dev-acme.json')]) {
      if (fs.existsSync(f)) apiTokens.add((JSON.parse(fs.readFileSync(f, 'utf8')) as { refresh_token: string }).refresh_token);
    }
  };
  const runs: CliRun[] = [];
  const step = async (args: string[], expected = 0, stdin?: string) => {
    const r = await runCli([...args, '--debug'], env, { stdin });
    expect({ args, code: r.code, stderr: r.stderr }).toMatchObject({ code: expected });
    runs.push(r);
    remember();
  };

  await step(['create', '--name', 'canary', '--token-file', tokenFile, '--env-output', envFile]);
  await step(['exchange', '--token-file', tokenFile]);
  await step(['exchange', '--token-stdin'], 0, `${[...apiTokens][0]}\n`);
  await step(['list']);
  await step(['whoami', '--token-file', tokenFile]);
  await step(['rotate', '--token-file', tokenFile, '--env-output', envFile]);
  await step(['revoke', '--token-file', tokenFile]);
  await step(['exchange', '--token-file', tokenFile, '--json'], 4);
  expect(JSON.parse(runs[runs.length - 1].stdout).error).toMatchObject({ code: 'VCD_INVALID_GRANT', exitCode: 4 });
  await step(['bootstrap', '--config', configFile, '--token-dir', tokenDir, '--vcd-url', `dev=${emu.url}/api`, '--ca-file', emu.caFile as string]);
  await step(['bootstrap', '--config', configFile, '--token-dir', tokenDir, '--vcd-url', `dev=${emu.url}/api`, '--ca-file', emu.caFile as string, '--json']);

  // The debug path was exercised (so "no secret in stderr" means something).
  expect(runs.some((r) => /debug: \[request\] POST .*\/oauth\/tenant\/acme\/token/.test(r.stderr))).toBe(true);
  expect(apiTokens.size).toBeGreaterThanOrEqual(3);
  expect(bearers.length).toBeGreaterThanOrEqual(8);
  const secrets = [PASSWORD, ...apiTokens, ...bearers];
  const output = runs.map((r) => r.stdout + r.stderr).join('\n');
  for (const secret of secrets) {
    expect(output.includes(secret)).toBe(false);
    expect(emu.requestLog.secretSeen(secret)).toEqual({ inUrl: false, inUnexpectedHeader: false, inLog: false });
  }
  expect(emu.requestLog.leaks()).toEqual([]);
  // Files: only token files and env-files may hold API tokens; nothing may hold the password or a bearer.
  for (const file of filesUnder(home)) {
    const text = fs.readFileSync(file, 'utf8');
    const designated = /\.(json|env)$/.test(file) && file.startsWith(tokenDir) && file !== configFile;
    for (const secret of secrets) {
      if (designated && apiTokens.has(secret)) continue;
      expect({ file, leaked: text.includes(secret) }).toEqual({ file, leaked: false });
    }
    if (designated) expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  }
  fs.rmSync(home, { recursive: true, force: true });
}, 120000);
