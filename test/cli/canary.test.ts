// Canary suite: with --debug on, every command runs against the emulator, and no secret (password, API
// tokens, bearers) appears in stdout, stderr, any file other than the token file and env-file, or any URL
// or unexpected header the emulator saw.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RunningEmulator, startEmulator } from '../../src/emulator';
import { writeEnvironmentsConfig } from '../bootstrap/bootstrap-fixtures';
import { cli, CliResult, connectionEnv, tempHome, testEnv } from './cli-harness';
import { canary, expectNoSecrets, filesUnder } from './secret-scan';

const PASSWORD = canary('canary-pw');
let emu: RunningEmulator;
const bearers: string[] = [];

beforeAll(async () => {
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

test('no secret leaks from any command with --debug', async () => {
  const home = tempHome('vcd-token-canary-');
  const tokenDir = path.join(home, 'tokens');
  const tokenFile = path.join(tokenDir, 'canary.json');
  const envFile = path.join(tokenDir, 'canary.env');
  const configFile = path.join(home, 'environments.json');
  writeEnvironmentsConfig(configFile, ['acme']);
  const env = testEnv(home, connectionEnv(emu, { password: PASSWORD }));
  const apiTokens = new Set<string>();
  const remember = () => {
    for (const f of [tokenFile, path.join(tokenDir, 'dev-acme.json')]) {
      if (fs.existsSync(f)) apiTokens.add((JSON.parse(fs.readFileSync(f, 'utf8')) as { refresh_token: string }).refresh_token);
    }
  };
  const runs: CliResult[] = [];
  const step = async (args: string[], expected = 0, stdin?: string, envChanges: NodeJS.ProcessEnv = {}) => {
    const r = await cli([...args, '--debug'], { env: { ...env, ...envChanges }, stdin });
    expect({ args, exitCode: r.exitCode, stderr: r.stderr }).toMatchObject({ exitCode: expected });
    runs.push(r);
    remember();
  };

  await step(['create', '--name', 'canary', '--token-file', tokenFile, '--env-output', envFile]);
  await step(['exchange', '--token-file', tokenFile]);
  await step(['exchange', '--token-stdin'], 0, `${[...apiTokens][0]}\n`);
  await step(['list']);
  // The token file alone: with VCD_PASSWORD too, whoami refuses the two credentials.
  await step(['whoami', '--token-file', tokenFile], 0, undefined, { VCD_PASSWORD: undefined });
  await step(['rotate', '--token-file', tokenFile, '--env-output', envFile]);
  await step(['revoke', '--token-file', tokenFile]);
  await step(['exchange', '--token-file', tokenFile, '--json'], 4);
  expect(runs[runs.length - 1].json<{ error: unknown }>().error).toMatchObject({ code: 'VCD_INVALID_GRANT', exitCode: 4 });
  await step(['bootstrap', '--config', configFile, '--token-dir', tokenDir, '--vcd-url', `dev=${emu.url}/api`, '--ca-file', emu.caFile as string]);
  await step(['bootstrap', '--config', configFile, '--token-dir', tokenDir, '--vcd-url', `dev=${emu.url}/api`, '--ca-file', emu.caFile as string, '--json']);

  // The debug path was exercised (so "no secret in stderr" means something).
  expect(runs.some((r) => /debug: \[request\] POST .*\/oauth\/tenant\/acme\/token/.test(r.stderr))).toBe(true);
  expect(apiTokens.size).toBeGreaterThanOrEqual(3);
  expect(bearers.length).toBeGreaterThanOrEqual(8);
  const secrets = { password: PASSWORD, ...Object.fromEntries([...apiTokens].map((t, i) => [`API token #${i + 1}`, t])), ...Object.fromEntries(bearers.map((b, i) => [`bearer #${i + 1}`, b])) };
  // Files: only token files and env-files in the token dir may hold API tokens (mode 0600); nothing may hold
  // the password or a bearer.
  const designated = (file: string, secret: string) => /\.(json|env)$/.test(file) && file.startsWith(tokenDir) && file !== configFile && apiTokens.has(secret);
  expectNoSecrets(secrets, { outputs: runs, emulator: emu, directory: home, designated });
  // The scan looked where the tokens are: every token file and env-file is in the tree it read.
  expect(filesUnder(home)).toEqual(expect.arrayContaining([tokenFile, envFile, path.join(tokenDir, 'dev-acme.json'), path.join(tokenDir, 'dev-acme.env')]));
  fs.rmSync(home, { recursive: true, force: true });
});
