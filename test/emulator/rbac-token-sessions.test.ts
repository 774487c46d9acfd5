// Sessions made from an API token are view-only on users, roles, global roles and rights bundles, and cannot
// manage users or change passwords (docs/vcd-protocol.md#token-session-restrictions): every modifying call is 403
// in VCD's error shape and leaves the world untouched, while reads keep working.
import { API, expectForbidden, RbacKit, SYS_ADMIN, tenantUser, type JsonResponse } from './rbac-test-kit';

let kit: RbacKit;
let tenantToken: string;
let providerToken: string;
beforeAll(async () => {
  kit = await RbacKit.start();
  tenantToken = await kit.apiTokenSession(tenantUser('acme', 'orgadmin'), 'acme-admin-ci');
  providerToken = await kit.apiTokenSession(SYS_ADMIN, 'provider-ci');
});
afterAll(() => kit.close());

const world = () => kit.emulator.world;
const org = (name: string) => world().findOrgByName(name)!;
const bundle = (name: string) => [...world().rightsBundles.values()].find((b) => b.name === name)!;
const globalRole = (name: string) => [...world().globalRoles.values()].find((g) => g.name === name)!;

/** Everything except tokens (creating the token sessions adds tokens). */
function rbacState(): unknown {
  const { tokens: _tokens, ...rest } = world().toJSON();
  return rest;
}

type Call = readonly [method: string, path: string, body?: unknown];

function providerCalls(): Call[] {
  const b = bundle('API Tokens').id;
  const g = globalRole('Token Automation').id;
  const right = { values: [{ id: world().findRightByName('Organization: View')!.id }] };
  const tenants = { values: [{ id: org('initech').id }] };
  const calls: Call[] = [];
  for (const [collection, id] of [['rightsBundles', b], ['globalRoles', g]] as const) {
    calls.push(
      ['POST', `${API}/${collection}`, { name: 'new' }],
      ['PUT', `${API}/${collection}/${id}`, { name: 'renamed' }],
      ['DELETE', `${API}/${collection}/${id}`],
      ['POST', `${API}/${collection}/${id}/rights`, right],
      ['PUT', `${API}/${collection}/${id}/rights`, right],
      ['PUT', `${API}/${collection}/${id}/tenants`, tenants],
      ['POST', `${API}/${collection}/${id}/tenants/publish`, tenants],
      ['POST', `${API}/${collection}/${id}/tenants/unpublish`, tenants],
      ['POST', `${API}/${collection}/${id}/tenants/publishAll`, {}],
      ['POST', `${API}/${collection}/${id}/tenants/unpublishAll`, {}],
    );
  }
  return calls;
}

function tenantCalls(): Call[] {
  const acme = org('acme').id;
  const role = world().findRole(acme, 'Token Automation')!.id;
  const self = world().findUser(acme, 'orgadmin')!.id;
  const other = world().findUser(acme, 'automation')!.id;
  const right = { values: [{ id: world().findRightByName('Organization: View')!.id }] };
  return [
    ['POST', `${API}/roles`, { name: 'From Token' }],
    ['PUT', `${API}/roles/${role}`, { name: 'renamed' }],
    ['DELETE', `${API}/roles/${role}`],
    ['POST', `${API}/roles/${role}/rights`, right],
    ['PUT', `${API}/roles/${role}/rights`, right],
    ['POST', `${API}/users`, { username: 'made-by-token', password: 'Token-Made-1', roleEntityRef: { id: role } }],
    ['PUT', `${API}/users/${self}`, { password: 'Own-Change-1' }],
    ['PUT', `${API}/users/${other}`, { password: 'Other-Change-1' }],
    ['PUT', `${API}/users/${other}`, { enabled: false }],
    ['DELETE', `${API}/users/${other}`],
  ];
}

async function send(bearer: string, [method, path, body]: Call): Promise<JsonResponse> {
  return kit.call(method, path, { bearer, body });
}

test('a tenant admin\'s API-token session gets 403 on every modifying call and changes nothing', async () => {
  const before = rbacState();
  for (const call of [...tenantCalls(), ...providerCalls()]) {
    const res = await send(tenantToken, call);
    try {
      expectForbidden(res);
    } catch (err) {
      throw new Error(`${call[0]} ${call[1]}: ${res.status} ${res.text}`);
    }
  }
  expect(rbacState()).toEqual(before);
  expect(await kit.loginStatus({ user: 'orgadmin', org: 'acme', password: 'vcd-emulator-demo' })).toBe(200);
});

test('the System administrator\'s API-token session is view-only too', async () => {
  const before = rbacState();
  const tenantContext = { 'X-VMWARE-VCLOUD-TENANT-CONTEXT': org('acme').id };
  for (const call of providerCalls()) expectForbidden(await send(providerToken, call));
  for (const [method, path, body] of tenantCalls()) {
    expectForbidden(await kit.call(method, path, { bearer: providerToken, body, headers: tenantContext }));
  }
  expect(rbacState()).toEqual(before);
});

test('the same calls succeed from a password session (the refusal is about the session kind)', async () => {
  const password = await kit.login(tenantUser('acme', 'orgadmin'));
  const created = await kit.call('POST', `${API}/roles`, { bearer: password, body: { name: 'From Password' } });
  expect(created.status).toBe(201);
  const fromToken = await kit.call('POST', `${API}/roles`, { bearer: tenantToken, body: { name: 'From Password 2' } });
  expectForbidden(fromToken);
  expect(fromToken.body.message).toMatch(/API token/);
});

test('reads still work from API-token sessions', async () => {
  for (const path of ['/rights', '/rightsBundles', '/globalRoles', '/roles', '/users', '/orgs']) {
    expect({ path, status: (await kit.get(`${API}${path}`, tenantToken)).status }).toEqual({ path, status: 200 });
    expect({ path, status: (await kit.get(`${API}${path}`, providerToken)).status }).toEqual({ path, status: 200 });
  }
  const roleId = world().findUser(org('acme').id, 'orgadmin')!.roleId;
  const rights = await kit.get(`${API}/roles/${roleId}/rights?pageSize=128`, tenantToken);
  expect(rights.body.values.map((r: any) => r.name)).toContain('API Tokens: Manage All');
});
