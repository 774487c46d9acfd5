// The bootstrap and token rotation against an emulator that rotates refresh tokens on every exchange
// (rotateRefreshTokens, service-account behaviour): every token written to <env>-<tenant>.json and .env must be
// the live one, and a rotated token that cannot be saved must fail loudly (exit 8, never the token).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bootstrapEnvironments, BootstrapError, rotateApiToken, type TokenApi, type TokenApiSettings } from '../../src/bootstrap';
import { openTokenApi } from '../../src/bootstrap/client-factory';
import { exitCodeFor } from '../../src/cli';
import { bootstrapConfig, writeEnvironmentsConfig } from './bootstrap-fixtures';
import { RunningEmulator, startEmulator } from '../../src/emulator';
import { readTokenFile } from '../../src/handoff';
import { isTokenNamed } from '../../src/client/token-name';
import { cli, testEnv, waitFor } from '../cli/cli-harness';

const PASSWORD = 'vcd-emulator-demo';
let emu: RunningEmulator;
let tokenDir: string;

const config = bootstrapConfig(['acme']);

/** No password anywhere: a run with these options can only succeed by reusing the stored token. */
const reuseOnly = () => ({ tokenDir, vcdUrlOverrides: { dev: `${emu.url}/api` }, ca: emu.caPem, processEnv: {} as NodeJS.ProcessEnv });
const tokenFile = () => path.join(tokenDir, 'dev-acme.json');
const envFile = () => path.join(tokenDir, 'dev-acme.env');
const envFileToken = () => /^VCD_API_TOKEN=(.+)$/m.exec(fs.readFileSync(envFile(), 'utf8'))?.[1];

/** Probes the emulator directly; a successful probe rotates the token, so probe dead tokens, or live ones last. */
async function accepted(apiToken: string): Promise<boolean> {
  const client = openTokenApi({ url: `${emu.url}/api`, ca: emu.caPem });
  try {
    await client.exchangeApiToken({ org: 'acme', apiToken });
    return true;
  } catch (err) {
    expect((err as { code?: string }).code).toBe('VCD_INVALID_GRANT');
    return false;
  } finally {
    await client.close();
  }
}

beforeAll(async () => {
  emu = await startEmulator({ vcdVersion: '10.5.1', rotateRefreshTokens: true });
});
afterAll(async () => {
  await emu.close();
});
beforeEach(() => {
  tokenDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bootstrap-rotated-'));
});
afterEach(() => fs.rmSync(tokenDir, { recursive: true, force: true }));

test('create path: the granted token is saved as is (no verifying exchange to rotate it), and the next run reuses it', async () => {
  const masked: string[] = [];
  const first = await bootstrapEnvironments(config, { ...reuseOnly(), password: () => PASSWORD, onNewSecret: (t) => masked.push(t) });
  expect(first.results[0]).toEqual(expect.objectContaining({ created: true }));
  const saved = readTokenFile(tokenFile()).apiToken;
  expect(envFileToken()).toBe(saved);
  // The created token reached onNewSecret (CI masking) before it was written.
  expect(masked).toEqual([saved]);

  const second = await bootstrapEnvironments(config, { ...reuseOnly(), onNewSecret: (t) => masked.push(t) });
  expect(second.results[0]).toEqual(expect.objectContaining({ reused: true, created: false, tokenId: first.results[0].tokenId }));
  // That reuse rotated it: the successor was masked and saved, the granted one is dead.
  expect(masked).toEqual([saved, readTokenFile(tokenFile()).apiToken]);
  expect(await accepted(saved)).toBe(false);
});

test('reuse path: the rotated token goes into <env>-<tenant>.json and .env (0600), and the next run reuses again', async () => {
  await bootstrapEnvironments(config, { ...reuseOnly(), password: () => PASSWORD });
  const tokenId = readTokenFile(tokenFile()).tokenId;
  const seen: string[] = [];
  for (let run = 1; run <= 2; run++) {
    const before = readTokenFile(tokenFile()).apiToken;
    const result = await bootstrapEnvironments(config, reuseOnly());
    expect({ run, ...result.results[0] }).toEqual(expect.objectContaining({ run, reused: true, tokenId }));
    const stored = readTokenFile(tokenFile());
    expect(stored.apiToken).not.toBe(before);
    expect(stored).toEqual(expect.objectContaining({ tokenId, tokenName: expect.stringMatching(/^vcd-api-tokens-dev-acme~[0-9a-f]{8}$/), org: 'acme', vcdUrl: `${emu.url}/api` }));
    expect(envFileToken()).toBe(stored.apiToken);
    for (const file of [tokenFile(), envFile()]) expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.stringify(result)).not.toContain(stored.apiToken);
    expect(await accepted(before)).toBe(false);
    seen.push(before, stored.apiToken);
  }
  for (const s of seen) expect(emu.requestLog.secretSeen(s).inUrl).toBe(false);
  expect([...emu.world.tokens.values()].filter((t) => isTokenNamed(t.name, 'vcd-api-tokens-dev-acme')).map((t) => t.id)).toEqual([tokenId]);
});

test('a rotated token that cannot be saved: the bootstrap fails with exit 8 and says the token was rotated', async () => {
  await bootstrapEnvironments(config, { ...reuseOnly(), password: () => PASSWORD });
  const old = readTokenFile(tokenFile()).apiToken;
  // The exchange succeeds (and rotates); right after it a directory takes the file's place, so the atomic
  // rename fails whatever the privileges (tests may run as root, which ignores a read-only directory).
  const clientFactory = (settings: TokenApiSettings): TokenApi => {
    const real = openTokenApi(settings);
    return new Proxy(real, {
      get(target, prop) {
        if (prop === 'exchangeApiToken') {
          return async (input: Parameters<TokenApi['exchangeApiToken']>[0]) => {
            const session = await target.exchangeApiToken(input);
            fs.rmSync(tokenFile());
            fs.mkdirSync(tokenFile());
            fs.writeFileSync(path.join(tokenFile(), 'keep'), 'x');
            return session;
          };
        }
        const value = Reflect.get(target, prop) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  };
  const err = await bootstrapEnvironments(config, { ...reuseOnly(), clientFactory }).then(
    () => new Error('bootstrap succeeded'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(BootstrapError);
  const failure = (err as BootstrapError).failures[0];
  expect(failure.code).toBe('HANDOFF_WRITE_FAILED');
  expect((err as Error).message).toContain('VCD rotated the API token on use');
  expect((err as Error).message).toContain(`could not be saved: Could not write ${tokenFile()}`);
  expect((err as Error).message).not.toContain(old);
  expect(exitCodeFor(err)).toBe(8);
  expect(await accepted(old)).toBe(false);
});

test('rotateApiToken: the token saved after the verifying exchange is the rotated, live one', async () => {
  await bootstrapEnvironments(config, { ...reuseOnly(), password: () => PASSWORD });
  const before = readTokenFile(tokenFile());
  const client = openTokenApi({ url: `${emu.url}/api`, ca: emu.caPem });
  const masked: string[] = [];
  try {
    const result = await rotateApiToken(client, { tokenFile: tokenFile(), user: 'automation', password: PASSWORD, onNewSecret: (t) => masked.push(t) });
    expect(result.previousTokenId).toBe(before.tokenId);
    expect(result.revoked.map((r) => r.id)).toEqual([before.tokenId]);
  } finally {
    await client.close();
  }
  const after = readTokenFile(tokenFile());
  expect(masked[masked.length - 1]).toBe(after.apiToken);
  expect(await accepted(masked[0])).toBe(false);
  expect(await accepted(after.apiToken)).toBe(true);
});

describe('vcd-token bootstrap with rotating tokens', () => {
  let home: string;
  let configFile: string;
  beforeEach(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'bootstrap-rotated-cli-'));
    configFile = path.join(home, 'environments.json');
    writeEnvironmentsConfig(configFile, ['acme']);
    emu.faults.clear();
  });
  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

  const bootstrap = (password?: string) =>
    cli(['bootstrap', '--config', configFile, '--vcd-url', `dev=${emu.url}/api`, '--ca-file', emu.caFile as string, '--json'], { env: testEnv(home, { VCD_TOKEN_DIR: tokenDir, VCD_PASSWORD: password }) });

  test('create, then two reuses without a password: each rotation lands in the .json and the .env; nothing secret printed', async () => {
    const created = await bootstrap(PASSWORD);
    expect({ exitCode: created.exitCode, stderr: created.stderr }).toEqual({ exitCode: 0, stderr: '' });
    const printed = [created.stdout];
    const tokens = [readTokenFile(tokenFile()).apiToken];
    for (let run = 1; run <= 2; run++) {
      const reused = await bootstrap();
      expect({ run, exitCode: reused.exitCode, stderr: reused.stderr }).toEqual({ run, exitCode: 0, stderr: '' });
      expect(reused.json<{ results: unknown[] }>().results[0]).toEqual(expect.objectContaining({ reused: true, created: false }));
      printed.push(reused.stdout);
      const stored = readTokenFile(tokenFile()).apiToken;
      expect(tokens).not.toContain(stored);
      expect(envFileToken()).toBe(stored);
      tokens.push(stored);
    }
    for (const t of tokens) for (const out of printed) expect(out).not.toContain(t);
  });

  test('the rotated token cannot be saved: exit 8, stderr says it was rotated and names the file', async () => {
    expect((await bootstrap(PASSWORD)).exitCode).toBe(0);
    const old = readTokenFile(tokenFile()).apiToken;
    // Hold the exchange answer (the server has rotated already) and put a directory where the file was.
    const stall = emu.faults.add({ method: 'POST', path: '/oauth/tenant/acme/token', action: { type: 'stall', ms: 100 } });
    const running = bootstrap();
    await waitFor(() => stall.applied === 1, 'the held token answer');
    fs.rmSync(tokenFile());
    fs.mkdirSync(tokenFile());
    fs.writeFileSync(path.join(tokenFile(), 'keep'), 'x');
    const r = await running;
    expect(r.exitCode).toBe(8);
    expect(r.stderr).toContain('VCD rotated the API token on use');
    expect(r.stderr).toContain(`could not be saved: Could not write ${tokenFile()}`);
    expect(r.stdout + r.stderr).not.toContain(old);
    expect(await accepted(old)).toBe(false);
  });
});
