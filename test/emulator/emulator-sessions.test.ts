import { ManualEmulatorClock } from '../../src/emulator/clock';
import { decodeAccessTokenClaims } from '../../src/emulator/sessions/access-token';
import { ACME_ADMIN, ADMIN, EmulatorTestKit, GLOBEX_ADMIN } from './emulator-test-kit';

const basic = (principal: string, password: string): string => `Basic ${Buffer.from(`${principal}:${password}`).toString('base64')}`;

describe('emulator: password sessions', () => {
  let kit: EmulatorTestKit;
  beforeAll(async () => {
    kit = await EmulatorTestKit.start();
  });
  afterAll(() => kit.close());

  test('tenant login returns a JWT bearer (> 32 chars, exp claim) in headers and a Session body', async () => {
    const res = await kit.login(ACME_ADMIN);
    expect(res.status).toBe(200);
    expect(res.headers['x-vmware-vcloud-token-type']).toBe('Bearer');
    expect(res.jwt.length).toBeGreaterThan(32);
    expect(res.jwt.split('.')).toHaveLength(3);
    const claims = decodeAccessTokenClaims(res.jwt)!;
    expect(claims.sub).toBe('orgadmin');
    expect(claims.exp).toBeGreaterThan(Date.now() / 1000);
    expect(res.headers['x-vcloud-authorization']).toBeUndefined();
    const session = res.json();
    expect(session).toEqual(
      expect.objectContaining({
        id: expect.stringMatching(/^urn:vcloud:session:/),
        user: expect.objectContaining({ name: 'orgadmin', id: expect.stringMatching(/^urn:vcloud:user:/) }),
        org: expect.objectContaining({ name: 'acme', id: expect.stringMatching(/^urn:vcloud:org:/) }),
        roles: ['Organization Administrator'],
        sessionIdleTimeoutMinutes: 30,
      }),
    );
    expect(session.site).toBeDefined(); // 38.0 field
  });

  test('provider login of System/administrator works on /sessions/provider', async () => {
    const res = await kit.login(ADMIN);
    expect(res.status).toBe(200);
    expect(res.json().org.name).toBe('System');
  });

  test.each([
    ['wrong password', '/cloudapi/1.0.0/sessions', basic('orgadmin@acme', 'nope')],
    ['unknown org', '/cloudapi/1.0.0/sessions', basic('orgadmin@nowhere', 'vcd-emulator-demo')],
    ['unknown user', '/cloudapi/1.0.0/sessions', basic('ghost@acme', 'vcd-emulator-demo')],
    ['no org in principal', '/cloudapi/1.0.0/sessions', basic('orgadmin', 'vcd-emulator-demo')],
    ['not Basic', '/cloudapi/1.0.0/sessions', 'Bearer abc'],
    ['System user on the tenant endpoint', '/cloudapi/1.0.0/sessions', basic('administrator@System', 'vcd-emulator-admin')],
    ['tenant user on the provider endpoint', '/cloudapi/1.0.0/sessions/provider', basic('orgadmin@acme', 'vcd-emulator-demo')],
  ])('%s → 401 without a body and without a token', async (_name, path, authorization) => {
    const res = await kit.fetch(path, { method: 'POST', headers: { authorization } });
    expect(res.status).toBe(401);
    expect(res.text).toBe('');
    expect(res.headers['x-vmware-vcloud-access-token']).toBeUndefined();
  });

  test('bearer accepted as "Bearer", "bearer" and X-VMWARE-VCLOUD-ACCESS-TOKEN; refused without or with a bad one', async () => {
    const jwt = await kit.loginJwt(ACME_ADMIN);
    const path = '/cloudapi/1.0.0/sessions/current';
    expect((await kit.fetch(path, { headers: { authorization: `Bearer ${jwt}` } })).status).toBe(200);
    expect((await kit.fetch(path, { headers: { authorization: `bearer ${jwt}` } })).status).toBe(200);
    expect((await kit.fetch(path, { headers: { 'x-vmware-vcloud-access-token': jwt } })).status).toBe(200);
    const none = await kit.fetch(path);
    expect(none.status).toBe(401);
    expect(none.json()).toEqual(expect.objectContaining({ minorErrorCode: 'UNAUTHORIZED', stackTrace: '' }));
    const tampered = `${jwt.slice(0, -2)}xx`;
    expect((await kit.fetch(path, { headers: { authorization: `Bearer ${tampered}` } })).status).toBe(401);
  });

  test('GET sessions/current describes the caller; DELETE logs out (204) and the bearer then gets 401', async () => {
    const jwt = await kit.loginJwt(GLOBEX_ADMIN);
    const current = await kit.bearerGet('/cloudapi/1.0.0/sessions/current', jwt);
    expect(current.json().org.name).toBe('globex');
    const del = await kit.fetch('/cloudapi/1.0.0/sessions/current', { method: 'DELETE', headers: { authorization: `Bearer ${jwt}` } });
    expect(del.status).toBe(204);
    expect((await kit.bearerGet('/cloudapi/1.0.0/sessions/current', jwt)).status).toBe(401);
  });

  test('a bearer in the query string never authenticates (and is flagged as a leak)', async () => {
    const jwt = await kit.loginJwt(ACME_ADMIN);
    const res = await kit.fetch(`/cloudapi/1.0.0/sessions/current?access_token=${jwt}`);
    expect(res.status).toBe(401);
    expect(kit.emulator.requestLog.leaks().at(-1)).toEqual(expect.objectContaining({ where: 'query', name: 'access_token' }));
  });

  test('sessions/{id}: own session readable and deletable; another user\'s is 403', async () => {
    const mine = await kit.login(ACME_ADMIN);
    const other = await kit.login(GLOBEX_ADMIN);
    const ownId = mine.json().id as string;
    expect((await kit.bearerGet(`/cloudapi/1.0.0/sessions/${ownId}`, mine.jwt)).json().id).toBe(ownId);
    expect((await kit.bearerGet(`/cloudapi/1.0.0/sessions/${other.json().id}`, mine.jwt)).status).toBe(403);
    const del = await kit.fetch(`/cloudapi/1.0.0/sessions/${other.json().id}`, { method: 'DELETE', headers: { authorization: `Bearer ${mine.jwt}` } });
    expect(del.status).toBe(403);
    expect((await kit.bearerGet('/cloudapi/1.0.0/sessions/current', other.jwt)).status).toBe(200);
    const own = await kit.fetch(`/cloudapi/1.0.0/sessions/${ownId}`, { method: 'DELETE', headers: { authorization: `Bearer ${mine.jwt}` } });
    expect(own.status).toBe(204);
    expect((await kit.bearerGet('/cloudapi/1.0.0/sessions/current', mine.jwt)).status).toBe(401);
  });

  test('login answers carry a HATEOAS Link header; bodies over 1 MiB are refused with 413', async () => {
    const res = await kit.login(ACME_ADMIN);
    expect(String(res.headers.link)).toContain('/cloudapi/1.0.0/sessions/current>;rel="down"');
    const big = await kit.fetch('/__emulator/faults', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ path: '/x', action: { type: 'latency', ms: 1 }, padding: 'x'.repeat(1024 * 1024) }),
    });
    expect(big.status).toBe(413);
    expect(big.json().minorErrorCode).toBe('PAYLOAD_TOO_LARGE');
    expect(kit.emulator.faults.list()).toEqual([]);
  });

  test("GOVCD's DELETE on the login URL is a logout too", async () => {
    const jwt = await kit.loginJwt(ADMIN);
    const del = await kit.fetch('/cloudapi/1.0.0/sessions/provider', { method: 'DELETE', headers: { 'x-vmware-vcloud-access-token': jwt } });
    expect(del.status).toBe(204);
    expect((await kit.bearerGet('/cloudapi/1.0.0/sessions/current', jwt)).status).toBe(401);
  });

  test('GET /api/org: tenants see their org, the provider sees all; 401 XML without a bearer', async () => {
    const tenant = await kit.bearerGet('/api/org', await kit.loginJwt(ACME_ADMIN), 'application/*+xml;version=38.0');
    expect([...tenant.text.matchAll(/<Org [^>]*name="([^"]+)"/g)].map((m) => m[1])).toEqual(['acme']);
    const provider = await kit.bearerGet('/api/org', await kit.loginJwt(ADMIN), 'application/*+xml;version=38.0');
    expect([...provider.text.matchAll(/<Org [^>]*name="([^"]+)"/g)].map((m) => m[1]).sort()).toEqual(['System', 'acme', 'globex', 'initech']);
    const anonymous = await kit.fetch('/api/org');
    expect(anonymous.status).toBe(401);
    expect(anonymous.text).toMatch(/<Error [^>]*majorErrorCode="401"/);
  });

  test('GET /api/session returns the legacy Session XML', async () => {
    const res = await kit.bearerGet('/api/session', await kit.loginJwt(ACME_ADMIN), 'application/*+xml;version=38.0');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/<Session [^>]*user="orgadmin" org="acme"/);
  });
});

describe('emulator: session timeouts (injected clock)', () => {
  let kit: EmulatorTestKit;
  const clock = new ManualEmulatorClock(Date.parse('2026-01-01T00:00:00Z'));
  beforeAll(async () => {
    kit = await EmulatorTestKit.start({ clock, sessionIdleTimeoutSeconds: 60, sessionAbsoluteTimeoutSeconds: 300 });
  });
  afterAll(() => kit.close());

  test('idle timeout: use within the window keeps the session alive, inactivity past it gives 401', async () => {
    const jwt = await kit.loginJwt(ACME_ADMIN);
    clock.advance(50_000);
    expect((await kit.bearerGet('/cloudapi/1.0.0/sessions/current', jwt)).status).toBe(200);
    clock.advance(50_000); // 100 s after login but only 50 s idle
    expect((await kit.bearerGet('/cloudapi/1.0.0/sessions/current', jwt)).status).toBe(200);
    clock.advance(60_000);
    expect((await kit.bearerGet('/cloudapi/1.0.0/sessions/current', jwt)).status).toBe(401);
  });

  test('absolute timeout ends even an active session; JWT exp matches it; expires_in is the idle timeout', async () => {
    const { refreshToken } = await kit.createApiToken(ACME_ADMIN, 'absolute');
    const exchange = await kit.tokenRequest('acme', { grant_type: 'refresh_token', refresh_token: refreshToken });
    expect(exchange.json().expires_in).toBe(60);
    const bearer = exchange.json().access_token as string;
    expect(decodeAccessTokenClaims(bearer)!.exp).toBe(Math.floor(clock.now() / 1000) + 300);
    for (let i = 0; i < 5; i++) {
      clock.advance(55_000);
      expect((await kit.bearerGet('/cloudapi/1.0.0/sessions/current', bearer)).status).toBe(200);
    }
    clock.advance(30_000); // 305 s after creation
    expect((await kit.bearerGet('/cloudapi/1.0.0/sessions/current', bearer)).status).toBe(401);
  });
});

describe('emulator: bounded session store', () => {
  test('beyond maxSessions the oldest session is dropped (401) and the newest still works', async () => {
    const kit = await EmulatorTestKit.start({ maxSessions: 2 });
    try {
      const { refreshToken } = await kit.createApiToken(ACME_ADMIN, 'bounded');
      const first = await kit.exchange('acme', refreshToken);
      await kit.exchange('acme', refreshToken);
      const third = await kit.exchange('acme', refreshToken);
      expect(kit.emulator.sessions.size).toBe(2);
      expect((await kit.bearerGet('/cloudapi/1.0.0/sessions/current', first)).status).toBe(401);
      expect((await kit.bearerGet('/cloudapi/1.0.0/sessions/current', third)).status).toBe(200);
    } finally {
      await kit.close();
    }
  });
});
