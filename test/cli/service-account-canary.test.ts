// Canary suite for service accounts: every `vcd-token service-account` command (and the bootstrap of a
// service-account tenant) runs with --debug, and no device code, refresh token, bearer or password appears in
// stdout, stderr, any file other than the token files (0600), or any URL or unexpected header the emulator saw.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as emulatorSecrets from '../../src/emulator/secrets';
import { startEmulator, type RunningEmulator } from '../../src/emulator';
import { cli, type CliResult, connectionEnv, tempHome, testEnv, waitFor } from './cli-harness';
import { canary, expectNoSecrets, filesUnder } from './secret-scan';

const PASSWORD = canary('canary-pw');
let emu: RunningEmulator;
const bearers: string[] = [];
/** Every secret the emulator minted: device codes and refresh tokens. */
const minted: string[] = [];

beforeAll(async () => {
  const original = emulatorSecrets.newApiTokenSecret;
  jest.spyOn(emulatorSecrets, 'newApiTokenSecret').mockImplementation(() => {
    const value = original();
    minted.push(value);
    return value;
  });
  emu = await startEmulator({ vcdVersion: '10.5.1', demoPassword: PASSWORD, deviceCodeIntervalSeconds: 0 });
  const sessions = emu.sessions as unknown as { create: (input: unknown) => { accessToken: string } };
  const create = sessions.create.bind(sessions);
  sessions.create = (input: unknown) => {
    const session = create(input);
    bearers.push(session.accessToken);
    return session;
  };
});
afterAll(async () => {
  await emu.close();
  jest.restoreAllMocks();
});

test('no secret leaks from any service-account command with --debug', async () => {
  const home = tempHome('vcd-token-sa-canary-');
  const env = testEnv(home, connectionEnv(emu, { user: 'orgadmin', password: PASSWORD }));
  const tokenDir = path.join(home, 'tokens');
  const tokenFile = path.join(home, 'sa', 'canary-sa.json');
  const configFile = path.join(home, 'environments.json');
  fs.writeFileSync(
    configFile,
    JSON.stringify({ environments: [{ name: 'dev', vcdUrl: 'https://vcd.invalid/api', vcdVersion: '10.5.1', tenants: [{ name: 'acme', identity: { type: 'serviceAccount', name: 'canary-sa', role: 'Token Automation' } }] }] }),
  );
  const runs: CliResult[] = [];
  const step = async (args: string[], expected = 0, extraEnv: Record<string, string> = {}): Promise<CliResult> => {
    const r = await cli([...args, '--debug'], { env: { ...env, ...extraEnv } });
    expect({ args, exitCode: r.exitCode, stderr: r.stderr }).toMatchObject({ exitCode: expected });
    runs.push(r);
    return r;
  };

  await step(['service-account', 'create', '--name', 'canary-sa', '--role', 'Token Automation']);
  let stderr = '';
  const authorizing = cli(['service-account', 'authorize', '--name', 'canary-sa', '--token-file', tokenFile, '--debug'], { env, onStderr: (t) => (stderr += t) });
  await waitFor(() => /User code: [A-Z-]+/.test(stderr), 'the user code');
  const userCode = /User code: ([A-Z-]+)/.exec(stderr)?.[1] as string;
  await step(['service-account', 'grant', '--user-code', userCode]);
  const authorized = await authorizing;
  expect(authorized.exitCode).toBe(0);
  runs.push(authorized);
  await step(['service-account', 'status', '--token-file', tokenFile, '--json']);
  await step(['service-account', 'list']);
  await step(['bootstrap', '--config', configFile, '--token-dir', tokenDir, '--vcd-url', `dev=${emu.url}/api`, '--json'], 0, { VCD_SA_TOKEN_FILE_DEV_ACME: tokenFile });
  const pushed = path.join(home, 'pushed');
  await step(['service-account', 'push', '--token-file', path.join(tokenDir, 'dev-acme.json'), '--env', 'dev', '--org', 'acme', '--to', 'file', '--token-dir', pushed, '--json']);
  await step(['service-account', 'revoke', '--name', 'canary-sa']);
  // The revoked account's token is refused: exit 4, and the message names where the token came from.
  const refused = await step(['bootstrap', '--config', configFile, '--token-dir', tokenDir, '--vcd-url', `dev=${emu.url}/api`], 4, { VCD_SA_TOKEN_FILE_DEV_ACME: tokenFile });
  expect(refused.stderr).toContain(`VCD refused the token of service account canary-sa of dev/acme from file ${tokenFile}`);
  await step(['service-account', 'delete', '--name', 'canary-sa', '--json']);
  const { run: denied, code: deniedCode } = await (async () => {
    let err = '';
    const run = cli(['service-account', 'create', '--name', 'canary-sa-2', '--role', 'Token Automation', '--authorize', '--token-file', path.join(home, 'denied.json'), '--debug'], { env, onStderr: (t) => (err += t) });
    await waitFor(() => /User code: [A-Z-]+/.test(err), 'the second user code');
    return { run, code: /User code: ([A-Z-]+)/.exec(err)?.[1] as string };
  })();
  await step(['service-account', 'deny', '--user-code', deniedCode]);
  const deniedRun = await denied;
  expect(deniedRun.exitCode).toBe(5);
  runs.push(deniedRun);

  // The secrets of the flow exist and the debug path was exercised, so "not found" means something.
  expect(runs.some((r) => /debug: \[request\] POST .*\/oauth\/tenant\/acme\/device_authorization/.test(r.stderr))).toBe(true);
  expect(runs.some((r) => /debug: \[request\] POST .*\/oauth\/tenant\/acme\/token/.test(r.stderr))).toBe(true);
  expect(minted.length).toBeGreaterThanOrEqual(4); // two device codes, the first token, the bootstrap's rotation
  expect(bearers.length).toBeGreaterThanOrEqual(8);
  const tokenFiles = new Set([tokenFile, path.join(tokenDir, 'dev-acme.json'), path.join(home, 'pushed', 'dev-acme.json')]);
  const refreshTokens = new Set([...tokenFiles].filter((f) => fs.existsSync(f)).map((f) => (JSON.parse(fs.readFileSync(f, 'utf8')) as { refresh_token: string }).refresh_token));
  expect(refreshTokens.size).toBe(1);
  const secrets = {
    password: PASSWORD,
    ...Object.fromEntries(minted.map((s, i) => [`minted #${i + 1}`, s])),
    ...Object.fromEntries(bearers.map((b, i) => [`bearer #${i + 1}`, b])),
  };
  // Only the service-account token files may hold a refresh token (mode 0600); nothing may hold a device code,
  // a bearer or the password.
  const designated = (file: string, secret: string) => tokenFiles.has(file) && refreshTokens.has(secret);
  expectNoSecrets(secrets, { outputs: runs, emulator: emu, directory: home, designated });
  expect(filesUnder(home)).toEqual(expect.arrayContaining([...tokenFiles, path.join(tokenDir, 'dev-acme.env')]));
  fs.rmSync(home, { recursive: true, force: true });
});
