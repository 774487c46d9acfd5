// Rights, rights bundles and global roles over real HTTPS: paging and Link headers, CRUD, publication,
// 403 on unknown ids, tenant visibility, and bundle publication deciding who may register API tokens.
import { allPages, API, expectForbidden, RbacKit, SYS_ADMIN, tenantUser } from './rbac-test-kit';

let kit: RbacKit;
let admin: string;
beforeAll(async () => {
  kit = await RbacKit.start();
  admin = await kit.login(SYS_ADMIN);
});
afterAll(() => kit.close());

function orgId(name: string): string {
  return kit.emulator.world.findOrgByName(name)!.id;
}

function bundleId(name: string): string {
  return [...kit.emulator.world.rightsBundles.values()].find((b) => b.name === name)!.id;
}

describe('/rights', () => {
  test('pages with resultTotal/pageCount and a nextPage Link until the catalogue is exhausted', async () => {
    const total = kit.emulator.world.rights.size;
    const first = await kit.get(`${API}/rights?pageSize=7`, admin);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ resultTotal: total, pageCount: Math.ceil(total / 7), page: 1, pageSize: 7, associations: [] });
    expect(first.body.values).toHaveLength(7);
    expect(String(first.headers.link)).toMatch(/page=2.*rel="nextPage"/);
    const { values, pages } = await allPages(kit, `${API}/rights?pageSize=7`, admin);
    expect(pages).toBe(Math.ceil(total / 7));
    expect(new Set(values.map((r) => r.name))).toEqual(new Set([...kit.emulator.world.rights.values()].map((r) => r.name)));
  });

  test('filter by name and GET by id; unknown id is 403 in the VCD error shape', async () => {
    const res = await kit.get(`${API}/rights?filter=${encodeURIComponent('name==API Tokens: Manage')}`, admin);
    expect(res.body.resultTotal).toBe(1);
    const right = res.body.values[0];
    expect(right).toMatchObject({ name: 'API Tokens: Manage', rightType: 'MODIFY', id: expect.stringMatching(/^urn:vcloud:right:/) });
    expect((await kit.get(`${API}/rights/${right.id}`, admin)).body.name).toBe('API Tokens: Manage');
    expectForbidden(await kit.get(`${API}/rights/urn:vcloud:right:00000000-0000-0000-0000-000000000000`, admin));
  });

  test('a right\'s category is the id of a /rightsCategories entry with its counts', async () => {
    const right = (await kit.get(`${API}/rights?filter=${encodeURIComponent('name==API Tokens: Manage')}`, admin)).body.values[0];
    const categories = await kit.get(`${API}/rightsCategories?pageSize=128`, admin);
    const tokens = categories.body.values.find((c: any) => c.id === right.category);
    expect(tokens).toMatchObject({ name: 'API Tokens', rightsCount: { view: 0, modify: 2 }, subCategories: [] });
  });

  test('needs a session', async () => {
    expect((await kit.get(`${API}/rights`)).status).toBe(401);
  });

  test('tenants see only rights published to their org', async () => {
    const initech = await kit.login(tenantUser('initech', 'orgadmin'));
    const names = (await allPages(kit, `${API}/rights?pageSize=128`, initech)).values.map((r) => r.name);
    expect(names).toContain('Organization: View');
    expect(names).not.toContain('API Tokens: Manage');
    expect(names).not.toContain('Provider vDC: View');
  });
});

describe('/rightsBundles CRUD and publication (System administrator)', () => {
  test('full lifecycle', async () => {
    const manage = kit.emulator.world.findRightByName('API Tokens: Manage')!;
    const manageAll = kit.emulator.world.findRightByName('API Tokens: Manage All')!;

    const created = await kit.call('POST', `${API}/rightsBundles`, { bearer: admin, body: { name: 'CI Tokens', description: 'for CI' } });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(created.body).toEqual({ id: expect.stringMatching(/^urn:vcloud:rightsBundle:[0-9a-f-]{36}$/), name: 'CI Tokens', description: 'for CI', bundleKey: 'com.vmware.vcloud.undefined.key', readOnly: false, publishAll: false });
    expect(created.headers.location).toBe(`${kit.emulator.url}${API}/rightsBundles/${id}`);
    expect((await kit.get(`${API}/rightsBundles/${id}`, admin)).body.name).toBe('CI Tokens');

    const renamed = await kit.call('PUT', `${API}/rightsBundles/${id}`, { bearer: admin, body: { id, name: 'CI Token Rights', description: 'x' } });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('CI Token Rights');

    const added = await kit.call('POST', `${API}/rightsBundles/${id}/rights`, { bearer: admin, body: { values: [{ name: manage.name, id: manage.id }] } });
    expect(added.status).toBe(200);
    const again = await kit.call('POST', `${API}/rightsBundles/${id}/rights`, { bearer: admin, body: { values: [{ name: manage.name, id: manage.id }] } });
    expect(again.body.values).toEqual([{ name: manage.name, id: manage.id }]);
    const replaced = await kit.call('PUT', `${API}/rightsBundles/${id}/rights`, { bearer: admin, body: { values: [{ id: manageAll.id }, { id: manage.id }] } });
    expect(replaced.body.values.map((r: any) => r.name).sort()).toEqual([manage.name, manageAll.name]);
    expect((await kit.get(`${API}/rightsBundles/${id}/rights`, admin)).body.resultTotal).toBe(2);

    const published = await kit.call('POST', `${API}/rightsBundles/${id}/tenants/publish`, { bearer: admin, body: { values: [{ name: 'initech', id: orgId('initech') }] } });
    expect(published.status).toBe(200);
    expect(published.body.values).toEqual([{ name: 'initech', id: orgId('initech') }]);
    expect((await kit.get(`${API}/rightsBundles/${id}/tenants`, admin)).body.values.map((o: any) => o.name)).toEqual(['initech']);
    const unpublished = await kit.call('POST', `${API}/rightsBundles/${id}/tenants/unpublish`, { bearer: admin, body: { values: [{ id: orgId('initech') }] } });
    expect(unpublished.body.values).toEqual([]);

    const all = await kit.call('POST', `${API}/rightsBundles/${id}/tenants/publishAll`, { bearer: admin, body: {} });
    expect(all.status).toBe(200);
    expect(all.body.values.map((o: any) => o.name).sort()).toEqual(['acme', 'globex', 'initech']);
    expect((await kit.get(`${API}/rightsBundles/${id}`, admin)).body.publishAll).toBe(true);
    const none = await kit.call('POST', `${API}/rightsBundles/${id}/tenants/unpublishAll`, { bearer: admin, body: {} });
    expect(none.body.values).toEqual([]);
    expect((await kit.get(`${API}/rightsBundles/${id}`, admin)).body.publishAll).toBe(false);

    const set = await kit.call('PUT', `${API}/rightsBundles/${id}/tenants`, { bearer: admin, body: { values: [{ id: orgId('acme') }, { id: orgId('globex') }] } });
    expect(set.body.values.map((o: any) => o.name)).toEqual(['acme', 'globex']);

    expect((await kit.call('DELETE', `${API}/rightsBundles/${id}`, { bearer: admin })).status).toBe(204);
    expectForbidden(await kit.get(`${API}/rightsBundles/${id}`, admin));
    expectForbidden(await kit.call('DELETE', `${API}/rightsBundles/${id}`, { bearer: admin }));
    expectForbidden(await kit.call('PUT', `${API}/rightsBundles/${id}`, { bearer: admin, body: { name: 'x' } }));
    expectForbidden(await kit.get(`${API}/rightsBundles/${id}/rights`, admin));
  });

  test('bad requests are 400 with the reason', async () => {
    const noName = await kit.call('POST', `${API}/rightsBundles`, { bearer: admin, body: { description: 'x' } });
    expect(noName.status).toBe(400);
    expect(noName.body.message).toMatch(/name/);
    const duplicate = await kit.call('POST', `${API}/rightsBundles`, { bearer: admin, body: { name: 'API Tokens' } });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.minorErrorCode).toBe('DUPLICATE_NAME');
    const toSystem = await kit.call('POST', `${API}/rightsBundles/${bundleId('API Tokens')}/tenants/publish`, { bearer: admin, body: { values: [{ id: orgId('System') }] } });
    expect(toSystem.status).toBe(400);
    const unknownRight = await kit.call('POST', `${API}/rightsBundles/${bundleId('API Tokens')}/rights`, { bearer: admin, body: { values: [{ id: 'urn:vcloud:right:00000000-0000-0000-0000-000000000000' }] } });
    expect(unknownRight.status).toBe(400);
    const notJson = await kit.call('POST', `${API}/rightsBundles`, { bearer: admin, body: ['x'] });
    expect(notJson.status).toBe(400);
  });

  test('paging of bundles with pageSize=1 follows nextPage over every bundle', async () => {
    const { values, pages } = await allPages(kit, `${API}/rightsBundles?pageSize=1`, admin);
    expect(pages).toBe(kit.emulator.world.rightsBundles.size);
    expect(values.map((b) => b.name)).toEqual([...kit.emulator.world.rightsBundles.values()].map((b) => b.name));
  });
});

describe('tenant visibility of bundles', () => {
  test('tenants list only the bundles published to them and cannot see others by id', async () => {
    const acme = await kit.login(tenantUser('acme', 'orgadmin'));
    const initech = await kit.login(tenantUser('initech', 'automation'));
    expect((await kit.get(`${API}/rightsBundles`, acme)).body.values.map((b: any) => b.name).sort()).toEqual(['API Tokens', 'Default Rights Bundle']);
    expect((await kit.get(`${API}/rightsBundles`, initech)).body.values.map((b: any) => b.name)).toEqual(['Default Rights Bundle']);
    expectForbidden(await kit.get(`${API}/rightsBundles/${bundleId('API Tokens')}`, initech));
    const defaultRights = await kit.get(`${API}/rightsBundles/${bundleId('Default Rights Bundle')}/rights?pageSize=128`, initech);
    expect(defaultRights.status).toBe(200);
    expect(defaultRights.body.values.map((r: any) => r.name)).not.toContain('API Tokens: Manage');
  });

  test('tenants cannot change bundles or list their tenants', async () => {
    const acme = await kit.login(tenantUser('acme', 'orgadmin'));
    expectForbidden(await kit.call('POST', `${API}/rightsBundles`, { bearer: acme, body: { name: 'mine' } }));
    expectForbidden(await kit.call('POST', `${API}/rightsBundles/${bundleId('API Tokens')}/tenants/publish`, { bearer: acme, body: { values: [{ id: orgId('initech') }] } }));
    expectForbidden(await kit.get(`${API}/rightsBundles/${bundleId('API Tokens')}/tenants`, acme));
    expect(kit.emulator.world.rightsBundles.get(bundleId('API Tokens'))!.tenantOrgIds).not.toContain(orgId('initech'));
  });
});

describe('/globalRoles', () => {
  test('System administrator creates, fills, publishes and deletes a global role', async () => {
    const created = await kit.call('POST', `${API}/globalRoles`, { bearer: admin, body: { name: 'Pipeline', description: 'CI' } });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(id).toMatch(/^urn:vcloud:globalRole:/);
    const manage = kit.emulator.world.findRightByName('API Tokens: Manage')!;
    expect((await kit.call('PUT', `${API}/globalRoles/${id}/rights`, { bearer: admin, body: { values: [{ id: manage.id }] } })).body.values).toEqual([{ name: manage.name, id: manage.id }]);
    await kit.call('POST', `${API}/globalRoles/${id}/tenants/publish`, { bearer: admin, body: { values: [{ id: orgId('globex') }] } });

    const globex = await kit.login(tenantUser('globex', 'orgadmin'));
    const acme = await kit.login(tenantUser('acme', 'orgadmin'));
    expect((await kit.get(`${API}/globalRoles`, globex)).body.values.map((g: any) => g.name)).toContain('Pipeline');
    expect((await kit.get(`${API}/globalRoles`, acme)).body.values.map((g: any) => g.name)).not.toContain('Pipeline');
    expectForbidden(await kit.get(`${API}/globalRoles/${id}`, acme));
    expectForbidden(await kit.call('PUT', `${API}/globalRoles/${id}`, { bearer: globex, body: { name: 'hijack' } }));

    expect((await kit.call('DELETE', `${API}/globalRoles/${id}`, { bearer: admin })).status).toBe(204);
    expectForbidden(await kit.get(`${API}/globalRoles/${id}`, admin));
  });
});

describe('bundle publication decides who may register API tokens', () => {
  test('initech automation is refused until the API Tokens bundle is published to initech', async () => {
    const who = tenantUser('initech', 'automation');
    const before = await kit.register(await kit.login(who), 'initech', 'ci-before');
    expectForbidden(before);
    expect(before.body.message).toMatch(/API Tokens: Manage/);

    const tokens = bundleId('API Tokens');
    const publish = await kit.call('POST', `${API}/rightsBundles/${tokens}/tenants/publish`, { bearer: admin, body: { values: [{ name: 'initech', id: orgId('initech') }] } });
    expect(publish.status).toBe(200);
    const after = await kit.register(await kit.login(who), 'initech', 'ci-after');
    expect(after.status).toBe(200);
    expect(after.body.client_id).toMatch(/^[0-9a-f-]{36}$/);

    await kit.call('POST', `${API}/rightsBundles/${tokens}/tenants/unpublish`, { bearer: admin, body: { values: [{ id: orgId('initech') }] } });
    expectForbidden(await kit.register(await kit.login(who), 'initech', 'ci-again'));
  });
});
