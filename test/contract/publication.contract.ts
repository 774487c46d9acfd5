// Rights-bundle and global-role publication as a provider manages it, and what the tenant then sees: a published
// global role is listed read-only among the tenant's roles and disappears when unpublished.
import { checkModel, checkReferences } from '../../src/emulator/models/model-check';
import { expectRemoved } from './support/cleanup';
import { forEachTarget } from './support/contract-suite';
import type { RawAnswer } from './support/raw-vcd';
import { uniqueName } from './support/targets';

const NO_SUCH_ORG = 'urn:vcloud:org:00000000-0000-4000-8000-00000000dead';

forEachTarget((ctx) => {
  let admin: string;
  let tenantBearer: string;
  let tenantOrg: { name: string; id: string };

  beforeAll(async () => {
    const { vcd, sysadmin, tenant } = ctx();
    admin = await vcd.login(sysadmin);
    tenantBearer = await vcd.login(tenant);
    tenantOrg = (await vcd.cloudapi('GET', '/sessions/current', tenantBearer)).body.org;
  });

  const create = async (collection: 'rightsBundles' | 'globalRoles'): Promise<RawAnswer> => {
    const { vcd, cleanup } = ctx();
    const name = uniqueName(collection);
    const res = await vcd.cloudapi('POST', `/${collection}`, admin, { name, description: 'vcd-api-tokens contract suite' });
    if (res.status === 201 || res.status === 200) {
      cleanup.add(`${collection} ${res.body.id} (${name})`, async () => expectRemoved(await vcd.cloudapi('DELETE', `/${collection}/${res.body.id}`, admin), [204, 403], name));
    }
    return res;
  };

  test.each(['rightsBundles', 'globalRoles'] as const)('%s: create 201, publish, list tenants, unpublish, delete 204', async (collection) => {
    const { vcd } = ctx();
    const created = await create(collection);
    expect(created.status).toBe(201);
    expect(checkModel(collection === 'rightsBundles' ? 'RightsBundle' : 'GlobalRole', vcd.apiVersion, created.body)).toEqual([]);
    const item = `/${collection}/${created.body.id}`;
    const published = await vcd.cloudapi('POST', `${item}/tenants/publish`, admin, { values: [tenantOrg] });
    expect(published.status).toBe(200);
    const tenants = await vcd.cloudapi('GET', `${item}/tenants`, admin);
    expect(tenants.body.values.map((t: { id: string }) => t.id)).toEqual([tenantOrg.id]);
    expect(checkReferences(vcd.apiVersion, tenants.body)).toEqual([]);
    expect((await vcd.cloudapi('POST', `${item}/tenants/unpublish`, admin, { values: [tenantOrg] })).status).toBe(200);
    expect((await vcd.cloudapi('GET', `${item}/tenants`, admin)).body.values).toEqual([]);
    expect((await vcd.cloudapi('DELETE', item, admin)).status).toBe(204);
    expect((await vcd.cloudapi('GET', item, admin)).status).toBe(403);
  });

  test.each(['rightsBundles', 'globalRoles'] as const)('%s: publishing to an org that does not exist is refused (4xx) and changes nothing', async (collection) => {
    const { vcd } = ctx();
    const created = await create(collection);
    const item = `/${collection}/${created.body.id}`;
    const res = await vcd.cloudapi('POST', `${item}/tenants/publish`, admin, { values: [{ id: NO_SUCH_ORG }] });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect((await vcd.cloudapi('GET', `${item}/tenants`, admin)).body.values).toEqual([]);
  });

  test('a global role published to the tenant is listed read-only among its roles, and gone when unpublished', async () => {
    const { vcd } = ctx();
    const created = await create('globalRoles');
    const item = `/globalRoles/${created.body.id}`;
    const rolesNamed = async () =>
      (await vcd.cloudapi('GET', `/roles?filter=${encodeURIComponent(`name==${created.body.name}`)}`, tenantBearer)).body.values as { name: string; readOnly: boolean }[];
    expect(await rolesNamed()).toEqual([]);
    await vcd.cloudapi('POST', `${item}/tenants/publish`, admin, { values: [tenantOrg] });
    const listed = await rolesNamed();
    expect(listed).toEqual([expect.objectContaining({ name: created.body.name, readOnly: true })]);
    expect(checkModel('Role', vcd.apiVersion, listed[0])).toEqual([]);
    await vcd.cloudapi('POST', `${item}/tenants/unpublish`, admin, { values: [tenantOrg] });
    expect(await rolesNamed()).toEqual([]);
  });

  test('a tenant session cannot change publication (403)', async () => {
    const { vcd } = ctx();
    const created = await create('rightsBundles');
    const res = await vcd.cloudapi('POST', `/rightsBundles/${created.body.id}/tenants/publishAll`, tenantBearer, {});
    expect(res.status).toBe(403);
    expect((await vcd.cloudapi('GET', `/rightsBundles/${created.body.id}`, admin)).body.publishAll).toBe(false);
  });
});
