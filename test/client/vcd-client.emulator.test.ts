// The client against the real emulator over HTTPS (loopback, generated CA): the full token lifecycle, the
// failure modes VCD shows, injected faults, TLS trust, and that no secret ever reached a URL.
import { execFile } from 'node:child_process';
import { ManualEmulatorClock, type RunningEmulator, startEmulator } from '../../src/emulator';
import { type BearerSession, VcdClient, type VcdClientEvent, type VcdClientOptions } from '../../src/client';
import { isTokenNamed } from '../../src/client/token-name';
import { failure } from './helpers/failure';

const TENANT_PASSWORD = 'vcd-emulator-demo';
const ADMIN_PASSWORD = 'vcd-emulator-admin';

let emu: RunningEmulator;
const clients: VcdClient[] = [];

function client(options: Partial<VcdClientOptions> = {}, target: RunningEmulator = emu): VcdClient {
  const c = new VcdClient({ url: `${target.url}/api`, caFile: target.caFile, retry: { baseDelayMs: 5, maxDelayMs: 20 }, ...options });
  clients.push(c);
  return c;
}


/** Tokens in the emulator created under `name` (VCD names them `<name>~<attempt suffix>`). */
function tokensNamed(target: RunningEmulator, name: string): unknown[] {
  return [...target.world.tokens.values()].filter((t) => isTokenNamed(t.name, name));
}

function expectNeverInUrl(target: RunningEmulator, secrets: string[]): void {
  for (const s of secrets) {
    const seen = target.requestLog.secretSeen(s);
    expect(seen.inUrl).toBe(false);
    expect(seen.inUnexpectedHeader).toBe(false);
  }
  expect(target.requestLog.leaks()).toEqual([]);
}

beforeAll(async () => {
  emu = await startEmulator();
});

afterEach(async () => {
  emu.faults.clear();
  while (clients.length) await clients.pop()?.close();
});

afterAll(async () => {
  await emu?.close();
  // undici leaves a ref'd ~1 s internal timer after a Pool closes; let it fire so the jest worker exits cleanly.
  await new Promise((resolve) => setTimeout(resolve, 1100));
});

test('full flow: login, create, exchange, use, list, revoke; the revoked token is then refused', async () => {
  const c = client();
  const login = await c.loginWithPassword({ org: 'acme', user: 'automation', password: TENANT_PASSWORD });
  expect(login).toMatchObject({ org: 'acme', user: 'automation', authMethod: 'password' });

  const created = await c.createApiToken(login, { name: 'flow-token' });
  expect(created).toMatchObject({ name: expect.stringMatching(/^flow-token~[0-9a-f]{8}$/), requestedName: 'flow-token', org: 'acme', owner: 'automation' });
  expect(created.id).toMatch(/^urn:vcloud:token:[0-9a-f-]{36}$/);

  const bearer = await c.exchangeApiToken({ org: 'acme', apiToken: created.apiToken });
  expect(bearer).toMatchObject({ authMethod: 'apiToken', tokenType: 'Bearer' });
  expect(bearer.expiresIn).toBeGreaterThan(0);
  expect((await c.whoami(bearer)).user.name).toBe('automation');
  expect((await c.verifyBearer(bearer)).orgNames).toContain('acme');

  const listed = await c.listTokens(login, { createdAs: 'flow-token', owner: 'automation' });
  expect(listed.map((t) => t.id)).toEqual([created.id]);
  expect((await c.listTokens(login, { name: created.name })).map((t) => t.id)).toEqual([created.id]);
  expect((await c.getToken(login, created.id)).type).toBe('REFRESH');

  expect(await c.revokeToken(login, created.id)).toEqual({ id: created.id, status: 'revoked' });
  expect(await c.revokeToken(login, created.id)).toEqual({ id: created.id, status: 'already-gone' });
  expect(tokensNamed(emu, 'flow-token')).toEqual([]);
  expect((await failure(c.exchangeApiToken({ org: 'acme', apiToken: created.apiToken }))).code).toBe('VCD_INVALID_GRANT');
  expect((await failure(c.whoami(bearer))).code).toBe('VCD_AUTH_FAILED');
  expect((await failure(c.getToken(login, created.id))).code).toBe('VCD_NOT_FOUND');

  await c.logout(login);
  expect((await failure(c.whoami(login))).code).toBe('VCD_AUTH_FAILED');

  expectNeverInUrl(emu, [TENANT_PASSWORD, created.apiToken.reveal(), login.accessToken.reveal(), bearer.accessToken.reveal()]);
});

test('provider org: any case of "system" uses the provider endpoints', async () => {
  const c = client();
  const login = await c.loginWithPassword({ org: 'system', user: 'administrator', password: ADMIN_PASSWORD });
  expect(login.org).toBe('System');
  const created = await c.createApiToken(login, { name: 'provider-token' });
  const bearer = await c.exchangeApiToken({ org: 'SYSTEM', apiToken: created.apiToken });
  expect((await c.whoami(bearer)).org.name).toBe('System');
  await c.revokeToken(login, created.id);
  const paths = emu.requestLog.entries().map((e) => `${e.method} ${e.url.split('?')[0]}`);
  expect(paths).toEqual(expect.arrayContaining(['POST /cloudapi/1.0.0/sessions/provider', 'POST /oauth/provider/register', 'POST /oauth/provider/token']));
  expectNeverInUrl(emu, [ADMIN_PASSWORD, created.apiToken.reveal()]);
});

test('wrong password and unknown org → VCD_AUTH_FAILED; org mistakes never reach the server', async () => {
  const c = client();
  const before = emu.requestLog.totalRequests;
  expect((await failure(c.loginWithPassword({ org: 'acme', user: 'automation', password: 'not-the-password' }))).code).toBe('VCD_AUTH_FAILED');
  expect((await failure(c.loginWithPassword({ org: 'umbrella', user: 'automation', password: TENANT_PASSWORD }))).code).toBe('VCD_AUTH_FAILED');
  expect((await failure(c.exchangeApiToken({ org: 'umbrella', apiToken: 'no-such-api-token-0123456789' }))).code).toBe('VCD_INVALID_GRANT');
  const sent = emu.requestLog.totalRequests;
  expect((await failure(c.loginWithPassword({ org: 'automation@acme', user: 'automation', password: TENANT_PASSWORD }))).code).toBe('VCD_BAD_ORG');
  expect(emu.requestLog.totalRequests).toBe(sent);
  expect(sent).toBeGreaterThan(before);
});

test('a tenant without the token rights bundle → VCD_MISSING_RIGHT and no token left behind', async () => {
  const c = client();
  const login = await c.loginWithPassword({ org: 'initech', user: 'orgadmin', password: TENANT_PASSWORD });
  const err = await failure(c.createApiToken(login, { name: 'initech-token' }));
  expect(err).toMatchObject({ code: 'VCD_MISSING_RIGHT', status: 403 });
  expect(tokensNamed(emu, 'initech-token')).toEqual([]);
});

test('token creation from a token session: refused locally, and the server 403 maps the same way', async () => {
  const c = client();
  const login = await c.loginWithPassword({ org: 'globex', user: 'automation', password: TENANT_PASSWORD });
  const created = await c.createApiToken(login, { name: 'globex-seed' });
  const tokenSession = await c.exchangeApiToken({ org: 'globex', apiToken: created.apiToken });
  const before = emu.requestLog.totalRequests;
  expect((await failure(c.createApiToken(tokenSession, { name: 'from-token' }))).code).toBe('VCD_TOKEN_SESSION_FORBIDDEN');
  expect(emu.requestLog.totalRequests).toBe(before);
  // A caller that mislabels the session still gets the right error from the server's 403.
  const mislabelled: BearerSession = { ...tokenSession, user: 'automation', authMethod: 'password' };
  const err = await failure(c.createApiToken(mislabelled, { name: 'from-token' }));
  expect(err).toMatchObject({ code: 'VCD_TOKEN_SESSION_FORBIDDEN', status: 403 });
  expect(tokensNamed(emu, 'from-token')).toEqual([]);
  await c.revokeToken(login, created.id);
});

test('an expired session (emulator clock) → VCD_AUTH_FAILED', async () => {
  const clock = new ManualEmulatorClock();
  const e2 = await startEmulator({ clock, sessionIdleTimeoutSeconds: 60 });
  try {
    const c = client({}, e2);
    const login = await c.loginWithPassword({ org: 'acme', user: 'automation', password: TENANT_PASSWORD });
    expect((await c.whoami(login)).user.name).toBe('automation');
    clock.advance(61_000);
    const err = await failure(c.whoami(login));
    expect(err).toMatchObject({ code: 'VCD_AUTH_FAILED', status: 401 });
    expect(err.message).toMatch(/expired/);
  } finally {
    await e2.close();
  }
});

test('GET is retried on 503 with Retry-After and on 429; a POST 503 is not retried', async () => {
  const events: VcdClientEvent[] = [];
  const c = client({ logger: (e) => events.push(e) });
  const login = await c.loginWithPassword({ org: 'acme', user: 'automation', password: TENANT_PASSWORD });
  emu.faults.add({ method: 'GET', path: '/cloudapi/1.0.0/tokens', action: { type: 'status', status: 503, retryAfter: 1 }, times: 1 });
  emu.faults.add({ method: 'GET', path: '/cloudapi/1.0.0/tokens', action: { type: 'status', status: 429, retryAfter: 0 }, times: 1 });
  const first = emu.requestLog.totalRequests;
  await expect(c.listTokens(login, { owner: 'automation' })).resolves.toBeInstanceOf(Array);
  expect(emu.requestLog.totalRequests - first).toBe(3);
  expect(events.filter((e) => e.type === 'retry').map((e) => [e.status, e.ms])).toEqual([
    [503, 1000],
    [429, 0],
  ]);

  emu.faults.add({ method: 'POST', path: '/oauth/tenant/acme/token', action: { type: 'status', status: 503, retryAfter: 0 }, times: 2 });
  const beforePost = emu.requestLog.totalRequests;
  expect((await failure(c.exchangeApiToken({ org: 'acme', apiToken: 'whatever-api-token-0123456789' }))).code).toBe('VCD_SERVER_ERROR');
  expect(emu.requestLog.totalRequests - beforePost).toBe(1);
});

test.each([
  ['register', '/oauth/tenant/acme/register'],
  ['jwt-bearer grant', '/oauth/tenant/acme/token'],
])('connection reset after %s: reconciliation revokes the orphan and leaves nothing behind', async (_step, path) => {
  const c = client();
  const login = await c.loginWithPassword({ org: 'acme', user: 'automation', password: TENANT_PASSWORD });
  const name = `reset-${path.endsWith('register') ? 'register' : 'grant'}`;
  const posts = (): number => emu.requestLog.entries().filter((e) => e.method === 'POST' && e.url.split('?')[0] === path).length;
  const postsBefore = posts();
  emu.faults.add({ method: 'POST', path, action: { type: 'reset', when: 'after' }, times: 1 });
  const err = await failure(c.createApiToken(login, { name }));
  // The failed POST was sent exactly once (never retried).
  expect(posts() - postsBefore).toBe(1);
  expect(err.code).toBe('VCD_CREATE_RECONCILED');
  expect(err.details).toMatchObject({ unresolved: [], listFailed: false, causeCode: 'VCD_NETWORK' });
  expect((err.details as { orphansRevoked: string[] }).orphansRevoked).toHaveLength(1);
  expect(tokensNamed(emu, name)).toEqual([]);
  // Safe to try again: exactly one usable token afterwards.
  const created = await c.createApiToken(login, { name });
  expect(tokensNamed(emu, name)).toHaveLength(1);
  await c.exchangeApiToken({ org: 'acme', apiToken: created.apiToken });
  await c.revokeToken(login, created.id);
});

test('connection reset after register with live tokens of the same name: only this attempt\'s token is revoked', async () => {
  const c = client();
  const login = await c.loginWithPassword({ org: 'acme', user: 'automation', password: TENANT_PASSWORD });
  const held = await c.createApiToken(login, { name: 'reset-shared' });
  const requestsBefore = emu.requestLog.totalRequests;
  emu.faults.add({ method: 'POST', path: '/oauth/tenant/acme/register', action: { type: 'reset', when: 'after' }, times: 1 });
  const err = await failure(c.createApiToken(login, { name: 'reset-shared' }));
  expect(err.details).toMatchObject({ unresolved: [], listFailed: false });
  const [orphan] = (err.details as { orphansRevoked: string[] }).orphansRevoked;
  expect(orphan).not.toBe(held.id);
  expect(emu.world.tokens.has(orphan as string)).toBe(false);
  // register, the lookup by the attempt's name, the revoke: nothing was listed before the create.
  expect(emu.requestLog.entries().slice(-3).map((e) => e.method)).toEqual(['POST', 'GET', 'DELETE']);
  expect(emu.requestLog.totalRequests - requestsBefore).toBe(3);
  await c.exchangeApiToken({ org: 'acme', apiToken: held.apiToken });
  expect(tokensNamed(emu, 'reset-shared')).toHaveLength(1);
  await c.revokeToken(login, held.id);
});

test('a stalled server gives VCD_TIMEOUT within the deadline (GET and POST)', async () => {
  const c = client({ headersTimeoutMs: 300, operationTimeoutMs: 2_000, retry: { maxAttempts: 2, baseDelayMs: 1 } });
  const login = await c.loginWithPassword({ org: 'acme', user: 'automation', password: TENANT_PASSWORD });
  emu.faults.add({ method: 'GET', path: '/cloudapi/1.0.0/sessions/current', action: { type: 'stall' }, times: 'always' });
  const e1 = await failure(c.whoami(login));
  expect(e1).toMatchObject({ code: 'VCD_TIMEOUT', method: 'GET' });
  emu.faults.add({ method: 'POST', path: '/oauth/tenant/acme/token', action: { type: 'stall' }, times: 'always' });
  const e2 = await failure(c.exchangeApiToken({ org: 'acme', apiToken: 'stalled-api-token-0123456789' }));
  expect(e2).toMatchObject({ code: 'VCD_TIMEOUT', method: 'POST', retryable: false });
  expect(e2.message).toMatch(/may or may not have been processed/);
});

test('malformed JSON and HTML error pages', async () => {
  const c = client({ retry: { maxAttempts: 1 } });
  const login = await c.loginWithPassword({ org: 'acme', user: 'automation', password: TENANT_PASSWORD });
  emu.faults.add({ method: 'GET', path: '/cloudapi/1.0.0/tokens', action: { type: 'malformedJson' }, times: 1 });
  expect((await failure(c.listTokens(login))).code).toBe('VCD_BAD_RESPONSE');
  emu.faults.add({ method: 'GET', path: '/cloudapi/1.0.0/sessions/current', action: { type: 'htmlError', status: 502 }, times: 1 });
  const html = await failure(c.whoami(login));
  expect(html.code).toBe('VCD_SERVER_ERROR');
  expect(html.message).toContain('the server answered with an HTML page (a proxy or load balancer?)');
  expect(html.message).not.toMatch(/<html|<body/i);
});

test('TLS: an untrusted certificate → VCD_TLS; the emulator CA via caFile, ca, or NODE_EXTRA_CA_CERTS works', async () => {
  // Version negotiation is cached per host and process, so each check makes a real request (a login).
  const creds = { org: 'acme', user: 'automation', password: TENANT_PASSWORD };
  const untrusting = client({ caFile: undefined });
  const tlsError = await failure(untrusting.loginWithPassword(creds));
  expect(tlsError.code).toBe('VCD_TLS');
  expect(tlsError.message).toMatch(/caFile/);

  const viaCa = client({ caFile: undefined, ca: emu.caPem });
  await expect(viaCa.loginWithPassword(creds)).resolves.toMatchObject({ org: 'acme' });

  // An explicit CA replaces Node's default store, so the client re-adds NODE_EXTRA_CA_CERTS itself.
  const unrelated = await startEmulator();
  const unrelatedCa = unrelated.caPem;
  await unrelated.close();
  const viaEnv = client({ caFile: undefined, ca: unrelatedCa, env: { NODE_EXTRA_CA_CERTS: emu.caFile } });
  await expect(viaEnv.loginWithPassword(creds)).resolves.toMatchObject({ org: 'acme' });
  const onlyUnrelated = client({ caFile: undefined, ca: unrelatedCa, env: {} });
  expect((await failure(onlyUnrelated.loginWithPassword(creds))).code).toBe('VCD_TLS');

  // Without any option undici uses Node's default store, which includes NODE_EXTRA_CA_CERTS (read at startup).
  const script = `
    const { Pool } = require('undici');
    const pool = new Pool(process.argv[1]);
    pool.request({ path: '/api/versions', method: 'GET' })
      .then(async (r) => { await r.body.text(); console.log(r.statusCode); return pool.close(); })
      .catch((e) => { console.log('ERR', e.code); process.exitCode = 1; });`;
  // Asynchronous child: the emulator lives in this process and must keep answering meanwhile.
  const run = (extraCa: string): Promise<string> =>
    new Promise((resolve) => {
      execFile(process.execPath, ['-e', script, emu.url], { env: { ...process.env, NODE_EXTRA_CA_CERTS: extraCa }, cwd: process.cwd(), timeout: 20_000 }, (_err, stdout) =>
        resolve(String(stdout).trim()),
      );
    });
  expect(await run(emu.caFile as string)).toBe('200');
  expect(await run('')).toMatch(/^ERR /);
});

test('rights preflight: role rights and rights bundles as a tenant and as the provider', async () => {
  const c = client();
  const tenant = await c.loginWithPassword({ org: 'acme', user: 'automation', password: TENANT_PASSWORD });
  const roleId = tenant.info?.roleRefs[0]?.id as string;
  expect(roleId).toMatch(/^urn:vcloud:role:/);
  const roleRights = (await c.getRoleRights(tenant, roleId)).map((r) => r.name);
  expect(roleRights).toContain('API Tokens: Manage');

  // Tenants see the bundles published to their org (emulator model; real VCD may need a view right).
  const tenantBundles = await c.listRightsBundles(tenant);
  const withTokenRights = [];
  for (const b of tenantBundles) {
    if ((await c.getRightsBundleRights(tenant, b.id)).some((r) => r.name === 'API Tokens: Manage')) withTokenRights.push(b.name);
  }
  expect(withTokenRights.length).toBeGreaterThan(0);

  const initech = await c.loginWithPassword({ org: 'initech', user: 'orgadmin', password: TENANT_PASSWORD });
  const initechRights: string[] = [];
  for (const b of await c.listRightsBundles(initech)) initechRights.push(...(await c.getRightsBundleRights(initech, b.id)).map((r) => r.name));
  expect(initechRights).not.toContain('API Tokens: Manage');

  const provider = await c.loginWithPassword({ org: 'System', user: 'administrator', password: ADMIN_PASSWORD });
  const all = await c.listRightsBundles(provider);
  expect(all.length).toBeGreaterThanOrEqual(tenantBundles.length);
  expect(all.map((b) => b.id)).toEqual(expect.arrayContaining(tenantBundles.map((b) => b.id)));
});

test('a VCD older than 10.3.1 (API 36.0) fails with VCD_VERSION_UNSUPPORTED before any POST', async () => {
  const old = await startEmulator({ vcdVersion: '10.3.0' });
  try {
    const c = client({}, old);
    const err = await failure(c.loginWithPassword({ org: 'acme', user: 'automation', password: TENANT_PASSWORD }));
    expect(err.code).toBe('VCD_VERSION_UNSUPPORTED');
    expect(err.message).toContain('36.0');
    expect(err.message).toContain('36.1');
    expect(old.requestLog.entries().map((e) => `${e.method} ${e.url}`)).toEqual(['GET /api/versions']);
  } finally {
    await old.close();
  }
});
