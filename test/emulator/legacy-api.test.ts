// Legacy /api records real clients read: the org list, each org (tenant view), the admin org, and the session,
// in XML and JSON, with VCD's visibility rules; and the first steps a client takes after authenticating.
import { ACME_ADMIN, ACME_AUTOMATION, ADMIN, EmulatorTestKit, GLOBEX_ADMIN, type TestResponse } from './emulator-test-kit';
import { ServiceAccountClient } from './service-account-test-kit';

const XML = (v: string) => `application/*+xml;version=${v}`;
const JSON_ACCEPT = (v: string) => `application/*+json;version=${v}`;

/** `name="…" href="…"` of every `<Org>` in an OrgList. */
function orgRefs(xml: string): { name: string; href: string }[] {
  return [...xml.matchAll(/<Org\s[^>]*\/>/g)].map((m) => ({ name: /name="([^"]*)"/.exec(m[0])![1], href: /href="([^"]*)"/.exec(m[0])![1] }));
}

function attr(xml: string, element: string, name: string): string | undefined {
  const tag = new RegExp(`<${element}\\s[^>]*>`).exec(xml)?.[0];
  return tag ? new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1] : undefined;
}

function links(xml: string): { rel: string; href: string; type: string; name?: string }[] {
  return [...xml.matchAll(/<Link\s[^>]*\/>/g)].map((m) => ({
    rel: /rel="([^"]*)"/.exec(m[0])![1],
    href: /href="([^"]*)"/.exec(m[0])![1],
    type: /type="([^"]*)"/.exec(m[0])![1],
    name: /name="([^"]*)"/.exec(m[0])?.[1],
  }));
}

describe('emulator: legacy org records and session (VCD 10.5)', () => {
  let kit: EmulatorTestKit;
  let v: string;
  const get = (url: string, bearer: string | undefined, accept: string): Promise<TestResponse> =>
    kit.fetch(url.startsWith('http') ? url.slice(kit.emulator.url.length) : url, { headers: { ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), accept } });
  const orgId = (name: string) => kit.emulator.world.findOrgByName(name)!.id.split(':').pop()!;

  beforeAll(async () => {
    kit = await EmulatorTestKit.start({ vcdVersion: '10.5' });
    v = kit.emulator.apiVersion;
  });
  afterAll(() => kit.close());

  test('the lookup real clients do: list /api/org, take the href whose name matches, GET it (XML)', async () => {
    const jwt = await kit.loginJwt(ACME_AUTOMATION);
    const list = await get('/api/org', jwt, XML(v));
    expect(list.status).toBe(200);
    expect(list.headers['content-type']).toBe(`application/vnd.vmware.vcloud.orgList+xml;version=${v}`);
    const refs = orgRefs(list.text);
    expect(refs.map((r) => r.name)).toEqual(['acme']);
    const org = await get(refs[0].href, jwt, XML(v));
    expect(org.status).toBe(200);
    expect(org.headers['content-type']).toBe(`application/vnd.vmware.vcloud.org+xml;version=${v}`);
    expect(attr(org.text, 'Org', 'name')).toBe('acme');
    expect(attr(org.text, 'Org', 'id')).toBe(`urn:vcloud:org:${orgId('acme')}`);
    expect(attr(org.text, 'Org', 'href')).toBe(refs[0].href);
    expect(org.text).toContain('<FullName>Acme Corp</FullName>');
    expect(org.text).toContain('<IsEnabled>true</IsEnabled>');
    // A plain user gets no admin link; the tasks list and metadata links resolve.
    expect(links(org.text).map((l) => l.rel)).toEqual(['down', 'down']);
    for (const l of links(org.text)) expect((await get(l.href, jwt, XML(v))).status).toBe(200);
  });

  test('the same records in JSON (Accept application/*+json)', async () => {
    const jwt = await kit.loginJwt(ACME_ADMIN);
    const list = await get('/api/org', jwt, JSON_ACCEPT(v));
    expect(list.headers['content-type']).toBe(`application/vnd.vmware.vcloud.orgList+json;version=${v}`);
    const body = list.json();
    expect(body).toEqual(expect.objectContaining({ type: 'application/vnd.vmware.vcloud.orgList+json', href: `${kit.emulator.url}/api/org/` }));
    expect(body.org).toEqual([expect.objectContaining({ name: 'acme', type: 'application/vnd.vmware.vcloud.org+json' })]);
    const org = (await get(body.org[0].href, jwt, JSON_ACCEPT(v))).json();
    expect(org).toEqual(expect.objectContaining({ name: 'acme', id: `urn:vcloud:org:${orgId('acme')}`, fullName: 'Acme Corp', isEnabled: true, description: '' }));
    // The org admin also gets the admin view's link.
    const alternate = org.link.find((l: { rel: string }) => l.rel === 'alternate');
    expect(alternate).toEqual(expect.objectContaining({ href: `${kit.emulator.url}/api/admin/org/${orgId('acme')}`, type: 'application/vnd.vmware.admin.organization+json' }));
    const admin = await get(alternate.href, jwt, JSON_ACCEPT(v));
    expect(admin.status).toBe(200);
    expect(admin.json()).toEqual(expect.objectContaining({ name: 'acme', settings: expect.objectContaining({ orgGeneralSettings: expect.any(Object) }) }));
  });

  test('visibility: a tenant sees only its org (403 otherwise, in XML or JSON); System sees every org', async () => {
    const globex = await kit.loginJwt(GLOBEX_ADMIN);
    const forbidden = await get(`/api/org/${orgId('acme')}`, globex, XML(v));
    expect(forbidden.status).toBe(403);
    expect(attr(forbidden.text, 'Error', 'minorErrorCode')).toBe('ACCESS_TO_RESOURCE_IS_FORBIDDEN');
    const forbiddenJson = await get(`/api/org/${orgId('acme')}`, globex, JSON_ACCEPT(v));
    expect(forbiddenJson.status).toBe(403);
    expect(forbiddenJson.json()).toEqual(expect.objectContaining({ majorErrorCode: 403, minorErrorCode: 'ACCESS_TO_RESOURCE_IS_FORBIDDEN' }));
    expect((await get('/api/org/00000000-0000-4000-8000-000000000000', globex, XML(v))).status).toBe(403);
    expect((await get(`/api/org/${orgId('acme')}`, undefined, XML(v))).status).toBe(401);

    const admin = await kit.loginJwt(ADMIN);
    const all = orgRefs((await get('/api/org', admin, XML(v))).text);
    expect(all.map((r) => r.name)).toEqual(['System', 'acme', 'globex', 'initech']);
    for (const ref of all) expect((await get(ref.href, admin, XML(v))).status).toBe(200);
  });

  test('admin view: System for any org, an org admin for its own; plain users and other orgs get 403', async () => {
    const path = (org: string) => `/api/admin/org/${orgId(org)}`;
    const admin = await kit.loginJwt(ADMIN);
    for (const org of ['System', 'acme', 'initech']) {
      const res = await get(path(org), admin, XML(v));
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe(`application/vnd.vmware.admin.organization+xml;version=${v}`);
      expect(attr(res.text, 'AdminOrg', 'name')).toBe(org);
      expect(res.text).toMatch(/<Settings [^>]*href="[^"]*\/settings"/);
      for (const section of ['<OrgGeneralSettings>', '<VAppLeaseSettings>', '<VAppTemplateLeaseSettings>', '<Vdcs/>', '<Networks/>', '<Catalogs/>']) {
        expect(res.text).toContain(section);
      }
    }
    const acmeAdmin = await kit.loginJwt(ACME_ADMIN);
    expect((await get(path('acme'), acmeAdmin, XML(v))).status).toBe(200);
    expect((await get(`${path('acme')}/settings`, acmeAdmin, XML(v))).status).toBe(200);
    expect((await get(path('globex'), acmeAdmin, XML(v))).status).toBe(403);
    const automation = await kit.loginJwt(ACME_AUTOMATION);
    expect((await get(path('acme'), automation, XML(v))).status).toBe(403);
    expect((await get(`${path('acme')}/settings`, automation, XML(v))).status).toBe(403);
  });

  test('API-token sessions read them like their user; a System-org token reads any tenant\'s admin org', async () => {
    const orgAdminToken = await kit.exchange('acme', (await kit.createApiToken(ACME_ADMIN, 'legacy-reader')).refreshToken);
    expect((await get(`/api/admin/org/${orgId('acme')}`, orgAdminToken, XML(v))).status).toBe(200);
    expect((await get(`/api/admin/org/${orgId('globex')}`, orgAdminToken, XML(v))).status).toBe(403);
    const providerToken = await kit.exchange('System', (await kit.createApiToken(ADMIN, 'provider-reader')).refreshToken);
    for (const org of ['acme', 'globex', 'initech']) expect((await get(`/api/admin/org/${orgId(org)}`, providerToken, JSON_ACCEPT(v))).status).toBe(200);
  });

  test('GET /api/session (XML and JSON) links to the org list and to the session\'s own org', async () => {
    const jwt = await kit.loginJwt(ACME_AUTOMATION);
    const xml = await get('/api/session', jwt, XML(v));
    expect(xml.status).toBe(200);
    expect(attr(xml.text, 'Session', 'user')).toBe('automation');
    expect(attr(xml.text, 'Session', 'org')).toBe('acme');
    expect(attr(xml.text, 'Session', 'roles')).toBe('Token Automation');
    const orgLink = links(xml.text).find((l) => l.type === 'application/vnd.vmware.vcloud.org+xml');
    expect(orgLink).toEqual({ rel: 'down', href: `${kit.emulator.url}/api/org/${orgId('acme')}`, type: 'application/vnd.vmware.vcloud.org+xml', name: 'acme' });
    expect((await get(orgLink!.href, jwt, XML(v))).status).toBe(200);
    expect(xml.text).toContain('<OrgName>acme</OrgName>');

    const json = (await get('/api/session', jwt, JSON_ACCEPT(v))).json();
    expect(json).toEqual(expect.objectContaining({ user: 'automation', org: 'acme', type: 'application/vnd.vmware.vcloud.session+json' }));
    expect(json.link.map((l: { rel: string }) => l.rel)).toEqual(['down', 'down']); // no remove link from 38.0 on
    expect((await kit.fetch('/api/session', { headers: { accept: XML(v) } })).status).toBe(401);
  });

  test('DELETE /api/session logs out before API 38.0 and is gone from 38.0', async () => {
    const jwt = await kit.loginJwt(ACME_AUTOMATION);
    expect((await kit.fetch('/api/session', { method: 'DELETE', headers: { authorization: `Bearer ${jwt}`, accept: XML(v) } })).status).toBe(404);
    const old = await get('/api/session', jwt, XML('37.0'));
    expect(links(old.text).map((l) => l.rel)).toContain('remove');
    expect((await kit.fetch('/api/session', { method: 'DELETE', headers: { authorization: `Bearer ${jwt}`, accept: XML('37.0') } })).status).toBe(204);
    expect((await get('/api/session', jwt, XML('37.0'))).status).toBe(401);
  });
});

describe('emulator: what clients do after authenticating with a token', () => {
  test.each(['10.4', '10.5', '10.6'])('VCD %s: API token and service account: versions → grant → /api/org → org link → sessions/current', async (vcdVersion) => {
    const kit = await EmulatorTestKit.start({ vcdVersion });
    try {
      const v = kit.emulator.apiVersion;
      const apiToken = (await kit.createApiToken(ACME_AUTOMATION, 'first-steps')).refreshToken;
      const account = await new ServiceAccountClient(kit).activate(ACME_ADMIN, 'first-steps-sa');
      for (const [kind, refreshToken] of [['API token', apiToken], ['service account', account.refreshToken]] as const) {
        const versions = await kit.fetch('/api/versions');
        expect(versions.text).toContain(`<Version>${v}</Version>`);
        const grant = await kit.tokenRequest('acme', { grant_type: 'refresh_token', refresh_token: refreshToken });
        expect([kind, grant.status]).toEqual([kind, 200]);
        const bearer = grant.json().access_token as string;
        const list = await kit.bearerGet('/api/org', bearer, XML(v));
        const ref = orgRefs(list.text).find((r) => r.name === 'acme');
        expect([kind, ref]).toEqual([kind, expect.objectContaining({ name: 'acme' })]);
        const org = await kit.bearerGet(ref!.href.slice(kit.emulator.url.length), bearer, XML(v));
        expect([kind, org.status]).toEqual([kind, 200]);
        const current = await kit.bearerGet('/cloudapi/1.0.0/sessions/current', bearer);
        expect([kind, current.status, current.json().org.name]).toEqual([kind, 200, 'acme']);
      }
    } finally {
      await kit.close();
    }
  });
});
