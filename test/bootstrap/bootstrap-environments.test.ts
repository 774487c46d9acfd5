// bootstrapEnvironments against in-process emulators: create, reuse, replace a revoked token, missing
// credentials, missing rights (initech), and the CLI command with --synth.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bootstrapEnvironments, BootstrapError, passwordVariableName } from '../../src/bootstrap';
import { bootstrapConfig } from './bootstrap-fixtures';
import { RunningEmulator, startEmulator } from '../../src/emulator';
import { readTokenFile } from '../../src/handoff';
import { isTokenNamed } from '../../src/client/token-name';

const PASSWORD = 'vcd-emulator-demo';
let emu: RunningEmulator;
let tokenDir: string;

const config = bootstrapConfig;

const options = () => ({ tokenDir, vcdUrlOverrides: { dev: `${emu.url}/api` }, ca: emu.caPem, processEnv: {} as NodeJS.ProcessEnv });

beforeAll(async () => {
  emu = await startEmulator({ vcdVersion: '10.5.1' });
});
afterAll(async () => {
  await emu.close();
});
beforeEach(() => {
  tokenDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bootstrap-test-'));
});
afterEach(() => fs.rmSync(tokenDir, { recursive: true, force: true }));

/** Live tokens created under `name` (VCD names them `<name>~<attempt suffix>`). */
const aliveNamed = (name: string) => [...emu.world.tokens.values()].filter((t) => isTokenNamed(t.name, name));

test('creates a token per tenant, then reuses it with one request (the exchange) per tenant', async () => {
  const first = await bootstrapEnvironments(config(['acme', 'globex']), { ...options(), password: () => PASSWORD });
  expect(first.results).toEqual([
    expect.objectContaining({ env: 'dev', tenant: 'acme', tokenName: expect.stringMatching(/^vcd-api-tokens-dev-acme~[0-9a-f]{8}$/), created: true, reused: false, tokenFile: path.join(tokenDir, 'dev-acme.json'), envFile: path.join(tokenDir, 'dev-acme.env') }),
    expect.objectContaining({ env: 'dev', tenant: 'globex', created: true, reused: false }),
  ]);
  for (const r of first.results) {
    const stored = readTokenFile(r.tokenFile);
    expect(stored.tokenId).toBe(r.tokenId);
    expect(fs.readFileSync(r.envFile, 'utf8')).toBe(`VCD_API_TOKEN=${stored.apiToken}\nTF_VAR_vcd_api_token=${stored.apiToken}\n`);
    expect(JSON.stringify(r)).not.toContain(stored.apiToken);
    expect(aliveNamed(r.tokenName).map((t) => t.id)).toEqual([r.tokenId]);
  }

  const before = emu.requestLog.entries().length;
  const second = await bootstrapEnvironments(config(['acme', 'globex']), options()); // no password needed
  expect(second.results.map((r) => [r.tenant, r.reused, r.created, r.tokenId])).toEqual(first.results.map((r) => [r.tenant, true, false, r.tokenId]));
  const requests = emu.requestLog.entries().slice(before);
  // Tenants run concurrently, so the order of their requests varies.
  expect(requests.map((e) => `${e.method} ${e.url} ${e.grantType ?? ''}`).sort()).toEqual([
    'POST /oauth/tenant/acme/token refresh_token',
    'POST /oauth/tenant/globex/token refresh_token',
  ]);
});

test('replaces a revoked token and revokes nothing else; a second run reuses', async () => {
  const first = await bootstrapEnvironments(config(['acme']), { ...options(), password: () => PASSWORD });
  const oldId = first.results[0].tokenId as string;
  emu.world.revokeToken(oldId);
  const second = await bootstrapEnvironments(config(['acme']), { ...options(), processEnv: { [passwordVariableName('dev', 'acme')]: PASSWORD } });
  expect(second.results[0]).toMatchObject({ created: true, reused: false });
  expect(second.results[0].tokenId).not.toBe(oldId);
  expect(aliveNamed('vcd-api-tokens-dev-acme').map((t) => t.id)).toEqual([second.results[0].tokenId]);
});

test('without a stored token or password it fails naming the exact variable', async () => {
  const err = await bootstrapEnvironments(config(['acme']), options()).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(BootstrapError);
  expect((err as BootstrapError).code).toBe('BOOTSTRAP_MISSING_CREDENTIALS');
  expect((err as Error).message).toContain('VCD_PASSWORD_DEV_ACME (or VCD_PASSWORD)');
  expect(passwordVariableName('prod-eu', 'acme.corp')).toBe('VCD_PASSWORD_PROD_EU_ACME_CORP');
});

test.each([
  ['environments', { environments: ['dev', 'nosuch'] }, '"nosuch"'],
  ['vcdUrlOverrides', { vcdUrlOverrides: { staging: 'https://vcd-staging.example.com/api' } }, '"staging"'],
])('an environment name the config does not define (%s) is BOOTSTRAP_UNKNOWN_ENVIRONMENT, before anything is written', async (_option, extra, named) => {
  const dir = path.join(tokenDir, 'not-created');
  const err = await bootstrapEnvironments(config(['acme']), { ...options(), ...extra, tokenDir: dir, password: () => PASSWORD }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(BootstrapError);
  expect((err as BootstrapError).code).toBe('BOOTSTRAP_UNKNOWN_ENVIRONMENT');
  expect((err as Error).message).toContain(named);
  expect((err as Error).message).toMatch(/defines dev\.$/);
  expect(fs.existsSync(dir)).toBe(false);
});

test('initech (token bundle not published): missing right named in the bundle, fix is dev-platform, no token created', async () => {
  const before = emu.world.tokens.size;
  const err = await bootstrapEnvironments(config(['initech']), { ...options(), processEnv: { VCD_PASSWORD: PASSWORD } }).catch((e: unknown) => e);
  expect((err as BootstrapError).code).toBe('BOOTSTRAP_MISSING_RIGHT');
  expect((err as Error).message).toMatch(/bundle: no rights bundle published to org 'initech' .*'API Tokens: Manage'.*dev-platform/);
  expect((err as Error).message).not.toMatch(/role: /);
  expect(emu.world.tokens.size).toBe(before);
});

test('a mix of failures and successes reports every failure and still writes the good tokens', async () => {
  const err = await bootstrapEnvironments(config(['acme', 'initech']), { ...options(), password: () => PASSWORD }).catch((e: unknown) => e);
  expect((err as BootstrapError).failures.map((f) => [f.tenant, f.code])).toEqual([['initech', 'BOOTSTRAP_MISSING_RIGHT']]);
  expect(fs.existsSync(path.join(tokenDir, 'dev-acme.json'))).toBe(true);
});

test('refuses a token dir inside a git work tree', async () => {
  fs.mkdirSync(path.join(tokenDir, '.git'));
  await expect(bootstrapEnvironments(config(['acme']), { ...options(), tokenDir: path.join(tokenDir, 'tokens'), password: () => PASSWORD })).rejects.toMatchObject({ code: 'HANDOFF_UNSAFE_LOCATION' });
});

test('two concurrent bootstraps of one token dir: one creates, the other waits and reuses; one token alive', async () => {
  const run = () => bootstrapEnvironments(config(['globex']), { ...options(), password: () => PASSWORD });
  const [a, b] = await Promise.all([run(), run()]);
  const outcomes = [a.results[0], b.results[0]].map((r) => (r.created ? 'created' : 'reused')).sort();
  expect(outcomes).toEqual(['created', 'reused']);
  expect(a.results[0].tokenId).toBe(b.results[0].tokenId);
  expect(aliveNamed('vcd-api-tokens-dev-globex').map((t) => t.id)).toEqual([a.results[0].tokenId]);
  expect(fs.readdirSync(tokenDir).sort()).toEqual(['dev-globex.env', 'dev-globex.json', 'minted-tokens.list']);
  expect(fs.readFileSync(path.join(tokenDir, 'minted-tokens.list'), 'utf8')).toBe(`${path.join(tokenDir, 'dev-globex.json')}\n`);
});

test('failures are reported in config order, whatever order the concurrent targets failed in', async () => {
  // Neither tenant has a password; globex (first in the config) takes longer to find that out, so it fails last.
  const password = async ({ tenant }: { tenant: string }): Promise<string | undefined> => {
    if (tenant === 'globex') await new Promise((resolve) => setTimeout(resolve, 150));
    return undefined;
  };
  const err = await bootstrapEnvironments(config(['globex', 'acme']), { ...options(), password }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(BootstrapError);
  expect((err as BootstrapError).failures.map((f) => f.tenant)).toEqual(['globex', 'acme']);
  expect((err as Error).message).toMatch(/dev\/globex[\s\S]*dev\/acme/);
});
