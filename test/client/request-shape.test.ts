// Pins the exact requests the client sends (method, path, headers, form fields) with undici MockAgent.
import { Secret, VcdError } from '../../src/client';
import { JSON_HEADERS, ORIGIN, type MockVcd, headerNames, headerOf, mockVcd, page, passwordSession, tokenJson } from './helpers/mock-vcd';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhdXRvbWF0aW9uIiwiZXhwIjo5OTk5OTk5OTk5fQ.c2lnLWxvZ2luLXRlc3Q';
const SESSION_BODY = {
  id: 'urn:vcloud:session:33333333-3333-3333-3333-333333333333',
  user: { name: 'automation', id: 'urn:vcloud:user:11111111-1111-1111-1111-111111111111' },
  org: { name: 'acme', id: 'urn:vcloud:org:22222222-2222-2222-2222-222222222222' },
  roles: ['Token Automation'],
  roleRefs: [{ name: 'Token Automation', id: 'urn:vcloud:role:44444444-4444-4444-4444-444444444444' }],
  sessionIdleTimeoutMinutes: 30,
};
const TOKEN_ID = 'urn:vcloud:token:6d0a1b2c-3d4e-4f50-8a9b-0c1d2e3f4a5b';

let vcd: MockVcd;
afterEach(async () => {
  await vcd?.close();
});

describe('version negotiation', () => {
  test('GET /api/versions once, then the highest known non-deprecated version', async () => {
    vcd = mockVcd();
    const v1 = await vcd.client.negotiateVersion();
    const v2 = await vcd.client.negotiateVersion();
    expect(v1).toEqual({ apiVersion: '38.0', serverVersions: ['36.0', '37.0', '38.0'] });
    expect(v2).toBe(v1);
    const calls = vcd.calls();
    expect(calls).toHaveLength(1);
    expect(calls[0]?.method).toBe('GET');
    expect(calls[0]?.path).toBe('/api/versions');
    expect(headerOf(calls[0]!, 'authorization')).toBeUndefined();
    expect(headerOf(calls[0]!, 'user-agent')).toMatch(/^vcd-api-tokens\/\d+\.\d+\.\d+ \(node\/\d+\.\d+\.\d+\)$/);
  });
});

describe('loginWithPassword', () => {
  test('tenant: POST /cloudapi/1.0.0/sessions with Basic user@org and a versioned Accept', async () => {
    vcd = mockVcd();
    vcd.pool
      .intercept({ path: '/cloudapi/1.0.0/sessions', method: 'POST' })
      .reply(200, JSON.stringify(SESSION_BODY), { headers: { ...JSON_HEADERS, 'x-vmware-vcloud-access-token': JWT, 'x-vmware-vcloud-token-type': 'Bearer' } });
    const session = await vcd.client.loginWithPassword({ org: 'acme', user: 'automation', password: 'pa55-word!' });
    const [call] = vcd.apiCalls();
    expect(call?.method).toBe('POST');
    expect(call?.path).toBe('/cloudapi/1.0.0/sessions');
    expect(headerOf(call!, 'authorization')).toBe(`Basic ${Buffer.from('automation@acme:pa55-word!').toString('base64')}`);
    expect(headerOf(call!, 'accept')).toBe('application/json;version=38.0');
    expect(headerOf(call!, 'x-vmware-vcloud-client-request-id')).toMatch(/^[A-Za-z0-9-]{1,128}$/);
    expect(call?.body ?? undefined).toBeUndefined();
    expect(session.authMethod).toBe('password');
    expect(session.org).toBe('acme');
    expect(session.user).toBe('automation');
    expect(session.accessToken.reveal()).toBe(JWT);
    expect(session.info?.roles).toEqual(['Token Automation']);
    expect(session.expiresIn).toBeGreaterThan(0);
  });

  test.each(['System', 'system', 'SYSTEM', 'sYsTeM'])('provider org "%s": POST /cloudapi/1.0.0/sessions/provider', async (org) => {
    vcd = mockVcd();
    vcd.pool
      .intercept({ path: '/cloudapi/1.0.0/sessions/provider', method: 'POST' })
      .reply(200, JSON.stringify({ ...SESSION_BODY, user: { name: 'administrator', id: 'x' }, org: { name: 'System', id: 'y' } }), {
        headers: { ...JSON_HEADERS, 'x-vmware-vcloud-access-token': JWT },
      });
    const session = await vcd.client.loginWithPassword({ org, user: 'administrator', password: 'pw-provider' });
    const [call] = vcd.apiCalls();
    expect(call?.path).toBe('/cloudapi/1.0.0/sessions/provider');
    expect(headerOf(call!, 'authorization')).toBe(`Basic ${Buffer.from(`administrator@${org}:pw-provider`).toString('base64')}`);
    expect(session.org).toBe('System');
  });

  test('a path prefix in the URL is kept for every endpoint', async () => {
    vcd = mockVcd({ prefix: '/tenant-portal' });
    vcd.pool
      .intercept({ path: '/tenant-portal/cloudapi/1.0.0/sessions', method: 'POST' })
      .reply(200, JSON.stringify(SESSION_BODY), { headers: { ...JSON_HEADERS, 'x-vmware-vcloud-access-token': JWT } });
    await vcd.client.loginWithPassword({ org: 'acme', user: 'automation', password: 'pw-prefix' });
    expect(vcd.calls().map((c) => c.path)).toEqual(['/tenant-portal/api/versions', '/tenant-portal/cloudapi/1.0.0/sessions']);
  });

  test('a 200 without the access-token header is a bad response', async () => {
    vcd = mockVcd();
    vcd.pool.intercept({ path: '/cloudapi/1.0.0/sessions', method: 'POST' }).reply(200, JSON.stringify(SESSION_BODY), { headers: JSON_HEADERS });
    await expect(vcd.client.loginWithPassword({ org: 'acme', user: 'automation', password: 'pw' })).rejects.toMatchObject({ code: 'VCD_BAD_RESPONSE' });
  });
});

describe('exchangeApiToken (refresh-token grant)', () => {
  const API_TOKEN = 'Rk3fApiTokenValue-0123456789abcdefXYZ';

  test('tenant: form POST to /oauth/tenant/{org}/token, token only in the body, no Authorization', async () => {
    vcd = mockVcd();
    vcd.pool
      .intercept({ path: '/oauth/tenant/acme/token', method: 'POST' })
      .reply(200, JSON.stringify({ access_token: JWT, token_type: 'Bearer', expires_in: 1800 }), {
        headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
      });
    const session = await vcd.client.exchangeApiToken({ org: 'acme', apiToken: new Secret(API_TOKEN) });
    // One request: the token endpoint takes no version header, so the version is not negotiated.
    expect(vcd.calls()).toHaveLength(1);
    const [call] = vcd.apiCalls();
    expect(call?.method).toBe('POST');
    expect(call?.path).toBe('/oauth/tenant/acme/token');
    expect(call?.fullUrl).toBe(`${ORIGIN}/oauth/tenant/acme/token`);
    expect(call?.searchParams).toEqual({});
    expect(call?.fullUrl).not.toContain(API_TOKEN);
    expect(headerOf(call!, 'content-type')).toBe('application/x-www-form-urlencoded');
    expect(headerOf(call!, 'accept')).toBe('application/json');
    expect(headerNames(call!)).not.toContain('authorization');
    const form = new URLSearchParams(String(call?.body));
    expect([...form.keys()].sort()).toEqual(['grant_type', 'refresh_token']);
    expect(form.get('grant_type')).toBe('refresh_token');
    expect(form.get('refresh_token')).toBe(API_TOKEN);
    expect(session).toMatchObject({ org: 'acme', tokenType: 'Bearer', authMethod: 'apiToken', expiresIn: 1800 });
    expect(session.accessToken.reveal()).toBe(JWT);
    expect(session.rotatedApiToken).toBeUndefined();
  });

  test('System (any case): /oauth/provider/token', async () => {
    vcd = mockVcd();
    vcd.pool
      .intercept({ path: '/oauth/provider/token', method: 'POST' })
      .reply(200, JSON.stringify({ access_token: JWT, token_type: 'bearer', expires_in: 60 }), { headers: { 'content-type': 'application/json' } });
    await vcd.client.exchangeApiToken({ org: 'SYSTEM', apiToken: API_TOKEN });
    expect(vcd.apiCalls()[0]?.path).toBe('/oauth/provider/token');
  });

  test('a returned refresh_token different from the input is reported as rotated', async () => {
    vcd = mockVcd();
    vcd.pool
      .intercept({ path: '/oauth/tenant/acme/token', method: 'POST' })
      .reply(200, JSON.stringify({ access_token: JWT, token_type: 'Bearer', expires_in: 60, refresh_token: 'rotated-refresh-token-000111222' }), {
        headers: { 'content-type': 'application/json' },
      });
    const s = await vcd.client.exchangeApiToken({ org: 'acme', apiToken: API_TOKEN });
    expect(s.rotatedApiToken?.reveal()).toBe('rotated-refresh-token-000111222');
  });

  test('the exchange is never retried (POST), even on 503', async () => {
    vcd = mockVcd();
    vcd.pool.intercept({ path: '/oauth/tenant/acme/token', method: 'POST' }).reply(503, '', { headers: { 'retry-after': '0' } }).times(3);
    await expect(vcd.client.exchangeApiToken({ org: 'acme', apiToken: API_TOKEN })).rejects.toMatchObject({ code: 'VCD_SERVER_ERROR', status: 503 });
    expect(vcd.apiCalls()).toHaveLength(1);
  });
});

describe('createApiToken (register + jwt-bearer grant)', () => {
  const CLIENT_ID = '6d0a1b2c-3d4e-4f50-8a9b-0c1d2e3f4a5b';
  const NEW_API_TOKEN = 'NewApiTokenSecret-abcdefghijklmnop-0123';

  test('registers a per-attempt name, then redeems the one-time grant: two requests, nothing listed', async () => {
    vcd = mockVcd();
    const session = passwordSession();
    vcd.pool
      .intercept({ path: '/oauth/tenant/acme/register', method: 'POST' })
      .reply(200, (opts) => JSON.stringify({ client_name: (JSON.parse(String(opts.body)) as { client_name: string }).client_name, client_id: CLIENT_ID }), {
        headers: { 'content-type': 'application/json' },
      });
    vcd.pool
      .intercept({ path: '/oauth/tenant/acme/token', method: 'POST' })
      .reply(200, JSON.stringify({ access_token: JWT, token_type: 'Bearer', expires_in: 1800, refresh_token: NEW_API_TOKEN }), {
        headers: { 'content-type': 'application/json' },
      });
    const created = await vcd.client.createApiToken(session, { name: 'ci-token' });

    // Neither OAuth endpoint takes a version header, so a create needs no version negotiation of its own.
    expect(vcd.calls().map((c) => `${c.method} ${c.path}`)).toEqual(['POST /oauth/tenant/acme/register', 'POST /oauth/tenant/acme/token']);
    const [register, grant] = vcd.apiCalls();
    expect(register?.method).toBe('POST');
    expect(register?.path).toBe('/oauth/tenant/acme/register');
    const registered = (JSON.parse(String(register?.body)) as { client_name: string }).client_name;
    expect(JSON.parse(String(register?.body))).toEqual({ client_name: registered });
    expect(registered).toMatch(/^ci-token~[0-9a-f]{8}$/);
    expect(headerOf(register!, 'content-type')).toBe('application/json');
    expect(headerOf(register!, 'accept')).toBe('application/json');
    expect(headerOf(register!, 'authorization')).toBe(`Bearer ${session.accessToken.reveal()}`);

    expect(grant?.path).toBe('/oauth/tenant/acme/token');
    expect(grant?.searchParams).toEqual({});
    expect(headerOf(grant!, 'content-type')).toBe('application/x-www-form-urlencoded');
    const form = new URLSearchParams(String(grant?.body));
    expect([...form.keys()].sort()).toEqual(['assertion', 'client_id', 'grant_type']);
    expect(form.get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer');
    expect(form.get('assertion')).toBe(session.accessToken.reveal());
    expect(form.get('client_id')).toBe(CLIENT_ID);

    expect(created).toMatchObject({ id: `urn:vcloud:token:${CLIENT_ID}`, name: registered, requestedName: 'ci-token', org: 'acme', owner: 'automation' });
    expect(created.apiToken.reveal()).toBe(NEW_API_TOKEN);
  });

  test('every attempt registers a different name; names too long for the suffix are refused before any request', async () => {
    vcd = mockVcd();
    const names: string[] = [];
    vcd.pool
      .intercept({ path: '/oauth/tenant/acme/register', method: 'POST' })
      .reply(400, (opts) => {
        names.push((JSON.parse(String(opts.body)) as { client_name: string }).client_name);
        return JSON.stringify({ minorErrorCode: 'BAD_REQUEST', message: 'no' });
      }, { headers: JSON_HEADERS })
      .times(2);
    for (let i = 0; i < 2; i++) await expect(vcd.client.createApiToken(passwordSession(), { name: 'same' })).rejects.toMatchObject({ code: 'VCD_HTTP_ERROR' });
    expect(names).toHaveLength(2);
    expect(names[0]).not.toBe(names[1]);
    await expect(vcd.client.createApiToken(passwordSession(), { name: 'x'.repeat(120) })).rejects.toMatchObject({ code: 'VCD_INVALID_ARGUMENT', message: expect.stringContaining('119') });
    expect(vcd.calls()).toHaveLength(2);
  });

  test('System sessions use /oauth/provider/register and /oauth/provider/token', async () => {
    vcd = mockVcd();
    const session = passwordSession('System', 'administrator');
    vcd.pool
      .intercept({ path: '/oauth/provider/register', method: 'POST' })
      .reply(200, JSON.stringify({ client_name: 'p', client_id: CLIENT_ID }), { headers: { 'content-type': 'application/json' } });
    vcd.pool
      .intercept({ path: '/oauth/provider/token', method: 'POST' })
      .reply(200, JSON.stringify({ access_token: JWT, token_type: 'Bearer', expires_in: 1800, refresh_token: NEW_API_TOKEN }), {
        headers: { 'content-type': 'application/json' },
      });
    await vcd.client.createApiToken(session, { name: 'p' });
    expect(vcd.apiCalls().map((c) => `${c.method} ${c.path}`)).toEqual([
      'POST /oauth/provider/register',
      'POST /oauth/provider/token',
    ]);
  });
});

describe('listTokens paging', () => {
  test('follows Link rel="nextPage" until there is none', async () => {
    vcd = mockVcd();
    const session = passwordSession();
    const ids = [1, 2, 3].map((n) => `urn:vcloud:token:00000000-0000-0000-0000-00000000000${n}`);
    vcd.pool
      .intercept({ path: (p) => p.startsWith('/cloudapi/1.0.0/tokens?') && p.includes('page=1&'), method: 'GET' })
      .reply(200, page([tokenJson(ids[0]!, 'a')], { resultTotal: 3, pageCount: 3, pageSize: 1 }), {
        headers: { ...JSON_HEADERS, link: `<${ORIGIN}/cloudapi/1.0.0/tokens?page=2&pageSize=1>;rel="nextPage";type="application/json";model="Tokens", <${ORIGIN}/cloudapi/1.0.0/tokens?page=3&pageSize=1>;rel="lastPage";type="application/json"` },
      });
    vcd.pool
      .intercept({ path: '/cloudapi/1.0.0/tokens?page=2&pageSize=1', method: 'GET' })
      .reply(200, page([tokenJson(ids[1]!, 'b')], { resultTotal: 3, pageCount: 3, page: 2, pageSize: 1 }), {
        headers: { ...JSON_HEADERS, link: `<${ORIGIN}/cloudapi/1.0.0/tokens?page=3&pageSize=1>;rel="nextPage";type="application/json"` },
      });
    vcd.pool
      .intercept({ path: '/cloudapi/1.0.0/tokens?page=3&pageSize=1', method: 'GET' })
      .reply(200, page([tokenJson(ids[2]!, 'c')], { resultTotal: 3, pageCount: 3, page: 3, pageSize: 1 }), { headers: JSON_HEADERS });
    const tokens = await vcd.client.listTokens(session);
    expect(tokens.map((t) => t.id)).toEqual(ids);
    expect(vcd.apiCalls()).toHaveLength(3);
    expect(vcd.apiCalls()[0]?.searchParams).toEqual({ filter: '(type==PROXY,type==REFRESH)', page: '1', pageSize: '128' });
  });

  test('without a Link header it falls back to pageCount, and never follows a link to another host', async () => {
    vcd = mockVcd();
    const session = passwordSession();
    vcd.pool
      .intercept({ path: (p) => p.startsWith('/cloudapi/1.0.0/tokens?') && p.includes('page=1&'), method: 'GET' })
      .reply(200, page([tokenJson('urn:vcloud:token:00000000-0000-0000-0000-000000000001', 'a')], { resultTotal: 2, pageCount: 2 }), {
        headers: { ...JSON_HEADERS, link: '<https://evil.example.net/cloudapi/1.0.0/tokens?page=2>;rel="nextPage"' },
      });
    vcd.pool
      .intercept({ path: (p) => p.startsWith('/cloudapi/1.0.0/tokens?') && p.includes('page=2'), method: 'GET' })
      .reply(200, page([tokenJson('urn:vcloud:token:00000000-0000-0000-0000-000000000002', 'b')], { resultTotal: 2, pageCount: 2, page: 2 }), {
        headers: JSON_HEADERS,
      });
    const tokens = await vcd.client.listTokens(session, { name: 'a', owner: 'automation', type: 'REFRESH' });
    expect(tokens).toHaveLength(2);
    const calls = vcd.apiCalls();
    expect(calls.every((c) => c.origin === ORIGIN)).toBe(true);
    expect(calls[0]?.searchParams.filter).toBe('(name==a;owner.name==automation;type==REFRESH)');
    expect(calls[1]?.searchParams).toMatchObject({ page: '2', pageSize: '128', filter: '(name==a;owner.name==automation;type==REFRESH)' });
  });

  test('a Link that points back at a page already read ends the listing (no loop)', async () => {
    vcd = mockVcd();
    vcd.pool
      .intercept({ path: (p) => p.startsWith('/cloudapi/1.0.0/tokens?'), method: 'GET' })
      .reply(200, page([tokenJson('urn:vcloud:token:00000000-0000-0000-0000-000000000001', 'a')]), {
        headers: { ...JSON_HEADERS, link: `<${ORIGIN}/cloudapi/1.0.0/tokens?filter=%28type%3D%3DPROXY%2Ctype%3D%3DREFRESH%29&page=1&pageSize=128>;rel="nextPage"` },
      })
      .persist();
    expect(await vcd.client.listTokens(passwordSession())).toHaveLength(1);
    expect(vcd.apiCalls()).toHaveLength(1);
  });

  test('filter values with FIQL syntax characters are refused before any request', async () => {
    vcd = mockVcd();
    await expect(vcd.client.listTokens(passwordSession(), { name: 'a;owner.name==x' })).rejects.toMatchObject({ code: 'VCD_INVALID_ARGUMENT' });
    await expect(vcd.client.createApiToken(passwordSession(), { name: 'my token' })).rejects.toMatchObject({ code: 'VCD_INVALID_ARGUMENT' });
    expect(vcd.calls()).toHaveLength(0);
  });
});

describe('token by id, revoke, session operations', () => {
  test('getToken: GET /cloudapi/1.0.0/tokens/{urn}; a bare uuid is accepted; 403 means not found', async () => {
    vcd = mockVcd();
    vcd.pool.intercept({ path: `/cloudapi/1.0.0/tokens/${TOKEN_ID}`, method: 'GET' }).reply(200, JSON.stringify(tokenJson(TOKEN_ID, 't')), { headers: JSON_HEADERS });
    vcd.pool
      .intercept({ path: `/cloudapi/1.0.0/tokens/${TOKEN_ID}`, method: 'GET' })
      .reply(403, JSON.stringify({ minorErrorCode: 'ACCESS_TO_RESOURCE_IS_FORBIDDEN', message: 'gone', stackTrace: '' }), { headers: JSON_HEADERS });
    expect((await vcd.client.getToken(passwordSession(), TOKEN_ID.replace('urn:vcloud:token:', ''))).name).toBe('t');
    await expect(vcd.client.getToken(passwordSession(), TOKEN_ID)).rejects.toMatchObject({ code: 'VCD_NOT_FOUND', status: 403 });
    await expect(vcd.client.getToken(passwordSession(), 'not-an-id')).rejects.toMatchObject({ code: 'VCD_INVALID_ARGUMENT' });
  });

  test('revokeToken: DELETE with bearer; 204 revoked, 403 and 404 already gone', async () => {
    vcd = mockVcd();
    const session = passwordSession();
    vcd.pool.intercept({ path: `/cloudapi/1.0.0/tokens/${TOKEN_ID}`, method: 'DELETE' }).reply(204, '');
    vcd.pool.intercept({ path: `/cloudapi/1.0.0/tokens/${TOKEN_ID}`, method: 'DELETE' }).reply(403, JSON.stringify({ minorErrorCode: 'ACCESS_TO_RESOURCE_IS_FORBIDDEN' }), { headers: JSON_HEADERS });
    vcd.pool.intercept({ path: `/cloudapi/1.0.0/tokens/${TOKEN_ID}`, method: 'DELETE' }).reply(404, '');
    expect(await vcd.client.revokeToken(session, TOKEN_ID)).toEqual({ id: TOKEN_ID, status: 'revoked' });
    expect(await vcd.client.revokeToken(session, TOKEN_ID)).toEqual({ id: TOKEN_ID, status: 'already-gone' });
    expect(await vcd.client.revokeToken(session, TOKEN_ID)).toEqual({ id: TOKEN_ID, status: 'already-gone' });
    const [first] = vcd.apiCalls();
    expect(first?.method).toBe('DELETE');
    expect(headerOf(first!, 'authorization')).toBe(`Bearer ${session.accessToken.reveal()}`);
    expect(headerOf(first!, 'accept')).toBe('application/json;version=38.0');
  });

  test('whoami, verifyBearer and logout use the documented endpoints and Accept headers', async () => {
    vcd = mockVcd();
    const session = passwordSession();
    vcd.pool.intercept({ path: '/cloudapi/1.0.0/sessions/current', method: 'GET' }).reply(200, JSON.stringify(SESSION_BODY), { headers: JSON_HEADERS });
    vcd.pool
      .intercept({ path: '/api/org', method: 'GET' })
      .reply(200, '<OrgList xmlns="http://www.vmware.com/vcloud/v1.5"><Org href="x" name="acme" type="application/vnd.vmware.vcloud.org+xml"/></OrgList>', {
        headers: { 'content-type': 'application/vnd.vmware.vcloud.orglist+xml;version=38.0' },
      });
    vcd.pool.intercept({ path: '/cloudapi/1.0.0/sessions/current', method: 'DELETE' }).reply(204, '');
    expect((await vcd.client.whoami(session)).user.name).toBe('automation');
    expect(await vcd.client.verifyBearer(session)).toEqual({ orgNames: ['acme'] });
    await vcd.client.logout(session);
    const [who, org, out] = vcd.apiCalls();
    expect(headerOf(who!, 'accept')).toBe('application/json;version=38.0');
    expect(headerOf(org!, 'accept')).toBe('application/*+xml;version=38.0');
    expect(headerOf(org!, 'authorization')).toBe(`Bearer ${session.accessToken.reveal()}`);
    expect(`${out?.method} ${out?.path}`).toBe('DELETE /cloudapi/1.0.0/sessions/current');
  });

  test('logout of a session VCD no longer knows (401) counts as done', async () => {
    vcd = mockVcd();
    vcd.pool.intercept({ path: '/cloudapi/1.0.0/sessions/current', method: 'DELETE' }).reply(401, '');
    await expect(vcd.client.logout(passwordSession())).resolves.toBeUndefined();
    vcd.pool.intercept({ path: '/cloudapi/1.0.0/sessions/current', method: 'DELETE' }).reply(500, '');
    await expect(vcd.client.logout(passwordSession())).rejects.toMatchObject({ code: 'VCD_SERVER_ERROR' });
  });

  test('role and rights-bundle rights are read page by page', async () => {
    vcd = mockVcd();
    const session = passwordSession();
    const role = 'urn:vcloud:role:44444444-4444-4444-4444-444444444444';
    const bundle = 'urn:vcloud:rightsBundle:55555555-5555-5555-5555-555555555555';
    vcd.pool
      .intercept({ path: (p) => p.startsWith(`/cloudapi/1.0.0/roles/${role}/rights?`) && p.includes('page=1&'), method: 'GET' })
      .reply(200, page([{ name: 'API Tokens: Manage', id: 'urn:vcloud:right:1' }], { resultTotal: 2, pageCount: 2 }), { headers: JSON_HEADERS });
    vcd.pool
      .intercept({ path: (p) => p.startsWith(`/cloudapi/1.0.0/roles/${role}/rights?`) && p.includes('page=2'), method: 'GET' })
      .reply(200, page([{ name: 'Organization: View', id: 'urn:vcloud:right:2' }], { resultTotal: 2, pageCount: 2, page: 2 }), { headers: JSON_HEADERS });
    vcd.pool
      .intercept({ path: (p) => p.startsWith('/cloudapi/1.0.0/rightsBundles?'), method: 'GET' })
      .reply(200, page([{ id: bundle, name: 'Token Bundle', bundleKey: 'k', readOnly: false, publishAll: false }]), { headers: JSON_HEADERS });
    vcd.pool
      .intercept({ path: (p) => p.startsWith(`/cloudapi/1.0.0/rightsBundles/${bundle}/rights?`), method: 'GET' })
      .reply(200, page([{ name: 'API Tokens: Manage All', id: 'urn:vcloud:right:3' }]), { headers: JSON_HEADERS });
    expect((await vcd.client.getRoleRights(session, role)).map((r) => r.name)).toEqual(['API Tokens: Manage', 'Organization: View']);
    expect(await vcd.client.listRightsBundles(session)).toEqual([{ id: bundle, name: 'Token Bundle', bundleKey: 'k', readOnly: false, publishAll: false }]);
    expect((await vcd.client.getRightsBundleRights(session, bundle)).map((r) => r.name)).toEqual(['API Tokens: Manage All']);
  });
});

test('errors carry the method, redacted path and request id', async () => {
  vcd = mockVcd();
  vcd.pool
    .intercept({ path: '/cloudapi/1.0.0/sessions/current', method: 'GET' })
    .reply(500, JSON.stringify({ minorErrorCode: 'INTERNAL_SERVER_ERROR', message: 'boom', stackTrace: 'at x' }), {
      headers: { ...JSON_HEADERS, 'x-vmware-vcloud-request-id': 'req-123' },
    });
  const err = await vcd.client.whoami(passwordSession()).catch((e: unknown) => e);
  expect(VcdError.isVcdError(err)).toBe(true);
  expect(err).toMatchObject({ code: 'VCD_SERVER_ERROR', status: 500, method: 'GET', path: '/cloudapi/1.0.0/sessions/current', requestId: 'req-123', minorErrorCode: 'INTERNAL_SERVER_ERROR', retryable: false });
  expect((err as Error).message).toContain('INTERNAL_SERVER_ERROR - boom');
});
