import {
  ACME_ADMIN,
  ACME_AUTOMATION,
  ADMIN,
  EmulatorTestKit,
  GLOBEX_ADMIN,
  INITECH_ADMIN,
  JWT_BEARER,
} from './emulator-test-kit';

const INVALID_GRANT = { minorErrorCode: 'invalid_grant', message: 'Invalid refresh token', stackTrace: '' };

describe('emulator: POST /oauth/.../register', () => {
  let kit: EmulatorTestKit;
  beforeAll(async () => {
    kit = await EmulatorTestKit.start();
  });
  afterAll(() => kit.close());

  test('registers a client in the caller org: 200, UUID client_id, token record urn:vcloud:token:{client_id} of type REFRESH', async () => {
    const jwt = await kit.loginJwt(ACME_AUTOMATION);
    const res = await kit.register(jwt, 'acme', 'pipeline');
    expect(res.status).toBe(200);
    const body = res.json();
    expect(body.client_name).toBe('pipeline');
    expect(body.client_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const record = kit.emulator.world.tokens.get(`urn:vcloud:token:${body.client_id}`);
    expect(record).toEqual(expect.objectContaining({ name: 'pipeline', type: 'REFRESH', secretHash: null, grantConsumed: false }));
  });

  test('System users register on /oauth/provider/register', async () => {
    const res = await kit.register(await kit.loginJwt(ADMIN), 'System', 'provider-token');
    expect(res.status).toBe(200);
  });

  test('401 without a bearer', async () => {
    const res = await kit.fetch('/oauth/tenant/acme/register', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_name: 'x' }),
    });
    expect(res.status).toBe(401);
  });

  test.each([
    ['another tenant org in the path', ACME_ADMIN, '/oauth/tenant/globex/register'],
    ['the provider path for a tenant user', ACME_ADMIN, '/oauth/provider/register'],
    ['a tenant path for a System user', ADMIN, '/oauth/tenant/acme/register'],
    ['an unknown org', ACME_ADMIN, '/oauth/tenant/nowhere/register'],
  ])('403 ACCESS_TO_RESOURCE_IS_FORBIDDEN for %s', async (_name, who, path) => {
    const jwt = await kit.loginJwt(who);
    const res = await kit.fetch(path, {
      method: 'POST',
      headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json' },
      body: JSON.stringify({ client_name: 'x' }),
    });
    expect(res.status).toBe(403);
    expect(res.json()).toEqual(expect.objectContaining({ minorErrorCode: 'ACCESS_TO_RESOURCE_IS_FORBIDDEN', stackTrace: '' }));
  });

  test('403 when the token right is not effective (initech: role has it, no published bundle does)', async () => {
    const res = await kit.register(await kit.loginJwt(INITECH_ADMIN), 'initech', 'x');
    expect(res.status).toBe(403);
    expect(res.json().message).toMatch(/API Tokens: Manage.*rights bundle/);
  });

  test('403 for a session made from an API token (cannot create more tokens)', async () => {
    const { refreshToken } = await kit.createApiToken(ACME_ADMIN, 'parent');
    const bearer = await kit.exchange('acme', refreshToken);
    const res = await kit.register(bearer, 'acme', 'child');
    expect(res.status).toBe(403);
    expect(res.json().minorErrorCode).toBe('ACCESS_TO_RESOURCE_IS_FORBIDDEN');
  });

  // Service-account registration proper (software_id with a role scope) is tested in emulator-service-accounts.
  test.each<[string, string, RegExp | null]>([
    ['missing client_name', '{}', null],
    ['empty client_name', '{"client_name":""}', null],
    ['malformed JSON', '{"client_name":', null],
    ['a service-account registration without a role scope (software_id, no scope)', '{"client_name":"sa","software_id":"12345678-1234-1234-1234-1234567890ab"}', /"scope" must name the role/],
  ])('400 BAD_REQUEST for %s', async (_name, body, message) => {
    const jwt = await kit.loginJwt(ACME_ADMIN);
    const res = await kit.fetch('/oauth/tenant/acme/register', {
      method: 'POST',
      headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json' },
      body,
    });
    expect(res.status).toBe(400);
    expect(res.json().minorErrorCode).toBe('BAD_REQUEST');
    if (message) expect(res.json().message).toMatch(message);
  });
});

describe('emulator: POST /oauth/.../token', () => {
  let kit: EmulatorTestKit;
  beforeAll(async () => {
    kit = await EmulatorTestKit.start();
  });
  afterAll(() => kit.close());

  async function registered(who = ACME_ADMIN, name = 'tok'): Promise<{ jwt: string; clientId: string }> {
    const jwt = await kit.loginJwt(who);
    const res = await kit.register(jwt, who.org, name);
    return { jwt, clientId: res.json().client_id };
  }

  test('jwt-bearer returns the API token (≥ 256 bits, stored only as a hash), a bearer, Bearer type, expires_in, no-store', async () => {
    const { jwt, clientId } = await registered();
    const res = await kit.tokenRequest('acme', { grant_type: JWT_BEARER, assertion: jwt, client_id: clientId });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers.pragma).toBe('no-cache');
    const body = res.json();
    expect(body.token_type).toBe('Bearer');
    expect(body.expires_in).toBeGreaterThan(0);
    expect(body.access_token.length).toBeGreaterThan(32);
    expect(body.refresh_token).toMatch(/^[A-Za-z0-9_-]{43,}$/);
    expect(Buffer.from(body.refresh_token, 'base64url').length).toBeGreaterThanOrEqual(32);
    const state = JSON.stringify(kit.emulator.world.toJSON());
    expect(state).not.toContain(body.refresh_token);
    expect(kit.emulator.world.tokens.get(`urn:vcloud:token:${clientId}`)!.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect((await kit.bearerGet('/cloudapi/1.0.0/sessions/current', body.access_token)).status).toBe(200);
  });

  test('jwt-bearer is once per client: the second call is invalid_grant', async () => {
    const { jwt, clientId } = await registered();
    expect((await kit.tokenRequest('acme', { grant_type: JWT_BEARER, assertion: jwt, client_id: clientId })).status).toBe(200);
    const again = await kit.tokenRequest('acme', { grant_type: JWT_BEARER, assertion: jwt, client_id: clientId });
    expect(again.status).toBe(400);
    expect(again.json()).toEqual(INVALID_GRANT);
    expect(again.headers['cache-control']).toBe('no-store');
  });

  test('jwt-bearer refuses another user\'s client, a wrong org path, and a dead assertion', async () => {
    const { clientId } = await registered(ACME_ADMIN, 'owned-by-orgadmin');
    const automationJwt = await kit.loginJwt(ACME_AUTOMATION);
    const otherUser = await kit.tokenRequest('acme', { grant_type: JWT_BEARER, assertion: automationJwt, client_id: clientId });
    expect(otherUser.json()).toEqual(INVALID_GRANT);
    const mine = await registered(ACME_ADMIN, 'wrong-org');
    const wrongOrg = await kit.tokenRequest('globex', { grant_type: JWT_BEARER, assertion: mine.jwt, client_id: mine.clientId });
    expect(wrongOrg.json()).toEqual(INVALID_GRANT);
    const dead = await kit.tokenRequest('acme', { grant_type: JWT_BEARER, assertion: 'a.b.c', client_id: mine.clientId });
    expect(dead.status).toBe(400);
    expect(dead.json()).toEqual(INVALID_GRANT);
    // Nothing was consumed by the refused attempts.
    expect((await kit.tokenRequest('acme', { grant_type: JWT_BEARER, assertion: mine.jwt, client_id: mine.clientId })).status).toBe(200);
  });

  test('jwt-bearer with an assertion from an API-token session is 403 (cannot create tokens)', async () => {
    const { clientId } = await registered(ACME_ADMIN, 'target');
    const { refreshToken } = await kit.createApiToken(ACME_ADMIN, 'source');
    const tokenBearer = await kit.exchange('acme', refreshToken);
    const res = await kit.tokenRequest('acme', { grant_type: JWT_BEARER, assertion: tokenBearer, client_id: clientId });
    expect(res.status).toBe(403);
    expect(res.json().minorErrorCode).toBe('ACCESS_TO_RESOURCE_IS_FORBIDDEN');
  });

  test('refresh_token grant (form body, no Authorization) mints an API-token session', async () => {
    const { refreshToken } = await kit.createApiToken(ACME_AUTOMATION, 'ci');
    const res = await kit.tokenRequest('acme', { grant_type: 'refresh_token', refresh_token: refreshToken });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.json()).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 1800 });
    const me = await kit.bearerGet('/cloudapi/1.0.0/sessions/current', res.json().access_token);
    expect(me.json().user.name).toBe('automation');
    const logged = kit.emulator.requestLog.entries().filter((e) => e.grantType === 'refresh_token');
    expect(logged.at(-1)!.authMethod).toBeUndefined();
    expect(logged.at(-1)!.bodyFields).toEqual(['grant_type', 'refresh_token']);
  });

  test('refresh_token grant works without Content-Type (GOVCD v2.14–2.19)', async () => {
    const { refreshToken } = await kit.createApiToken(ACME_AUTOMATION, 'no-content-type');
    const res = await kit.fetch('/oauth/tenant/acme/token', {
      method: 'POST',
      body: `grant_type=refresh_token&refresh_token=${refreshToken}`,
    });
    expect(res.status).toBe(200);
  });

  test('refresh_token grant accepts query-string parameters as VCD did, and the request log flags the leak', async () => {
    const { refreshToken } = await kit.createApiToken(GLOBEX_ADMIN, 'query-leak');
    const res = await kit.fetch(`/oauth/tenant/globex/token?grant_type=refresh_token&refresh_token=${refreshToken}`, { method: 'POST' });
    expect(res.status).toBe(200);
    const leak = kit.emulator.requestLog.leaks().find((l) => l.where === 'query' && l.name === 'refresh_token');
    expect(leak).toBeDefined();
    expect(leak!.url).not.toContain(refreshToken);
    expect(kit.emulator.requestLog.secretSeen(refreshToken)).toEqual({ inUrl: true, inUnexpectedHeader: false, inLog: false });
  });

  test('refresh_token grant on the wrong org path, unknown or empty token → invalid_grant / invalid_request', async () => {
    const { refreshToken } = await kit.createApiToken(ACME_ADMIN, 'org-bound');
    expect((await kit.tokenRequest('globex', { grant_type: 'refresh_token', refresh_token: refreshToken })).json()).toEqual(INVALID_GRANT);
    expect((await kit.tokenRequest('System', { grant_type: 'refresh_token', refresh_token: refreshToken })).json()).toEqual(INVALID_GRANT);
    const unknown = await kit.tokenRequest('acme', { grant_type: 'refresh_token', refresh_token: 'not-a-token' });
    expect(unknown.status).toBe(400);
    expect(unknown.json()).toEqual(INVALID_GRANT);
    const empty = await kit.tokenRequest('acme', { grant_type: 'refresh_token' });
    expect(empty.status).toBe(400);
    expect(empty.json().minorErrorCode).toBe('invalid_request');
  });

  test('missing or unsupported grant_type, JSON body → 400; GET → 405', async () => {
    expect((await kit.tokenRequest('acme', {})).json().minorErrorCode).toBe('invalid_request');
    expect((await kit.tokenRequest('acme', { grant_type: 'password' })).json().minorErrorCode).toBe('unsupported_grant_type');
    const json = await kit.fetch('/oauth/tenant/acme/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"grant_type":"refresh_token"}',
    });
    expect(json.status).toBe(400);
    expect((await kit.fetch('/oauth/tenant/acme/token')).status).toBe(405);
  });
});

describe('emulator: configurable invalid_grant answer (GAP)', () => {
  test('status and body come from options', async () => {
    const kit = await EmulatorTestKit.start({
      invalidGrant: { status: 401, body: { minorErrorCode: 'server_error', message: 'Invalid refresh token', stackTrace: '' } },
    });
    try {
      const res = await kit.tokenRequest('acme', { grant_type: 'refresh_token', refresh_token: 'garbage' });
      expect(res.status).toBe(401);
      expect(res.json().minorErrorCode).toBe('server_error');
    } finally {
      await kit.close();
    }
  });
});

describe('emulator: rotating refresh tokens (rotateRefreshTokens)', () => {
  test('each exchange returns a new refresh_token; the presented one dies; earlier bearers live on', async () => {
    const kit = await EmulatorTestKit.start({ rotateRefreshTokens: true, vcdVersion: '10.6' });
    try {
      const { refreshToken: first, tokenId } = await kit.createApiToken(ACME_AUTOMATION, 'rotating');
      const exchanged = await kit.tokenRequest('acme', { grant_type: 'refresh_token', refresh_token: first });
      expect(exchanged.status).toBe(200);
      const second = exchanged.json().refresh_token as string;
      expect(second).toMatch(/^[A-Za-z0-9_-]{43,}$/);
      expect(second).not.toBe(first);
      const reused = await kit.tokenRequest('acme', { grant_type: 'refresh_token', refresh_token: first });
      expect(reused.json()).toEqual(INVALID_GRANT);
      const third = await kit.tokenRequest('acme', { grant_type: 'refresh_token', refresh_token: second });
      expect(third.status).toBe(200);
      expect((await kit.bearerGet('/cloudapi/1.0.0/sessions/current', exchanged.json().access_token)).status).toBe(200);
      const jwt = await kit.loginJwt(ACME_AUTOMATION);
      const token = await kit.bearerGet(`/cloudapi/1.0.0/tokens/${tokenId}`, jwt);
      expect(token.json().requireRotation).toBe(true);
    } finally {
      await kit.close();
    }
  });

  test('without rotation the refresh response has no refresh_token and the token keeps working', async () => {
    const kit = await EmulatorTestKit.start({ vcdVersion: '10.6' });
    try {
      const { refreshToken, tokenId } = await kit.createApiToken(ACME_AUTOMATION, 'stable');
      const res = await kit.tokenRequest('acme', { grant_type: 'refresh_token', refresh_token: refreshToken });
      expect(res.json().refresh_token).toBeUndefined();
      expect((await kit.tokenRequest('acme', { grant_type: 'refresh_token', refresh_token: refreshToken })).status).toBe(200);
      const token = await kit.bearerGet(`/cloudapi/1.0.0/tokens/${tokenId}`, await kit.loginJwt(ACME_AUTOMATION));
      expect(token.json().requireRotation).toBe(false);
    } finally {
      await kit.close();
    }
  });
});
