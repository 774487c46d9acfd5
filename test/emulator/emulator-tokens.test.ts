import { ACME_ADMIN, ACME_AUTOMATION, ADMIN, EmulatorTestKit, GLOBEX_ADMIN } from './emulator-test-kit';

describe('emulator: /cloudapi/1.0.0/tokens', () => {
  let kit: EmulatorTestKit;
  let acmeAdminJwt: string;
  let automationJwt: string;
  let globexJwt: string;
  let adminJwt: string;
  let automationToken: { refreshToken: string; tokenId: string };
  let orgadminToken: { refreshToken: string; tokenId: string };
  let globexToken: { refreshToken: string; tokenId: string };

  const names = (res: { json(): any }): string[] => res.json().values.map((v: { name: string }) => v.name).sort();

  beforeAll(async () => {
    kit = await EmulatorTestKit.start();
    automationToken = await kit.createApiToken(ACME_AUTOMATION, 'ci-acme');
    orgadminToken = await kit.createApiToken(ACME_ADMIN, 'admin-acme');
    globexToken = await kit.createApiToken(GLOBEX_ADMIN, 'ci-globex');
    acmeAdminJwt = await kit.loginJwt(ACME_ADMIN);
    automationJwt = await kit.loginJwt(ACME_AUTOMATION);
    globexJwt = await kit.loginJwt(GLOBEX_ADMIN);
    adminJwt = await kit.loginJwt(ADMIN);
  });
  afterAll(() => kit.close());

  test('list: a user with Manage sees only own tokens; Manage All sees its org; System sees every org', async () => {
    expect(names(await kit.bearerGet('/cloudapi/1.0.0/tokens', automationJwt))).toEqual(['ci-acme']);
    expect(names(await kit.bearerGet('/cloudapi/1.0.0/tokens', acmeAdminJwt))).toEqual(['admin-acme', 'ci-acme']);
    expect(names(await kit.bearerGet('/cloudapi/1.0.0/tokens', globexJwt))).toEqual(['ci-globex']);
    expect(names(await kit.bearerGet('/cloudapi/1.0.0/tokens', adminJwt))).toEqual(['admin-acme', 'ci-acme', 'ci-globex']);
  });

  test('list without a bearer is 401', async () => {
    expect((await kit.fetch('/cloudapi/1.0.0/tokens')).status).toBe(401);
  });

  test('Token JSON shape and the paging envelope', async () => {
    const res = await kit.bearerGet('/cloudapi/1.0.0/tokens', automationJwt);
    expect(res.headers['content-type']).toBe('application/json;version=38.0');
    const body = res.json();
    expect(body).toEqual(expect.objectContaining({ resultTotal: 1, pageCount: 1, page: 1, pageSize: 25, associations: [] }));
    expect(body.values[0]).toEqual({
      id: automationToken.tokenId,
      name: 'ci-acme',
      token: null,
      expirationTimeUtc: null,
      owner: { name: 'automation', id: expect.stringMatching(/^urn:vcloud:user:/) },
      username: 'automation',
      userId: expect.stringMatching(/^urn:vcloud:user:/),
      orgName: 'acme',
      org: { name: 'acme', id: expect.stringMatching(/^urn:vcloud:org:/) },
      type: 'REFRESH',
    });
  });

  test.each([
    ['GOVCD canonical filter', '(name==ci-acme;owner.name==automation;(type==PROXY,type==REFRESH))', ['ci-acme']],
    ['OR of names', 'name==ci-acme,name==ci-globex', ['ci-acme', 'ci-globex']],
    ['owner', 'owner.name==orgadmin', ['admin-acme', 'ci-globex']],
    ['AND binds tighter than OR', 'name==ci-globex,name==admin-acme;owner.name==automation', ['ci-globex']],
    ['wildcard', 'name==ci-*', ['ci-acme', 'ci-globex']],
    ['type that matches nothing', 'type==PROXY', []],
    ['not equal', 'name!=ci-acme', ['admin-acme', 'ci-globex']],
  ])('FIQL filter: %s', async (_name, filter, expected) => {
    const res = await kit.bearerGet(`/cloudapi/1.0.0/tokens?filter=${encodeURIComponent(filter)}`, adminJwt);
    expect(res.status).toBe(200);
    expect(names(res)).toEqual(expected);
  });

  test.each(['name=ci', '(name==x', 'unknown==x', 'name==a;', ''])('malformed filter %p → 400 (or ignored when empty)', async (filter) => {
    const res = await kit.bearerGet(`/cloudapi/1.0.0/tokens?filter=${encodeURIComponent(filter)}`, adminJwt);
    if (filter === '') {
      expect(res.status).toBe(200);
    } else {
      expect(res.status).toBe(400);
      expect(res.json().message).toMatch(/Cannot parse the supplied filter/);
    }
  });

  test('paging: pageSize, page, Link rel="nextPage" until the last page; pageSize is capped at 128', async () => {
    const page1 = await kit.bearerGet('/cloudapi/1.0.0/tokens?pageSize=2&sortAsc=name', adminJwt);
    expect(page1.json()).toEqual(expect.objectContaining({ resultTotal: 3, pageCount: 2, page: 1, pageSize: 2 }));
    expect(names(page1)).toEqual(['admin-acme', 'ci-acme']);
    const link = ([] as string[]).concat(page1.headers.link as string | string[]);
    const next = link.find((l) => l.includes('rel="nextPage"'))!;
    expect(next).toMatch(/^<https:\/\/127\.0\.0\.1:\d+\/cloudapi\/1\.0\.0\/tokens\?[^>]*page=2[^>]*>;rel="nextPage";type="application\/json";model="Tokens"$/);
    const nextUrl = new URL(/^<([^>]+)>/.exec(next)![1]);
    const page2 = await kit.bearerGet(nextUrl.pathname + nextUrl.search, adminJwt);
    expect(names(page2)).toEqual(['ci-globex']);
    const lastLinks = ([] as string[]).concat((page2.headers.link as string | string[]) ?? []);
    expect(lastLinks.some((l) => l.includes('rel="nextPage"'))).toBe(false);
    const big = await kit.bearerGet('/cloudapi/1.0.0/tokens?pageSize=500', adminJwt);
    expect(big.json().pageSize).toBe(128);
    expect((await kit.bearerGet('/cloudapi/1.0.0/tokens?page=0', adminJwt)).status).toBe(400);
  });

  test('get one: own 200; unknown id and another user\'s token (without Manage All) → 403 ACCESS_TO_RESOURCE_IS_FORBIDDEN', async () => {
    const own = await kit.bearerGet(`/cloudapi/1.0.0/tokens/${automationToken.tokenId}`, automationJwt);
    expect(own.status).toBe(200);
    expect(own.json().name).toBe('ci-acme');
    const unknown = await kit.bearerGet('/cloudapi/1.0.0/tokens/urn:vcloud:token:00000000-0000-4000-8000-000000000000', automationJwt);
    expect(unknown.status).toBe(403);
    expect(unknown.json().minorErrorCode).toBe('ACCESS_TO_RESOURCE_IS_FORBIDDEN');
    expect((await kit.bearerGet(`/cloudapi/1.0.0/tokens/${orgadminToken.tokenId}`, automationJwt)).status).toBe(403);
    expect((await kit.bearerGet(`/cloudapi/1.0.0/tokens/${globexToken.tokenId}`, acmeAdminJwt)).status).toBe(403);
    expect((await kit.bearerGet(`/cloudapi/1.0.0/tokens/${globexToken.tokenId}`, adminJwt)).status).toBe(200);
  });

  test('an API-token session sees only its own user\'s tokens even with Manage All, and cannot revoke others', async () => {
    const bearer = await kit.exchange('acme', orgadminToken.refreshToken);
    expect(names(await kit.bearerGet('/cloudapi/1.0.0/tokens', bearer))).toEqual(['admin-acme']);
    expect((await kit.bearerGet(`/cloudapi/1.0.0/tokens/${automationToken.tokenId}`, bearer)).status).toBe(403);
    const del = await kit.fetch(`/cloudapi/1.0.0/tokens/${automationToken.tokenId}`, { method: 'DELETE', headers: { authorization: `Bearer ${bearer}` } });
    expect(del.status).toBe(403);
    expect(kit.emulator.world.tokens.has(automationToken.tokenId)).toBe(true);
  });

  test('an API-token session cannot view or revoke another token of its own user (DOC-TOK: "view or revoke other tokens")', async () => {
    const second = await kit.createApiToken(ACME_ADMIN, 'admin-acme-2');
    const bearer = await kit.exchange('acme', orgadminToken.refreshToken);
    expect(names(await kit.bearerGet('/cloudapi/1.0.0/tokens', bearer))).toEqual(['admin-acme']);
    expect((await kit.bearerGet(`/cloudapi/1.0.0/tokens/${second.tokenId}`, bearer)).status).toBe(403);
    const del = await kit.fetch(`/cloudapi/1.0.0/tokens/${second.tokenId}`, { method: 'DELETE', headers: { authorization: `Bearer ${bearer}` } });
    expect(del.status).toBe(403);
    expect(kit.emulator.world.tokens.has(second.tokenId)).toBe(true);
    expect(names(await kit.bearerGet('/cloudapi/1.0.0/tokens', acmeAdminJwt))).toContain('admin-acme-2');
  });
});

describe('emulator: revocation', () => {
  let kit: EmulatorTestKit;
  beforeAll(async () => {
    kit = await EmulatorTestKit.start();
  });
  afterAll(() => kit.close());

  test('DELETE → 204; the API token and every bearer minted from it stop working (401); the list no longer shows it', async () => {
    const token = await kit.createApiToken(ACME_AUTOMATION, 'to-revoke');
    const bearers = [await kit.exchange('acme', token.refreshToken), await kit.exchange('acme', token.refreshToken)];
    const other = await kit.createApiToken(ACME_AUTOMATION, 'keeps-working');
    const otherBearer = await kit.exchange('acme', other.refreshToken);
    const jwt = await kit.loginJwt(ACME_AUTOMATION);
    const del = await kit.fetch(`/cloudapi/1.0.0/tokens/${token.tokenId}`, { method: 'DELETE', headers: { authorization: `Bearer ${jwt}` } });
    expect(del.status).toBe(204);
    expect(del.text).toBe('');
    for (const bearer of bearers) {
      expect((await kit.bearerGet('/api/org', bearer, 'application/*+xml;version=38.0')).status).toBe(401);
    }
    const refresh = await kit.tokenRequest('acme', { grant_type: 'refresh_token', refresh_token: token.refreshToken });
    expect(refresh.status).toBe(400);
    expect(refresh.json().minorErrorCode).toBe('invalid_grant');
    expect((await kit.bearerGet(`/cloudapi/1.0.0/tokens/${token.tokenId}`, jwt)).status).toBe(403);
    const filtered = await kit.bearerGet(`/cloudapi/1.0.0/tokens?filter=${encodeURIComponent('name==to-revoke')}`, jwt);
    expect(filtered.json().values).toEqual([]);
    expect((await kit.bearerGet('/cloudapi/1.0.0/sessions/current', otherBearer)).status).toBe(200);
    expect((await kit.bearerGet('/cloudapi/1.0.0/sessions/current', jwt)).status).toBe(200);
  });

  test('a token removed through the World (not the route) also ends its bearers', async () => {
    const token = await kit.createApiToken(ACME_AUTOMATION, 'world-removed');
    const bearer = await kit.exchange('acme', token.refreshToken);
    kit.emulator.world.revokeToken(token.tokenId);
    expect((await kit.bearerGet('/cloudapi/1.0.0/sessions/current', bearer)).status).toBe(401);
  });

  test('a disabled user\'s bearers (password and API-token) stop authenticating; re-enabled they work again', async () => {
    const token = await kit.createApiToken(ACME_AUTOMATION, 'disabled-owner');
    const bearer = await kit.exchange('acme', token.refreshToken);
    const user = [...kit.emulator.world.users.values()].find((u) => u.name === 'automation' && u.orgId === kit.emulator.world.findOrgByName('acme')!.id)!;
    kit.emulator.world.updateUser(user.id, { enabled: false });
    try {
      expect((await kit.bearerGet('/cloudapi/1.0.0/sessions/current', bearer)).status).toBe(401);
      expect((await kit.bearerGet('/cloudapi/1.0.0/sessions/current', token.jwt)).status).toBe(401);
      expect((await kit.tokenRequest('acme', { grant_type: 'refresh_token', refresh_token: token.refreshToken })).status).toBe(400);
    } finally {
      kit.emulator.world.updateUser(user.id, { enabled: true });
    }
    expect((await kit.bearerGet('/cloudapi/1.0.0/sessions/current', bearer)).status).toBe(200);
  });

  test('a second DELETE of the same id is 403 (already gone)', async () => {
    const token = await kit.createApiToken(ACME_AUTOMATION, 'twice');
    const headers = { authorization: `Bearer ${token.jwt}` };
    expect((await kit.fetch(`/cloudapi/1.0.0/tokens/${token.tokenId}`, { method: 'DELETE', headers })).status).toBe(204);
    expect((await kit.fetch(`/cloudapi/1.0.0/tokens/${token.tokenId}`, { method: 'DELETE', headers })).status).toBe(403);
  });

  test('an API-token session may revoke its own token (and is itself ended)', async () => {
    const token = await kit.createApiToken(ACME_AUTOMATION, 'self-revoke');
    const bearer = await kit.exchange('acme', token.refreshToken);
    const del = await kit.fetch(`/cloudapi/1.0.0/tokens/${token.tokenId}`, { method: 'DELETE', headers: { authorization: `Bearer ${bearer}` } });
    expect(del.status).toBe(204);
    expect((await kit.bearerGet('/cloudapi/1.0.0/sessions/current', bearer)).status).toBe(401);
  });

  test('Manage All: the org admin revokes the automation user\'s token; another tenant\'s admin cannot; System can', async () => {
    const acmeToken = await kit.createApiToken(ACME_AUTOMATION, 'revoked-by-admin');
    const globexJwt = await kit.loginJwt(GLOBEX_ADMIN);
    const byGlobex = await kit.fetch(`/cloudapi/1.0.0/tokens/${acmeToken.tokenId}`, { method: 'DELETE', headers: { authorization: `Bearer ${globexJwt}` } });
    expect(byGlobex.status).toBe(403);
    const acmeAdmin = await kit.loginJwt(ACME_ADMIN);
    const byAdmin = await kit.fetch(`/cloudapi/1.0.0/tokens/${acmeToken.tokenId}`, { method: 'DELETE', headers: { authorization: `Bearer ${acmeAdmin}` } });
    expect(byAdmin.status).toBe(204);
    const globexToken = await kit.createApiToken(GLOBEX_ADMIN, 'revoked-by-system');
    const system = await kit.loginJwt(ADMIN);
    const bySystem = await kit.fetch(`/cloudapi/1.0.0/tokens/${globexToken.tokenId}`, { method: 'DELETE', headers: { authorization: `Bearer ${system}` } });
    expect(bySystem.status).toBe(204);
  });
});
