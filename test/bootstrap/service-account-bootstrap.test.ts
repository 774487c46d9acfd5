// The bootstrap of a service-account tenant against the emulator (VCD 10.5, real device flow): exchange (rotates)
// → the store takes and confirms the new token → only then the deploy's token file and env-file. Faults after the
// rotation, racing runs, a missing store, and ten consecutive simulated deploys (bootstrap + provider use).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bootstrapEnvironments, type BootstrapError } from '../../src/bootstrap';
import { revealSecret, type SecretInput } from '../../src/handoff/secret-value';
import type { SecretStore, StoredSecretDetails, StoreReceipt } from '../../src/stores';
import { VcdClient, VcdError } from '../../src/client';
import type { VcdApiTokensError } from '../../src/errors';
import { parseEnvironmentsConfig, type EnvironmentsConfig } from '../../src/config';
import { startEmulator, type RunningEmulator } from '../../src/emulator';

const ROLE = 'Token Automation';
const SOFTWARE_ID = '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
const VARIABLE = 'VCD_SA_TOKEN_DEV_GLOBEX';

let emu: RunningEmulator;
let vcd: VcdClient;
let dir: string;

beforeAll(async () => {
  emu = await startEmulator({ vcdVersion: '10.5', deviceCodeIntervalSeconds: 0 });
  vcd = new VcdClient({ url: `${emu.url}/api`, caFile: emu.caFile, maxConnections: 1 });
});
afterAll(async () => {
  await vcd.close();
  await emu.close();
});
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sa-bootstrap-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function config(name: string): EnvironmentsConfig {
  return parseEnvironmentsConfig(
    {
      environments: [{
        name: 'dev',
        vcdUrl: 'https://vcd-dev.invalid/api',
        vcdVersion: '10.5.1',
        tenants: [{ name: 'globex', network: { name: 'globex-net', gateway: '10.1.0.1', prefixLength: 24 }, identity: { type: 'serviceAccount', name, role: ROLE } }],
      }],
    },
    '/virtual/environments.json',
  );
}

/** An ACTIVE service account in globex and its first token (the administrator's one-time device flow). */
async function authorizedAccount(name: string): Promise<string> {
  const admin = await vcd.loginWithPassword({ org: 'globex', user: 'orgadmin', password: 'vcd-emulator-demo' });
  const sa = await vcd.serviceAccounts.register(admin, { name, role: ROLE, softwareId: SOFTWARE_ID });
  const auth = await vcd.serviceAccounts.authorize(admin, { id: sa.id, org: 'globex' });
  await vcd.serviceAccounts.grant(admin, auth.userCode);
  let first = '';
  await vcd.serviceAccounts.pollDeviceToken(auth, { persist: (t) => void (first = t.reveal()), sleep: async () => undefined });
  await vcd.logout(admin);
  return first;
}

/** A secret-store double in memory: confirms what it holds; can be told to fail. */
class MemoryStore implements SecretStore {
  public readonly kind = 'memory';
  public value: string | undefined;
  public failNext = false;
  public readonly writes: string[] = [];
  public readonly details: StoredSecretDetails[] = [];
  public constructor(private readonly onPut: (token: string) => void = () => undefined) {}
  public async put(name: string, token: SecretInput, details: StoredSecretDetails = {}): Promise<StoreReceipt> {
    expect(name).toBe(VARIABLE);
    this.onPut(revealSecret(token));
    if (this.failNext) {
      this.failNext = false;
      throw new Error('store answered 503 (injected)');
    }
    this.value = revealSecret(token);
    this.writes.push(this.value);
    this.details.push(details);
    return { store: this.kind, name, location: `memory store ${name}`, confirmedBy: 'held in memory' };
  }
  public describe(name: string): string {
    return `memory store ${name}`;
  }
}

async function works(token: string): Promise<boolean> {
  try {
    // The probe rotates it: call it last on a token.
    await vcd.serviceAccounts.exchange({ org: 'globex', refreshToken: token, persist: () => undefined });
    return true;
  } catch (e) {
    if (VcdError.isVcdError(e) && e.code === 'VCD_INVALID_GRANT') return false;
    throw e;
  }
}

async function failure(p: Promise<unknown>): Promise<BootstrapError & { failures: { error: VcdApiTokensError }[] }> {
  const e = await p.then(
    () => {
      throw new Error('expected the bootstrap to fail');
    },
    (err: unknown) => err,
  );
  return e as BootstrapError & { failures: { error: VcdApiTokensError }[] };
}

test('rotation is written to the store and confirmed before the deploy\'s token file; the old token is dead', async () => {
  const first = await authorizedAccount('sa-order');
  const tokenFile = path.join(dir, 'dev-globex.json');
  const store = new MemoryStore(() => expect(fs.existsSync(tokenFile)).toBe(false));
  const masked: string[] = [];
  const result = await bootstrapEnvironments(config('sa-order'), {
    tokenDir: dir,
    processEnv: { [VARIABLE]: first },
    vcdUrlOverrides: { dev: `${emu.url}/api` },
    caPerEnvironment: { dev: emu.caPem as string },
    writeBack: () => store,
    onNewSecret: (t) => masked.push(t),
  });
  const [r] = result.results;
  expect(r).toMatchObject({ identity: 'serviceAccount', tokenName: 'sa-order', tokenFile, storedIn: 'memory store VCD_SA_TOKEN_DEV_GLOBEX' });
  expect(store.writes).toHaveLength(1);
  expect(masked).toEqual([first, ...store.writes]);
  expect(store.details).toEqual([{ tokenType: 'Service Account', tokenName: 'sa-order', org: 'globex', vcdUrl: `${emu.url}/api` }]);
  expect(r.source).toBe('service-account');
  expect(r.variable).toBe(VARIABLE);
  const file = JSON.parse(fs.readFileSync(tokenFile, 'utf8'));
  expect(file).toMatchObject({ token_type: 'Service Account', refresh_token: store.value, token_name: 'sa-order', org: 'globex' });
  expect(fs.statSync(tokenFile).mode & 0o777).toBe(0o600);
  expect(fs.readFileSync(r.envFile, 'utf8')).toBe(`VCD_SA_TOKEN_FILE=${tokenFile}\nTF_VAR_vcd_service_account_token_file=${tokenFile}\n`);
  expect(await works(first)).toBe(false);
  expect(await works(store.value as string)).toBe(true);
});

test('the store fails after the rotation: the live token is kept in the token file, and the error says so and how to push it back', async () => {
  const first = await authorizedAccount('sa-store-fault');
  const store = new MemoryStore();
  store.failNext = true;
  const err = await failure(
    bootstrapEnvironments(config('sa-store-fault'), {
      tokenDir: dir,
      processEnv: { [VARIABLE]: first },
      vcdUrlOverrides: { dev: `${emu.url}/api` },
      caPerEnvironment: { dev: emu.caPem as string },
      writeBack: () => store,
    }),
  );
  const tokenFile = path.join(dir, 'dev-globex.json');
  expect(err.code).toBe('BOOTSTRAP_FAILED');
  const cause = err.failures[0].error;
  expect(cause.code).toBe('BOOTSTRAP_ROTATION_NOT_STORED');
  expect(cause.message).toContain(`VCD_SA_TOKEN_DEV_GLOBEX is dead`);
  expect(cause.message).toContain(`It is in ${tokenFile}`);
  expect(cause.message).toContain(`vcd-token service-account push --token-file ${tokenFile}`);
  expect(cause.message).toContain('store answered 503');
  // Nothing lost: the one live token is the file's.
  const kept = JSON.parse(fs.readFileSync(tokenFile, 'utf8')).refresh_token as string;
  expect(store.value).toBeUndefined();
  expect(kept).not.toBe(first);
  expect(err.message).not.toContain(kept);
  expect(await works(first)).toBe(false);
  expect(await works(kept)).toBe(true);
  expect(fs.existsSync(path.join(dir, 'dev-globex.env'))).toBe(false);
});

test('the answer to the exchange is lost after VCD rotated the token: presenting it again proves it, and the error names the account and how to revoke and re-authorize it (exit 7)', async () => {
  const first = await authorizedAccount('sa-lost');
  const store = new MemoryStore();
  const rule = emu.faults.add({ method: 'POST', path: /^\/oauth\/tenant\/globex\/token$/, action: { type: 'reset', when: 'after' } });
  try {
    const err = await failure(bootstrapEnvironments(config('sa-lost'), { tokenDir: dir, processEnv: { [VARIABLE]: first }, vcdUrlOverrides: { dev: `${emu.url}/api` }, caPerEnvironment: { dev: emu.caPem as string }, writeBack: () => store }));
    expect(rule.applied).toBe(1);
    const cause = err.failures[0].error;
    expect(cause.code).toBe('BOOTSTRAP_HANDOVER_UNSETTLED');
    expect(cause.message).toContain('VCD refused the same token presented again');
    expect(cause.message).toContain('vcd-token service-account revoke --name sa-lost --org globex');
    expect(cause.message).toContain('vcd-token service-account authorize --name sa-lost --org globex --env dev');
    expect(cause.message).not.toContain(first);
  } finally {
    emu.faults.clear();
  }
  expect(store.writes).toEqual([]);
  expect(await works(first)).toBe(false);
});

test('the exchange fails before VCD processed it: presenting the same token again is its one use, and the run succeeds', async () => {
  const first = await authorizedAccount('sa-retry');
  const store = new MemoryStore();
  const rule = emu.faults.add({ method: 'POST', path: /^\/oauth\/tenant\/globex\/token$/, action: { type: 'reset', when: 'before' } });
  try {
    const result = await bootstrapEnvironments(config('sa-retry'), { tokenDir: dir, processEnv: { [VARIABLE]: first }, vcdUrlOverrides: { dev: `${emu.url}/api` }, caPerEnvironment: { dev: emu.caPem as string }, writeBack: () => store });
    expect(rule.applied).toBe(1);
    expect(result.results[0].storedIn).toBe(`memory store ${VARIABLE}`);
  } finally {
    emu.faults.clear();
  }
  expect(store.writes).toHaveLength(1);
  expect(await works(store.value as string)).toBe(true);
});

test('two runs racing on one service account: one wins, the loser fails saying another run may hold the new token', async () => {
  const first = await authorizedAccount('sa-race');
  const dirs = [path.join(dir, 'a'), path.join(dir, 'b')];
  const stores = [new MemoryStore(), new MemoryStore()];
  const runs = await Promise.allSettled(
    dirs.map((tokenDir, i) =>
      bootstrapEnvironments(config('sa-race'), {
        tokenDir,
        processEnv: { [VARIABLE]: first },
        vcdUrlOverrides: { dev: `${emu.url}/api` },
        caPerEnvironment: { dev: emu.caPem as string },
        writeBack: stores[i],
      }),
    ),
  );
  expect(runs.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
  const lost = runs.find((r): r is PromiseRejectedResult => r.status === 'rejected')?.reason as BootstrapError & { failures: { error: VcdError }[] };
  expect(lost.failures[0].error.code).toBe('VCD_INVALID_GRANT');
  expect(lost.failures[0].error.message).toMatch(/another run of this pipeline used it at the same moment.*concurrency group/);
  expect(stores.map((s) => s.writes.length).sort()).toEqual([0, 1]);
});

test('a token from a CI secret without a store is refused before anything is sent; no token at all names the variable', async () => {
  const before = emu.requestLog.totalRequests;
  const noStore = await failure(bootstrapEnvironments(config('sa-nostore'), { tokenDir: dir, processEnv: { [VARIABLE]: 'x'.repeat(43) }, vcdUrlOverrides: { dev: `${emu.url}/api` }, caPerEnvironment: { dev: emu.caPem as string } }));
  expect(noStore.failures[0].error.code).toBe('BOOTSTRAP_NO_SECRET_STORE');
  const none = await failure(bootstrapEnvironments(config('sa-none'), { tokenDir: dir, processEnv: {}, vcdUrlOverrides: { dev: `${emu.url}/api` }, caPerEnvironment: { dev: emu.caPem as string } }));
  expect([none.code, none.message]).toEqual(['BOOTSTRAP_MISSING_CREDENTIALS', expect.stringContaining(VARIABLE)]);
  expect(emu.requestLog.totalRequests).toBe(before);
});

test('ten consecutive simulated deploys: each reads the token from the store, rotates it twice (bootstrap, provider) and writes it back', async () => {
  const store = new MemoryStore();
  store.value = await authorizedAccount('sa-ten');
  const seen = new Set<string>([store.value]);
  for (let run = 1; run <= 10; run++) {
    const runDir = path.join(dir, `run-${run}`); // an ephemeral runner: nothing survives between runs
    const result = await bootstrapEnvironments(config('sa-ten'), {
      tokenDir: runDir,
      processEnv: { [VARIABLE]: store.value as string },
      vcdUrlOverrides: { dev: `${emu.url}/api` },
      caPerEnvironment: { dev: emu.caPem as string },
      writeBack: () => store,
    });
    const tokenFile = result.results[0].tokenFile;
    // The provider uses the file's token and rewrites the file with the rotated one (its own format).
    const used = JSON.parse(fs.readFileSync(tokenFile, 'utf8')).refresh_token as string;
    await vcd.serviceAccounts.exchange({
      org: 'globex',
      refreshToken: used,
      persist: (t) => fs.writeFileSync(tokenFile, JSON.stringify({ token_type: 'Service Account', refresh_token: t.reveal(), updated_by: 'terraform-provider-vcd/v3.14.1', updated_on: new Date().toISOString() }), { mode: 0o600 }),
    });
    // After the deploy: the file's token goes back to the store.
    const rewritten = JSON.parse(fs.readFileSync(tokenFile, 'utf8')).refresh_token as string;
    await store.put(VARIABLE, rewritten);
    for (const t of [used, rewritten]) seen.add(t);
    fs.rmSync(runDir, { recursive: true, force: true });
  }
  expect(store.writes).toHaveLength(20);
  expect(seen.size).toBe(21);
  expect(await works(store.value as string)).toBe(true);
});
