// Publication of rights bundles and global roles as real clients manage it (create, rights, tenants, publish,
// unpublish, publishAll, unpublishAll, delete) with VCD's answers, and published global roles appearing read-only
// among a tenant's roles (and disappearing when unpublished).
import { API, expectForbidden, RbacKit, SYS_ADMIN, tenantUser } from './rbac-test-kit';

let kit: RbacKit;
let admin: string;
beforeAll(async () => {
  kit = await RbacKit.start({ vcdVersion: '10.6' });
  admin = await kit.login(SYS_ADMIN);
});
afterAll(() => kit.close());

const world = () => kit.emulator.world;
const org = (name: string) => world().findOrgByName(name)!;
const ref = (name: string) => ({ name, id: org(name).id });
const right = (name: string) => ({ name, id: world().findRightByName(name)!.id });
const MISSING_ORG = 'urn:vcloud:org:00000000-0000-4000-8000-00000000dead';

describe.each(['rightsBundles', 'globalRoles'] as const)('%s: the operations clients use, with their answers', (collection) => {
  test('create 201 → add rights → replace rights → publish → tenants → unpublish → publishAll → unpublishAll → PUT tenants → delete 204', async () => {
    const created = await kit.call('POST', `${API}/${collection}`, { bearer: admin, body: { name: `Lifecycle ${collection}`, description: 'd' } });
    expect(created.status).toBe(201);
    expect(created.headers.location).toBe(`${kit.emulator.url}${API}/${collection}/${created.body.id}`);
    const item = `${API}/${collection}/${created.body.id}`;

    const added = await kit.call('POST', `${item}/rights`, { bearer: admin, body: { values: [right('Organization: View')] } });
    expect(added.status).toBe(200);
    expect(added.body.values).toEqual([right('Organization: View')]);
    const replaced = await kit.call('PUT', `${item}/rights`, { bearer: admin, body: { values: [right('vApp: Delete'), right('Organization: View')] } });
    expect(replaced.body.values.map((r: { name: string }) => r.name).sort()).toEqual(['Organization: View', 'vApp: Delete']);

    const published = await kit.call('POST', `${item}/tenants/publish`, { bearer: admin, body: { values: [ref('acme')] } });
    expect({ status: published.status, values: published.body.values }).toEqual({ status: 200, values: [ref('acme')] });
    expect((await kit.get(`${item}/tenants`, admin)).body.values).toEqual([ref('acme')]);
    const unpublished = await kit.call('POST', `${item}/tenants/unpublish`, { bearer: admin, body: { values: [ref('acme')] } });
    expect(unpublished.body.values).toEqual([]);

    const all = await kit.call('POST', `${item}/tenants/publishAll`, { bearer: admin, body: {} });
    expect(all.body.values).toEqual([ref('acme'), ref('globex'), ref('initech')]);
    expect((await kit.get(item, admin)).body.publishAll).toBe(true);
    const none = await kit.call('POST', `${item}/tenants/unpublishAll`, { bearer: admin, body: {} });
    expect(none.body.values).toEqual([]);
    expect((await kit.get(item, admin)).body.publishAll).toBe(false);

    const set = await kit.call('PUT', `${item}/tenants`, { bearer: admin, body: { values: [ref('globex'), ref('initech')] } });
    expect(set.body.values).toEqual([ref('globex'), ref('initech')]);

    const deleted = await kit.call('DELETE', item, { bearer: admin });
    expect([deleted.status, deleted.text]).toEqual([204, '']);
    expectForbidden(await kit.get(item, admin));
  });

  test('publishing to an organization that does not exist is 403 (VCD\'s missing-entity answer) and changes nothing', async () => {
    const created = await kit.call('POST', `${API}/${collection}`, { bearer: admin, body: { name: `Missing org ${collection}` } });
    const item = `${API}/${collection}/${created.body.id}`;
    await kit.call('POST', `${item}/tenants/publish`, { bearer: admin, body: { values: [ref('acme')] } });
    for (const [method, path] of [['POST', 'tenants/publish'], ['POST', 'tenants/unpublish'], ['PUT', 'tenants']] as const) {
      // One real org and one that does not exist: all or nothing.
      const res = await kit.call(method, `${item}/${path}`, { bearer: admin, body: { values: [ref('globex'), { id: MISSING_ORG }] } });
      expectForbidden(res);
      expect(res.body.message).toContain(MISSING_ORG);
      expect((await kit.get(`${item}/tenants`, admin)).body.values).toEqual([ref('acme')]);
    }
    expectForbidden(await kit.call('POST', `${item}/tenants/publish`, { bearer: admin, body: { values: [{ name: 'no-such-org' }] } }));
    // The System org is not a tenant: a bad request, not a missing entity.
    expect((await kit.call('POST', `${item}/tenants/publish`, { bearer: admin, body: { values: [ref('System')] } })).status).toBe(400);
  });

  test('an unknown item is 403 for every operation', async () => {
    const unknown = `${API}/${collection}/urn:vcloud:${collection === 'rightsBundles' ? 'rightsBundle' : 'globalRole'}:00000000-0000-4000-8000-000000000000`;
    for (const [method, path, body] of [
      ['GET', '', undefined], ['PUT', '', { name: 'x' }], ['DELETE', '', undefined], ['POST', '/rights', { values: [] }],
      ['POST', '/tenants/publish', { values: [ref('acme')] }], ['POST', '/tenants/publishAll', {}],
    ] as const) {
      expectForbidden(await kit.call(method, `${unknown}${path}`, { bearer: admin, body }));
    }
  });
});

describe('published global roles in the tenant\'s roles', () => {
  const roleNames = async (bearer: string) => (await kit.get(`${API}/roles?pageSize=128`, bearer)).body.values.map((r: { name: string }) => r.name).sort();

  test('listed read-only while published, assignable to users, gone when unpublished', async () => {
    const created = await kit.call('POST', `${API}/globalRoles`, { bearer: admin, body: { name: 'Network Operator', description: 'from the provider' } });
    const item = `${API}/globalRoles/${created.body.id}`;
    await kit.call('PUT', `${item}/rights`, { bearer: admin, body: { values: [right('Organization vDC Network: View Properties'), right('Organization vDC Gateway: View')] } });
    const acme = await kit.login(tenantUser('acme', 'orgadmin'));
    const globex = await kit.login(tenantUser('globex', 'orgadmin'));
    expect(await roleNames(acme)).not.toContain('Network Operator');

    await kit.call('POST', `${item}/tenants/publish`, { bearer: admin, body: { values: [ref('acme')] } });
    expect(await roleNames(acme)).toEqual(expect.arrayContaining(['Network Operator', 'Organization Administrator', 'Token Automation']));
    expect(await roleNames(globex)).not.toContain('Network Operator');
    const listed = (await kit.get(`${API}/roles?filter=name==Network%20Operator`, acme)).body.values;
    expect(listed).toEqual([{ name: 'Network Operator', id: expect.stringMatching(/^urn:vcloud:role:/), description: 'from the provider', bundleKey: 'com.vmware.vcloud.undefined.key', readOnly: true }]);
    const roleId = listed[0].id as string;
    expect(roleId).not.toBe(created.body.id);
    expect((await kit.get(`${API}/roles/${roleId}`, acme)).body.readOnly).toBe(true);
    expect((await kit.get(`${API}/roles/${roleId}/rights`, acme)).body.values.map((r: { name: string }) => r.name).sort()).toEqual([
      'Organization vDC Gateway: View',
      'Organization vDC Network: View Properties',
    ]);
    expectForbidden(await kit.get(`${API}/roles/${roleId}`, globex));

    // Read-only for the tenant: no rename, no rights change, no delete.
    for (const [method, path, body] of [['PUT', '', { name: 'Mine Now' }], ['PUT', '/rights', { values: [] }], ['DELETE', '', undefined]] as const) {
      const res = await kit.call(method, `${API}/roles/${roleId}${path}`, { bearer: acme, body });
      expect([res.status, res.body.minorErrorCode]).toEqual([400, 'READ_ONLY']);
    }

    // Tenants assign it to users; the user then holds its rights (within the org's bundles).
    const user = await kit.call('POST', `${API}/users`, { bearer: acme, body: { username: 'netops', password: 'Net-Ops-Pass-1', roleEntityRefs: [{ id: roleId }] } });
    expect(user.status).toBe(201);
    expect(user.body.roleEntityRefs).toEqual([{ name: 'Network Operator', id: roleId }]);
    expect(world().hasRight(user.body.id, 'Organization vDC Gateway: View')).toBe(true);
    const session = await kit.login({ user: 'netops', org: 'acme', password: 'Net-Ops-Pass-1' });
    expect((await kit.get(`${API}/sessions/current`, session)).body.roles).toEqual(['Network Operator']);

    // While a user holds it, it cannot be unpublished from that org (nor the global role deleted).
    const busy = await kit.call('POST', `${item}/tenants/unpublish`, { bearer: admin, body: { values: [ref('acme')] } });
    expect([busy.status, busy.body.minorErrorCode]).toEqual([400, 'BUSY_ENTITY']);
    expect((await kit.call('DELETE', item, { bearer: admin })).status).toBe(400);
    const tokenAutomation = world().findRole(org('acme').id, 'Token Automation')!.id;
    await kit.call('PUT', `${API}/users/${user.body.id}`, { bearer: acme, body: { roleEntityRefs: [{ id: tokenAutomation }] } });

    const unpublished = await kit.call('POST', `${item}/tenants/unpublish`, { bearer: admin, body: { values: [ref('acme')] } });
    expect(unpublished.status).toBe(200);
    expect(await roleNames(acme)).not.toContain('Network Operator');
    expectForbidden(await kit.get(`${API}/roles/${roleId}`, acme));
  });

  test('publishAll shows it in every tenant; the provider sees it through the tenant-context header; unpublishAll removes it', async () => {
    const created = await kit.call('POST', `${API}/globalRoles`, { bearer: admin, body: { name: 'Everyone Reader' } });
    const item = `${API}/globalRoles/${created.body.id}`;
    await kit.call('POST', `${item}/tenants/publishAll`, { bearer: admin, body: {} });
    for (const tenant of ['acme', 'globex', 'initech']) {
      expect(await roleNames(await kit.login(tenantUser(tenant, 'orgadmin')))).toContain('Everyone Reader');
      const asProvider = await kit.get(`${API}/roles`, admin, { 'X-VMWARE-VCLOUD-TENANT-CONTEXT': org(tenant).id });
      expect(asProvider.body.values.map((r: { name: string }) => r.name)).toContain('Everyone Reader');
    }
    // Not in the System org's own roles: global roles are published to tenants only.
    expect(await roleNames(admin)).toEqual(['System Administrator']);
    await kit.call('POST', `${item}/tenants/unpublishAll`, { bearer: admin, body: {} });
    expect(await roleNames(await kit.login(tenantUser('acme', 'orgadmin')))).not.toContain('Everyone Reader');
  });
});
