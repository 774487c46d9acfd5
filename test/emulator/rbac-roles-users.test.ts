// Roles, users and orgs over real HTTPS: org scoping, the tenant-context header, the "own role" preflight
// rule, role CRUD limited to published rights, and user management including password changes.
import { hashPassword } from '../../src/emulator/world';
import { allPages, API, expectForbidden, RbacKit, SYS_ADMIN, tenantUser } from './rbac-test-kit';

let kit: RbacKit;
let admin: string;
beforeAll(async () => {
  kit = await RbacKit.start();
  admin = await kit.login(SYS_ADMIN);
});
afterAll(() => kit.close());

const world = () => kit.emulator.world;
const org = (name: string) => world().findOrgByName(name)!;
const uuidOf = (urn: string) => urn.slice(urn.lastIndexOf(':') + 1);

describe('/roles', () => {
  test('tenants list their own org roles; the provider reaches a tenant with the tenant-context header', async () => {
    const acme = await kit.login(tenantUser('acme', 'orgadmin'));
    const own = await kit.get(`${API}/roles`, acme);
    expect(own.body.values.map((r: any) => r.name).sort()).toEqual(['Organization Administrator', 'Token Automation']);
    expect(own.body.values[0]).toEqual({ id: expect.stringMatching(/^urn:vcloud:role:/), name: expect.any(String), description: expect.any(String), bundleKey: expect.any(String), readOnly: false });

    const providerOwn = await kit.get(`${API}/roles`, admin);
    expect(providerOwn.body.values.map((r: any) => r.name)).toEqual(['System Administrator']);
    for (const header of [uuidOf(org('globex').id), org('globex').id]) {
      const inGlobex = await kit.get(`${API}/roles`, admin, { 'X-VMWARE-VCLOUD-TENANT-CONTEXT': header });
      expect(inGlobex.status).toBe(200);
      expect(inGlobex.body.values.map((r: any) => r.name).sort()).toEqual(['Organization Administrator', 'Token Automation']);
    }
    expectForbidden(await kit.get(`${API}/roles`, acme, { 'X-VMWARE-VCLOUD-TENANT-CONTEXT': uuidOf(org('globex').id) }));
    expectForbidden(await kit.get(`${API}/roles`, admin, { 'X-VMWARE-VCLOUD-TENANT-CONTEXT': '00000000-0000-0000-0000-000000000000' }));
  });

  test('another org\'s role is 403, as is an unknown role id', async () => {
    const acme = await kit.login(tenantUser('acme', 'orgadmin'));
    const globexRole = world().findRole(org('globex').id, 'Token Automation')!;
    expectForbidden(await kit.get(`${API}/roles/${globexRole.id}`, acme));
    expectForbidden(await kit.get(`${API}/roles/${globexRole.id}/rights`, acme));
    expectForbidden(await kit.get(`${API}/roles/urn:vcloud:role:00000000-0000-0000-0000-000000000000`, admin));
    expect((await kit.get(`${API}/roles/${globexRole.id}`, admin)).status).toBe(200);
  });

  test('preflight: initech automation sees its role has the token right while no visible bundle has it', async () => {
    const initech = await kit.login(tenantUser('initech', 'automation'));
    const roleId = world().findUser(org('initech').id, 'automation')!.roleId;
    const roleRights = await allPages(kit, `${API}/roles/${roleId}/rights`, initech);
    expect(roleRights.values.map((r) => r.name)).toContain('API Tokens: Manage');
    const bundles = (await kit.get(`${API}/rightsBundles`, initech)).body.values;
    for (const bundle of bundles) {
      const rights = await allPages(kit, `${API}/rightsBundles/${bundle.id}/rights`, initech);
      expect(rights.values.map((r) => r.name)).not.toContain('API Tokens: Manage');
    }
  });

  test('without "Role: View" a user still sees its own role (and only it)', async () => {
    const w = world();
    const acme = org('acme');
    const role = w.addRole({ name: 'Viewer', orgId: acme.id, rightIds: w.rightIdsByNames(['Organization: View']) });
    w.addUser({ name: 'viewer', orgId: acme.id, roleId: role.id, passwordHash: hashPassword('viewer-pass') });
    const viewer = await kit.login({ user: 'viewer', org: 'acme', password: 'viewer-pass' });
    expect((await kit.get(`${API}/roles`, viewer)).body.values.map((r: any) => r.name)).toEqual(['Viewer']);
    expect((await kit.get(`${API}/roles/${role.id}/rights`, viewer)).body.values.map((r: any) => r.name)).toEqual(['Organization: View']);
    expectForbidden(await kit.get(`${API}/roles/${w.findRole(acme.id, 'Token Automation')!.id}`, viewer));
    expectForbidden(await kit.call('POST', `${API}/roles`, { bearer: viewer, body: { name: 'Escalate' } }));
  });

  test('role lifecycle for a tenant admin; rights limited to what is published to the org', async () => {
    const acme = await kit.login(tenantUser('acme', 'orgadmin'));
    const created = await kit.call('POST', `${API}/roles`, { bearer: acme, body: { name: 'Deployer', description: 'deploys' } });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(world().roles.get(id)?.orgId).toBe(org('acme').id);
    const manage = world().findRightByName('API Tokens: Manage')!;
    const added = await kit.call('POST', `${API}/roles/${id}/rights`, { bearer: acme, body: { values: [{ name: manage.name, id: manage.id }] } });
    expect(added.status).toBe(200);
    expect(added.body.values).toEqual([{ name: manage.name, id: manage.id }]);
    const providerOnly = world().findRightByName('Provider vDC: View')!;
    const refused = await kit.call('PUT', `${API}/roles/${id}/rights`, { bearer: acme, body: { values: [{ id: providerOnly.id }] } });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toContain('Provider vDC: View');
    expect(world().roles.get(id)!.rightIds).toEqual([manage.id]);
    expect((await kit.call('PUT', `${API}/roles/${id}`, { bearer: acme, body: { id, name: 'Deployer 2' } })).body.name).toBe('Deployer 2');
    expect((await kit.call('DELETE', `${API}/roles/${id}`, { bearer: acme })).status).toBe(204);
    expectForbidden(await kit.get(`${API}/roles/${id}`, acme));
  });

  test('a role in use or a read-only role cannot be deleted; another org\'s role cannot be edited', async () => {
    const acme = await kit.login(tenantUser('acme', 'orgadmin'));
    const inUse = await kit.call('DELETE', `${API}/roles/${world().findRole(org('acme').id, 'Token Automation')!.id}`, { bearer: acme });
    expect(inUse.status).toBe(400);
    expect(inUse.body.minorErrorCode).toBe('BUSY_ENTITY');
    const sysRole = world().findRole(org('System').id, 'System Administrator')!;
    expect((await kit.call('PUT', `${API}/roles/${sysRole.id}`, { bearer: admin, body: { name: 'Root' } })).status).toBe(400);
    expectForbidden(await kit.call('PUT', `${API}/roles/${world().findRole(org('globex').id, 'Token Automation')!.id}`, { bearer: acme, body: { name: 'x' } }));
  });
});

describe('/users', () => {
  test('listing is org-scoped and never shows passwords', async () => {
    const acme = await kit.login(tenantUser('acme', 'automation'));
    const res = await kit.get(`${API}/users`, acme);
    expect(res.status).toBe(200);
    expect(res.body.values.map((u: any) => u.username)).toEqual(expect.arrayContaining(['orgadmin', 'automation']));
    for (const user of res.body.values) {
      expect(user.orgEntityRef.name).toBe('acme');
      expect(user.password).toBeNull();
    }
    expect(res.text).not.toContain('scrypt');
    const filtered = await kit.get(`${API}/users?filter=username==orgadmin`, acme);
    expect(filtered.body.values.map((u: any) => u.username)).toEqual(['orgadmin']);
    const globexUser = world().findUser(org('globex').id, 'orgadmin')!;
    expectForbidden(await kit.get(`${API}/users/${globexUser.id}`, acme));
  });

  test('a tenant admin creates a user, changes its password and role, and deletes it', async () => {
    const acme = await kit.login(tenantUser('acme', 'orgadmin'));
    const role = world().findRole(org('acme').id, 'Token Automation')!;
    const created = await kit.call('POST', `${API}/users`, { bearer: acme, body: { username: 'deployer', password: 'First-Pass-123', roleEntityRefs: [{ id: role.id }], enabled: true } });
    expect(created.status).toBe(201);
    expect(created.text).not.toContain('First-Pass-123');
    const id = created.body.id as string;
    expect(created.body).toMatchObject({ username: 'deployer', roleEntityRefs: [{ name: 'Token Automation', id: role.id }], orgEntityRef: { name: 'acme' }, enabled: true, password: null });
    expect(await kit.loginStatus({ user: 'deployer', org: 'acme', password: 'First-Pass-123' })).toBe(200);

    const changed = await kit.call('PUT', `${API}/users/${id}`, { bearer: acme, body: { id, username: 'deployer', password: 'Second-Pass-456' } });
    expect(changed.status).toBe(200);
    expect(changed.text).not.toContain('Second-Pass-456');
    expect(await kit.loginStatus({ user: 'deployer', org: 'acme', password: 'First-Pass-123' })).toBe(401);
    expect(await kit.loginStatus({ user: 'deployer', org: 'acme', password: 'Second-Pass-456' })).toBe(200);

    const adminRole = world().findRole(org('acme').id, 'Organization Administrator')!;
    const promoted = await kit.call('PUT', `${API}/users/${id}`, { bearer: acme, body: { roleEntityRef: { id: adminRole.id } } });
    expect(promoted.body.roleEntityRefs).toEqual([{ name: 'Organization Administrator', id: adminRole.id }]);

    expect((await kit.call('DELETE', `${API}/users/${id}`, { bearer: acme })).status).toBe(204);
    expect(await kit.loginStatus({ user: 'deployer', org: 'acme', password: 'Second-Pass-456' })).toBe(401);
    expectForbidden(await kit.get(`${API}/users/${id}`, acme));
  });

  test('bad user bodies are 400 and never echo the password', async () => {
    const acme = await kit.login(tenantUser('acme', 'orgadmin'));
    const globexRole = world().findRole(org('globex').id, 'Token Automation')!;
    const wrongOrgRole = await kit.call('POST', `${API}/users`, { bearer: acme, body: { username: 'x', password: 'Leak-Me-Not-1', roleEntityRef: { id: globexRole.id } } });
    expect(wrongOrgRole.status).toBe(400);
    expect(wrongOrgRole.text).not.toContain('Leak-Me-Not-1');
    const numeric = await kit.call('POST', `${API}/users`, { bearer: acme, body: { username: 'x', password: 31415926535, roleEntityRef: { id: globexRole.id } } });
    expect(numeric.status).toBe(400);
    expect(numeric.text).not.toContain('31415926535');
    const noPassword = await kit.call('POST', `${API}/users`, { bearer: acme, body: { username: 'x', roleEntityRef: { name: 'Token Automation' } } });
    expect(noPassword.status).toBe(400);
    const duplicate = await kit.call('POST', `${API}/users`, { bearer: acme, body: { username: 'ORGADMIN', password: 'p-1', roleEntityRef: { name: 'Token Automation' } } });
    expect(duplicate.body.minorErrorCode).toBe('DUPLICATE_NAME');
  });

  test('users without the edit right may change only their own password', async () => {
    const automation = await kit.login(tenantUser('globex', 'automation'));
    const self = world().findUser(org('globex').id, 'automation')!;
    const other = world().findUser(org('globex').id, 'orgadmin')!;
    expectForbidden(await kit.call('PUT', `${API}/users/${other.id}`, { bearer: automation, body: { password: 'Take-Over-1' } }));
    expectForbidden(await kit.call('PUT', `${API}/users/${self.id}`, { bearer: automation, body: { enabled: false } }));
    expectForbidden(await kit.call('POST', `${API}/users`, { bearer: automation, body: { username: 'y', password: 'p-2', roleEntityRef: { name: 'Token Automation' } } }));
    expectForbidden(await kit.call('DELETE', `${API}/users/${other.id}`, { bearer: automation }));
    expect((await kit.call('PUT', `${API}/users/${self.id}`, { bearer: automation, body: { password: 'Own-New-Pass-1' } })).status).toBe(200);
    expect(await kit.loginStatus({ user: 'automation', org: 'globex', password: 'Own-New-Pass-1' })).toBe(200);
  });

  test('deleting a user ends its password and API-token sessions and removes its tokens', async () => {
    const acme = org('acme');
    const role = world().findRole(acme.id, 'Organization Administrator')!;
    const adminBearer = await kit.login(tenantUser('acme', 'orgadmin'));
    const created = await kit.call('POST', `${API}/users`, { bearer: adminBearer, body: { username: 'leaver', password: 'Leaver-Pass-1', roleEntityRef: { id: role.id } } });
    expect(created.status).toBe(201);
    const leaver = { user: 'leaver', org: 'acme', password: 'Leaver-Pass-1' };
    const passwordBearer = await kit.login(leaver);
    const tokenBearer = await kit.apiTokenSession(leaver, 'leaver-ci');
    expect(world().tokensOwnedBy(created.body.id)).toHaveLength(1);
    expect((await kit.get(`${API}/sessions/current`, tokenBearer)).status).toBe(200);
    expect((await kit.call('DELETE', `${API}/users/${created.body.id}`, { bearer: adminBearer })).status).toBe(204);
    expect(world().tokensOwnedBy(created.body.id)).toHaveLength(0);
    expect((await kit.get(`${API}/sessions/current`, passwordBearer)).status).toBe(401);
    expect((await kit.get(`${API}/sessions/current`, tokenBearer)).status).toBe(401);
  });

  test('the provider manages tenant users through the tenant-context header', async () => {
    const initech = org('initech');
    const role = world().findRole(initech.id, 'Token Automation')!;
    const created = await kit.call('POST', `${API}/users`, { bearer: admin, headers: { 'X-VMWARE-VCLOUD-TENANT-CONTEXT': uuidOf(initech.id) }, body: { username: 'pipeline', password: 'Pipe-Pass-1', roleEntityRef: { id: role.id } } });
    expect(created.status).toBe(201);
    expect(created.body.orgEntityRef).toEqual({ name: 'initech', id: initech.id });
    const listed = await kit.get(`${API}/users`, admin, { 'X-VMWARE-VCLOUD-TENANT-CONTEXT': initech.id });
    expect(listed.body.values.map((u: any) => u.username).sort()).toEqual(['automation', 'orgadmin', 'pipeline']);
  });
});

describe('/orgs', () => {
  test('the provider sees every org, a tenant only its own', async () => {
    const all = await kit.get(`${API}/orgs`, admin);
    expect(all.body.values.map((o: any) => o.name)).toEqual(['System', 'acme', 'globex', 'initech']);
    const acme = await kit.login(tenantUser('acme', 'orgadmin'));
    const own = await kit.get(`${API}/orgs`, acme);
    expect(own.body.values.map((o: any) => o.name)).toEqual(['acme']);
    expect(own.body.values[0]).toMatchObject({ id: org('acme').id, displayName: 'Acme Corp', userCount: world().usersOfOrg(org('acme').id).length });
    expect(own.body.values[0]).not.toHaveProperty('managedBy'); // not in any public Org model up to 37.2
    expectForbidden(await kit.get(`${API}/orgs/${org('globex').id}`, acme));
    expect((await kit.get(`${API}/orgs/${org('globex').id}`, admin)).body.name).toBe('globex');
    const page = await kit.get(`${API}/orgs?pageSize=2&page=2`, admin);
    expect(page.body).toMatchObject({ page: 2, pageCount: 2, resultTotal: 4 });
    expect(page.body.values.map((o: any) => o.name)).toEqual(['globex', 'initech']);
  });
});
