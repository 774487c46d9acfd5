// Every cloudapi answer of the emulator matches VMware's published model of that entity at the requested API
// version: no unknown field, no missing field, the right JSON types (src/emulator/models/cloudapi-models.ts).
import { CLOUDAPI_MODELS, type CloudapiModelName } from '../../src/emulator/models/cloudapi-models';
import { checkModel, checkPage, checkReferences } from '../../src/emulator/models/model-check';
import { fieldsAt } from '../../src/emulator/models/model-projection';
import { resolveVcdRelease } from '../../src/emulator/versions/vcd-releases';
import { ACME_ADMIN, ADMIN, EmulatorTestKit } from './emulator-test-kit';
import { ServiceAccountClient } from './service-account-test-kit';

const names = (model: CloudapiModelName, version: string) => fieldsAt(model, version).map((field) => field.name);

describe('model facts per API version', () => {
  test('VcdUser: roleEntityRefs (an array) everywhere, never roleEntityRef; locked and stranded from 37.2', () => {
    for (const version of ['35.0', '36.0', '37.2', '39.1']) {
      expect(names('VcdUser', version)).toContain('roleEntityRefs');
      expect(names('VcdUser', version)).not.toContain('roleEntityRef');
    }
    expect(names('VcdUser', '36.1')).not.toEqual(expect.arrayContaining(['locked']));
    expect(names('VcdUser', '37.2')).toEqual(expect.arrayContaining(['locked', 'stranded']));
  });

  test('Org: the counts from 36.0, diskCount from 37.2, no managedBy/canManageOrgs at any served version', () => {
    expect(names('Org', '35.0')).toEqual(['id', 'name', 'displayName', 'description', 'isEnabled']);
    expect(names('Org', '36.0')).toEqual(expect.arrayContaining(['orgVdcCount', 'catalogCount', 'userCount', 'canPublish']));
    expect(names('Org', '36.0')).not.toContain('diskCount');
    expect(names('Org', '37.2')).toContain('diskCount');
    expect(names('Org', '39.1')).not.toEqual(expect.arrayContaining(['managedBy']));
  });

  test('Session gains site at 37.2 and operatingOrg at 39.0; Token and ServiceAccount gain requireRotation at 39.0', () => {
    expect(names('Session', '37.1')).not.toContain('site');
    expect(names('Session', '37.2')).toContain('site');
    expect(names('Session', '38.1')).not.toContain('operatingOrg');
    expect(names('Session', '39.0')).toContain('operatingOrg');
    expect(names('Token', '38.1')).not.toContain('requireRotation');
    expect(names('Token', '39.0')).toContain('requireRotation');
    expect(names('ServiceAccount', '39.0')).toContain('requireRotation');
  });

  test('every field names its evidence and a version the emulator can serve', () => {
    for (const model of Object.values(CLOUDAPI_MODELS)) {
      for (const field of model.fields) {
        expect(field.evidence.length).toBeGreaterThan(3);
        expect(field.since).toMatch(/^3\d\.\d$/);
      }
    }
  });
});

describe('checkModel finds what does not match', () => {
  const role = { name: 'r', id: 'urn:vcloud:role:1', description: '', bundleKey: 'k', readOnly: false };

  test('a matching object has no problems', () => {
    expect(checkModel('Role', '38.0', role)).toEqual([]);
  });

  test('unknown, missing, mistyped and unexpected null fields are each reported', () => {
    const { readOnly: _dropped, ...missing } = role;
    expect(checkModel('Role', '38.0', missing)).toEqual(['Role.readOnly: missing']);
    expect(checkModel('Role', '38.0', { ...role, extra: 1 })).toEqual(['Role.extra: not a field of the model at this version']);
    expect(checkModel('Role', '38.0', { ...role, readOnly: 'no' })).toEqual(['Role.readOnly: expected boolean, got string "no"']);
    expect(checkModel('Role', '38.0', { ...role, name: null })).toEqual(['Role.name: null, expected string']);
  });

  test('nested references and pages are checked too, and a field from a later version is unknown earlier', () => {
    const user = {
      username: 'u', fullName: '', description: '', id: 'urn:vcloud:user:1', roleEntityRefs: [{ name: 'r' }], orgEntityRef: { name: 'o', id: 'x' },
      password: null, deployedVmQuota: 0, storedVmQuota: 0, email: '', nameInSource: null, enabled: true, isGroupRole: false, providerType: 'LOCAL', locked: false, stranded: false,
    };
    expect(checkModel('VcdUser', '37.2', user)).toEqual(['VcdUser.roleEntityRefs[0].id: missing']);
    expect(checkModel('VcdUser', '36.0', { ...user, roleEntityRefs: [] })).toEqual([
      'VcdUser.locked: not a field of the model at this version',
      'VcdUser.stranded: not a field of the model at this version',
    ]);
    const page = { resultTotal: 1, pageCount: 1, page: 1, pageSize: 25, associations: [], values: [{ ...role, id: 7 }] };
    expect(checkPage('Role', '38.0', page)).toEqual(['Page<Role>.values[0].id: expected string, got number 7']);
  });
});

/** cloudapi GET endpoints and the model of their answer. */
type Answer = 'item' | 'page' | 'references';
interface Endpoint {
  readonly path: string;
  readonly model: CloudapiModelName;
  readonly answer: Answer;
  readonly headers?: Record<string, string>;
  /** First API version the endpoint exists at. */
  readonly since?: string;
}

const RELEASES = ['10.3.1', '10.4.3', '10.5.1', '10.6.1'];

describe.each(RELEASES)('VCD %s: every cloudapi answer matches its model at the requested API version', (vcdVersion) => {
  let kit: EmulatorTestKit;
  let endpoints: Endpoint[];
  let admin: string;
  let acmeAdmin: string;
  const release = resolveVcdRelease(vcdVersion);
  const hasServiceAccounts = release.apiVersions.includes('37.0');

  beforeAll(async () => {
    kit = await EmulatorTestKit.start({ vcdVersion });
    const world = kit.emulator.world;
    admin = await kit.loginJwt(ADMIN);
    acmeAdmin = await kit.loginJwt(ACME_ADMIN);
    const token = await kit.createApiToken(ACME_ADMIN, 'model-check');
    const acme = world.findOrgByName('acme')!;
    // A global role published to acme so that acme's role list holds a read-only published role too.
    const published = world.addGlobalRole({ name: 'Published Reader', rightIds: world.rightIdsByNames(['Organization: View']), tenantOrgIds: [acme.id] });
    const publishedRole = world.publishedRolesOf(acme.id).find((role) => role.name === 'Published Reader')!;
    const user = world.findUser(acme.id, 'automation')!;
    const bundle = world.rightsBundles.values().next().value!;
    const right = world.rights.values().next().value!;
    endpoints = [
      { path: '/sessions/current', model: 'Session', answer: 'item' },
      { path: '/tokens', model: 'Token', answer: 'page' },
      { path: `/tokens/${token.tokenId}`, model: 'Token', answer: 'item' },
      { path: '/users', model: 'VcdUser', answer: 'page', headers: { 'X-VMWARE-VCLOUD-TENANT-CONTEXT': acme.id } },
      { path: `/users/${user.id}`, model: 'VcdUser', answer: 'item' },
      { path: '/orgs', model: 'Org', answer: 'page' },
      { path: `/orgs/${acme.id}`, model: 'Org', answer: 'item' },
      { path: '/roles', model: 'Role', answer: 'page', headers: { 'X-VMWARE-VCLOUD-TENANT-CONTEXT': acme.id } },
      { path: `/roles/${user.roleId}`, model: 'Role', answer: 'item' },
      { path: `/roles/${publishedRole.id}`, model: 'Role', answer: 'item' },
      { path: `/roles/${user.roleId}/rights`, model: 'EntityReference', answer: 'references' },
      { path: '/globalRoles', model: 'GlobalRole', answer: 'page' },
      { path: `/globalRoles/${published.id}`, model: 'GlobalRole', answer: 'item' },
      { path: `/globalRoles/${published.id}/rights`, model: 'EntityReference', answer: 'references' },
      { path: `/globalRoles/${published.id}/tenants`, model: 'EntityReference', answer: 'references' },
      { path: '/rightsBundles', model: 'RightsBundle', answer: 'page' },
      { path: `/rightsBundles/${bundle.id}`, model: 'RightsBundle', answer: 'item' },
      { path: `/rightsBundles/${bundle.id}/rights`, model: 'EntityReference', answer: 'references' },
      { path: `/rightsBundles/${bundle.id}/tenants`, model: 'EntityReference', answer: 'references' },
      { path: '/rights', model: 'Right', answer: 'page' },
      { path: `/rights/${right.id}`, model: 'Right', answer: 'item' },
      { path: '/rightsCategories', model: 'RightsCategoryNode', answer: 'page' },
    ];
    if (hasServiceAccounts) {
      const account = await new ServiceAccountClient(kit).activate(ACME_ADMIN, 'model-check-sa');
      endpoints.push(
        { path: '/serviceAccounts', model: 'ServiceAccount', answer: 'page', since: '37.0' },
        { path: `/serviceAccounts/${account.id}`, model: 'ServiceAccount', answer: 'item', since: '37.0' },
      );
    }
  });
  afterAll(() => kit.close());

  // Representations depend on the requested API version, not on the release: every version the newest release
  // serves is checked there, and each other release at its own newest version.
  const versions = vcdVersion === RELEASES[RELEASES.length - 1] ? release.apiVersions : [release.apiVersion];

  test.each(versions)('API %s', async (apiVersion) => {
    const problems: string[] = [];
    let checked = 0;
    for (const endpoint of endpoints) {
      for (const [who, bearer] of [['System administrator', admin], ['acme org admin', acmeAdmin]] as const) {
        const headers = who === 'System administrator' ? endpoint.headers : undefined;
        const res = await kit.fetch(`/cloudapi/1.0.0${endpoint.path}`, {
          headers: { authorization: `Bearer ${bearer}`, accept: `application/json;version=${apiVersion}`, ...headers },
        });
        const where = `${who} GET ${endpoint.path} @${apiVersion}`;
        if (endpoint.since && apiVersion < endpoint.since) {
          if (res.status !== 404) problems.push(`${where}: ${res.status}, expected 404 before ${endpoint.since}`);
          continue;
        }
        if (res.status === 403 && who === 'acme org admin') continue; // not visible to a tenant (checked elsewhere)
        if (res.status !== 200) {
          problems.push(`${where}: ${res.status} ${res.text}`);
          continue;
        }
        const body = res.json();
        const found =
          endpoint.answer === 'item'
            ? checkModel(endpoint.model, apiVersion, body)
            : endpoint.answer === 'page'
              ? checkPage(endpoint.model, apiVersion, body)
              : checkReferences(apiVersion, body);
        problems.push(...found.map((p) => `${where}: ${p}`));
        if (endpoint.answer !== 'item' && (body.values as unknown[]).length === 0) problems.push(`${where}: empty page, nothing checked`);
        checked++;
      }
    }
    // The login answer is a Session too.
    const login = await kit.fetch('/cloudapi/1.0.0/sessions/provider', {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from('administrator@System:vcd-emulator-admin').toString('base64')}`, accept: `application/json;version=${apiVersion}` },
    });
    problems.push(...checkModel('Session', apiVersion, login.json(), `login@${apiVersion}`));
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(endpoints.length);
  });

  test('answers to creations and updates match too (newest version)', async () => {
    const v = release.apiVersion;
    const call = async (method: string, path: string, body: unknown, bearer = admin) =>
      kit.fetch(`/cloudapi/1.0.0${path}`, {
        method,
        headers: { authorization: `Bearer ${bearer}`, accept: `application/json;version=${v}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const role = await call('POST', '/roles', { name: 'Model Role', description: '' }, acmeAdmin);
    expect(role.status).toBe(201);
    const bundle = await call('POST', '/rightsBundles', { name: 'Model Bundle', description: '' });
    const globalRole = await call('POST', '/globalRoles', { name: 'Model Global', description: '' });
    const user = await call('POST', '/users', { username: 'model-user', password: 'Model-Pass-1', roleEntityRefs: [{ id: role.json().id }] }, acmeAdmin);
    const publish = await call('POST', `/rightsBundles/${bundle.json().id}/tenants/publish`, { values: [{ name: 'acme', id: kit.emulator.world.findOrgByName('acme')!.id }] });
    expect([
      ...checkModel('Role', v, role.json()),
      ...checkModel('RightsBundle', v, bundle.json()),
      ...checkModel('GlobalRole', v, globalRole.json()),
      ...checkModel('VcdUser', v, user.json()),
      ...checkReferences(v, publish.json()),
    ]).toEqual([]);
  });
});
