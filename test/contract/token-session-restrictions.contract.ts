// What a session made from an API token may not do: manage users, create tokens, see other tokens, or change
// roles, global roles and rights bundles (reads keep working). Every refused change is checked to have changed
// nothing; anything a misbehaving VCD creates anyway is removed after the run.
import { expectRemoved } from './support/cleanup';
import { forEachTarget } from './support/contract-suite';
import { JWT_BEARER_GRANT, type RawAnswer } from './support/raw-vcd';
import { uniqueName } from './support/targets';

const expectForbidden = (res: RawAnswer): void => {
  expect({ status: res.status, code: res.body?.minorErrorCode }).toEqual({ status: 403, code: expect.any(String) });
};

forEachTarget((ctx) => {
  let tenantPassword: string;
  let adminPassword: string;
  let tenantTokenSession: string;
  let adminTokenSession: string;
  let ownToken: { id: string };
  let siblingToken: { id: string };
  let adminToken: { id: string };

  beforeAll(async () => {
    const { vcd, tenant, sysadmin, cleanup } = ctx();
    tenantPassword = await vcd.login(tenant);
    adminPassword = await vcd.login(sysadmin);
    const track = (id: string, name: string) =>
      cleanup.add(`API token ${id} (${name})`, async () => expectRemoved(await vcd.cloudapi('DELETE', `/tokens/${id}`, adminPassword), [204, 403], name));
    const ownName = uniqueName('restricted');
    const own = await vcd.createApiToken(tenantPassword, tenant.org, ownName);
    track(own.id, ownName);
    const siblingName = uniqueName('sibling');
    siblingToken = await vcd.createApiToken(tenantPassword, tenant.org, siblingName);
    track(siblingToken.id, siblingName);
    const adminName = uniqueName('provider');
    const admin = await vcd.createApiToken(adminPassword, 'System', adminName);
    track(admin.id, adminName);
    ownToken = own;
    adminToken = admin;
    tenantTokenSession = await vcd.exchange(tenant.org, own.refreshToken);
    adminTokenSession = await vcd.exchange('System', admin.refreshToken);
  });

  test('no token creation: register is 403, and a token session is no jwt-bearer assertion', async () => {
    const { vcd, tenant } = ctx();
    const registered = await vcd.register(tenantTokenSession, tenant.org, { client_name: uniqueName('from-token') });
    expectForbidden(registered);
    // A password session's client, asserted with the token session: refused (4xx), no token issued.
    const client = await vcd.register(tenantPassword, tenant.org, { client_name: uniqueName('asserted') });
    const clientId = client.body.client_id as string;
    ctx().cleanup.add(`API token urn:vcloud:token:${clientId}`, async () => expectRemoved(await vcd.cloudapi('DELETE', `/tokens/urn:vcloud:token:${clientId}`, adminPassword), [204, 403], clientId));
    const grant = await vcd.token(tenant.org, { grant_type: JWT_BEARER_GRANT, assertion: tenantTokenSession, client_id: clientId });
    expect(grant.status).toBeGreaterThanOrEqual(400);
    expect(grant.status).toBeLessThan(500);
    expect(grant.body?.refresh_token).toBeUndefined();
  });

  test('no seeing other tokens: only its own token is listed or readable', async () => {
    const { vcd } = ctx();
    const list = await vcd.cloudapi('GET', '/tokens?pageSize=128', tenantTokenSession);
    expect(list.status).toBe(200);
    expect(list.body.values.map((t: { id: string }) => t.id)).toEqual([ownToken.id]);
    expect((await vcd.cloudapi('GET', `/tokens/${ownToken.id}`, tenantTokenSession)).status).toBe(200);
    expectForbidden(await vcd.cloudapi('GET', `/tokens/${siblingToken.id}`, tenantTokenSession));
    expectForbidden(await vcd.cloudapi('GET', `/tokens/${adminToken.id}`, tenantTokenSession));
    expectForbidden(await vcd.cloudapi('DELETE', `/tokens/${siblingToken.id}`, tenantTokenSession));
    expect((await vcd.cloudapi('GET', `/tokens/${siblingToken.id}`, tenantPassword)).status).toBe(200);
  });

  test('no user management: creating a user is 403 and creates nobody', async () => {
    const { vcd, cleanup } = ctx();
    const me = (await vcd.cloudapi('GET', '/sessions/current', tenantPassword)).body;
    const username = uniqueName('user');
    const res = await vcd.cloudapi('POST', '/users', tenantTokenSession, { username, password: `P-${uniqueName('pw')}`, roleEntityRefs: [me.roleRefs[0]], enabled: false });
    if (res.status === 201) cleanup.add(`user ${res.body.id} (${username})`, async () => expectRemoved(await vcd.cloudapi('DELETE', `/users/${res.body.id}`, adminPassword), [204], username));
    expectForbidden(res);
    const found = await vcd.cloudapi('GET', `/users?filter=${encodeURIComponent(`username==${username}`)}`, tenantPassword);
    if (found.status === 200) expect(found.body.values).toEqual([]);
  });

  test('roles are read-only: listing works, creating a role is 403', async () => {
    const { vcd, cleanup } = ctx();
    expect((await vcd.cloudapi('GET', '/roles', tenantTokenSession)).status).toBe(200);
    const name = uniqueName('role');
    const res = await vcd.cloudapi('POST', '/roles', tenantTokenSession, { name, description: 'contract suite' });
    if (res.status === 201) cleanup.add(`role ${res.body.id} (${name})`, async () => expectRemoved(await vcd.cloudapi('DELETE', `/roles/${res.body.id}`, adminPassword), [204], name));
    expectForbidden(res);
  });

  test('rights bundles and global roles are read-only for a System-org token session', async () => {
    const { vcd, cleanup } = ctx();
    expect((await vcd.cloudapi('GET', '/rightsBundles', adminTokenSession)).status).toBe(200);
    expect((await vcd.cloudapi('GET', '/globalRoles', adminTokenSession)).status).toBe(200);
    for (const collection of ['rightsBundles', 'globalRoles']) {
      const name = uniqueName(collection);
      const res = await vcd.cloudapi('POST', `/${collection}`, adminTokenSession, { name, description: 'contract suite' });
      if (res.status === 201) cleanup.add(`${collection} ${res.body.id} (${name})`, async () => expectRemoved(await vcd.cloudapi('DELETE', `/${collection}/${res.body.id}`, adminPassword), [204], name));
      expectForbidden(res);
    }
    // Publication of an existing (suite-made) bundle cannot be changed either.
    const name = uniqueName('bundle');
    const bundle = await vcd.cloudapi('POST', '/rightsBundles', adminPassword, { name, description: 'contract suite' });
    expect(bundle.status).toBe(201);
    cleanup.add(`rightsBundle ${bundle.body.id} (${name})`, async () => expectRemoved(await vcd.cloudapi('DELETE', `/rightsBundles/${bundle.body.id}`, adminPassword), [204], name));
    expectForbidden(await vcd.cloudapi('POST', `/rightsBundles/${bundle.body.id}/tenants/publishAll`, adminTokenSession, {}));
    expect((await vcd.cloudapi('GET', `/rightsBundles/${bundle.body.id}`, adminPassword)).body.publishAll).toBe(false);
  });
});
