// Service accounts over real HTTPS (docs/vcd-protocol.md#service-accounts-and-the-device-flow): register with
// software_id, the device flow, rotation, the /serviceAccounts collection, revoke, delete, version gating and
// --state persistence.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualEmulatorClock } from '../../src/emulator/clock';
import { SERVICE_ACCOUNT_RIGHT_LIMITED_VIEW } from '../../src/emulator/world/rights-catalogue';
import { createDemoWorld } from '../../src/emulator/world/demo-world';
import { WorldError } from '../../src/emulator/world/errors';
import type { ServiceAccountRecord } from '../../src/emulator/world/types';
import { World } from '../../src/emulator/world/world';
import { ACME_ADMIN, ACME_AUTOMATION, ADMIN, EmulatorTestKit, GLOBEX_ADMIN, INITECH_ADMIN, type Credentials } from './emulator-test-kit';
import { SA_URN, SOFTWARE_ID, ServiceAccountClient, type ActiveAccount } from './service-account-test-kit';

describe('emulator: service accounts, device flow (VCD 10.5)', () => {
  let kit: EmulatorTestKit;
  let sa: ServiceAccountClient;
  beforeAll(async () => {
    kit = await EmulatorTestKit.start();
    sa = new ServiceAccountClient(kit);
  });
  afterAll(() => kit.close());

  test('register → CREATED, device_authorization → REQUESTED, grant → GRANTED, device_code → ACTIVE with tokens', async () => {
    const jwt = await kit.loginJwt(ACME_ADMIN);
    const registered = await sa.register(jwt, 'acme', sa.registerBody('ci-bot'));
    expect(registered.status).toBe(200);
    const clientId = registered.json().client_id as string;
    expect(registered.json()).toEqual(expect.objectContaining({ client_name: 'ci-bot', software_id: SOFTWARE_ID }));
    const id = `urn:vcloud:serviceAccount:${clientId}`;
    expect(id).toMatch(SA_URN);
    expect(kit.emulator.world.tokens.has(`urn:vcloud:token:${clientId}`)).toBe(false);

    const created = await sa.cloudapi('GET', `/serviceAccounts/${id}`, jwt);
    expect(created.status).toBe(200);
    expect(created.json()).toEqual(
      expect.objectContaining({
        id,
        name: 'ci-bot',
        softwareId: SOFTWARE_ID,
        softwareVersion: '1.0',
        uri: 'example.com',
        status: 'CREATED',
        role: { name: 'Token Automation', id: expect.stringMatching(/^urn:vcloud:role:/) },
        org: { name: 'acme', id: expect.stringMatching(/^urn:vcloud:org:/) },
      }),
    );

    const auth = await sa.authorize(jwt, 'acme', clientId);
    expect(auth.status).toBe(200);
    const { device_code: deviceCode, user_code: userCode, verification_uri: verificationUri, expires_in: expiresIn, interval } = auth.json();
    expect(typeof deviceCode).toBe('string');
    expect(userCode).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
    expect(verificationUri).toMatch(/^https:\/\//);
    expect(expiresIn).toBeGreaterThan(0);
    expect(interval).toBeGreaterThan(0);
    expect((await sa.cloudapi('GET', `/serviceAccounts/${id}`, jwt)).json().status).toBe('REQUESTED');

    const pending = await sa.deviceToken('acme', clientId, deviceCode);
    expect(pending.status).toBe(400);
    expect(pending.json()).toEqual({ minorErrorCode: 'authorization_pending', message: expect.any(String), stackTrace: '' });

    const lookup = await sa.cloudapi('POST', '/deviceLookup', jwt, { userCode });
    expect(lookup.status).toBe(303);
    expect(lookup.headers.location).toBe(`${kit.emulator.url}/cloudapi/1.0.0/serviceAccounts/${id}`);
    expect((await sa.cloudapi('POST', '/deviceLookup', jwt, { userCode: 'BBBB-CCCC' })).status).toBe(404);

    const granted = await sa.grant(jwt, userCode.toLowerCase());
    expect(granted.status).toBe(204);
    expect((await sa.cloudapi('GET', `/serviceAccounts/${id}`, jwt)).json().status).toBe('GRANTED');

    const token = await sa.deviceToken('acme', clientId, deviceCode);
    expect(token.status).toBe(200);
    expect(token.headers['cache-control']).toBe('no-store');
    const body = token.json();
    expect(body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: expect.any(Number), refresh_token: expect.any(String) });
    expect(body.access_token.length).toBeGreaterThan(32);
    expect((await sa.cloudapi('GET', `/serviceAccounts/${id}`, jwt)).json().status).toBe('ACTIVE');

    // The bearer works and its session is a service-account session acting as the account.
    expect((await kit.bearerGet('/api/org', body.access_token, 'application/*+xml;version=37.0')).status).toBe(200);
    const session = kit.emulator.sessions.peek(body.access_token);
    expect(session).toEqual(expect.objectContaining({ authMethod: 'serviceAccount', userId: id, tokenId: id }));

    // The device code is single use.
    const reused = await sa.deviceToken('acme', clientId, deviceCode);
    expect(reused.status).toBe(400);
    expect(reused.json().minorErrorCode).toBe('invalid_grant');
  });

  test('a wrong device code or another org path is invalid_grant, not a token', async () => {
    const jwt = await kit.loginJwt(ACME_ADMIN);
    const clientId = (await sa.register(jwt, 'acme', sa.registerBody('wrong-code'))).json().client_id;
    const auth = (await sa.authorize(jwt, 'acme', clientId)).json();
    await sa.grant(jwt, auth.user_code);
    expect((await sa.deviceToken('acme', clientId, 'not-the-code')).json().minorErrorCode).toBe('invalid_grant');
    expect((await sa.deviceToken('globex', clientId, auth.device_code)).json().minorErrorCode).toBe('invalid_grant');
    expect((await sa.deviceToken('acme', clientId, auth.device_code)).status).toBe(200);
  });

  test('refresh rotates: each use returns a new refresh_token, the presented one dies, the new one works', async () => {
    const account = await sa.activate(ACME_ADMIN, 'rotator');
    const first = await sa.refresh('acme', account.refreshToken);
    expect(first.status).toBe(200);
    const next = first.json().refresh_token as string;
    expect(typeof next).toBe('string');
    expect(next).not.toBe(account.refreshToken);
    expect(kit.emulator.sessions.peek(first.json().access_token)).toEqual(expect.objectContaining({ authMethod: 'serviceAccount' }));

    const old = await sa.refresh('acme', account.refreshToken);
    expect(old.status).toBe(400);
    expect(old.json()).toEqual({ minorErrorCode: 'invalid_grant', message: 'Invalid refresh token', stackTrace: '' });

    const second = await sa.refresh('acme', next);
    expect(second.status).toBe(200);
    expect(second.json().refresh_token).not.toBe(next);
    expect((await sa.refresh('acme', next)).status).toBe(400);
    // The token belongs to acme: the provider path does not take it.
    expect((await sa.refresh('System', second.json().refresh_token)).status).toBe(400);
  });

  test('System administrators create service accounts in the provider org and in tenants', async () => {
    const provider = await sa.activate(ADMIN, 'provider-bot', 'System Administrator');
    expect(kit.emulator.world.serviceAccounts.get(provider.id)?.status).toBe('ACTIVE');
    const jwt = await kit.loginJwt(ADMIN);
    const res = await sa.register(jwt, 'globex', sa.registerBody('made-by-sysadmin', 'Organization Administrator'));
    expect(res.status).toBe(200);
    const account = kit.emulator.world.serviceAccounts.get(`urn:vcloud:serviceAccount:${res.json().client_id}`);
    expect(kit.emulator.world.orgs.get(account?.orgId ?? '')?.name).toBe('globex');
  });

  test.each([
    ['a user without the service-account rights', ACME_AUTOMATION, 'acme'],
    ['an admin of another org', GLOBEX_ADMIN, 'acme'],
    ['an org whose bundles do not publish the rights (initech)', INITECH_ADMIN, 'initech'],
  ])('register: 403 for %s', async (_name, who, org) => {
    const res = await sa.register(await kit.loginJwt(who), org, sa.registerBody('denied'));
    expect(res.status).toBe(403);
    expect(res.json().minorErrorCode).toBe('ACCESS_TO_RESOURCE_IS_FORBIDDEN');
  });

  test.each([
    ['a role that does not exist in the org', { scope: 'urn:vcloud:role:No%20Such%20Role' }],
    ['a scope that is not a role URN', { scope: 'openid' }],
    ['a missing scope', { scope: undefined }],
    ['an empty software_id', { software_id: '' }],
  ])('register: 400 for %s', async (_name, override) => {
    const body = { ...sa.registerBody('bad'), ...override };
    const res = await sa.register(await kit.loginJwt(ACME_ADMIN), 'acme', body);
    expect(res.status).toBe(400);
    expect(res.json().minorErrorCode).toBe('BAD_REQUEST');
  });

  test('a global role published to the org is a valid scope; a System role in a tenant is not', async () => {
    const world = kit.emulator.world;
    const acme = world.findOrgByName('acme');
    const globalOnly = world.addGlobalRole({ name: 'Published Only', tenantOrgIds: acme ? [acme.id] : [] });
    const jwt = await kit.loginJwt(ACME_ADMIN);
    const ok = await sa.register(jwt, 'acme', sa.registerBody('global-role', 'Published Only'));
    expect(ok.status).toBe(200);
    expect((await sa.cloudapi('GET', `/serviceAccounts/urn:vcloud:serviceAccount:${ok.json().client_id}`, jwt)).json().role.id).toBe(globalOnly.id);
    expect((await sa.register(jwt, 'acme', sa.registerBody('sys-role', 'System Administrator'))).status).toBe(400);
  });

  test('token sessions (API token or service account) cannot create, authorize, grant, change, revoke or delete (403)', async () => {
    const target = await sa.activate(ACME_ADMIN, 'target');
    const { refreshToken } = await kit.createApiToken(ACME_ADMIN, 'admin-api-token');
    const apiTokenBearer = await kit.exchange('acme', refreshToken);
    // A service account whose role could manage service accounts is still refused: the session kind decides.
    const saBearer = (await sa.activate(ACME_ADMIN, 'powerful', 'Organization Administrator')).accessToken;
    const other = (await sa.register(target.adminJwt, 'acme', sa.registerBody('to-authorize'))).json().client_id as string;
    const userCode = (await sa.authorize(target.adminJwt, 'acme', other)).json().user_code as string;

    for (const bearer of [apiTokenBearer, saBearer]) {
      const attempts = [
        await sa.register(bearer, 'acme', sa.registerBody('child')),
        await sa.authorize(bearer, 'acme', other),
        await sa.grant(bearer, userCode),
        await sa.cloudapi('PUT', `/serviceAccounts/${target.id}`, bearer, { softwareId: 'x' }),
        await sa.cloudapi('POST', `/serviceAccounts/${target.id}/revoke`, bearer),
        await sa.cloudapi('DELETE', `/serviceAccounts/${target.id}`, bearer),
        await sa.cloudapi('POST', '/roles', bearer, { name: 'sa-made-role', description: '' }),
      ];
      expect(attempts.map((r) => r.status)).toEqual([403, 403, 403, 403, 403, 403, 403]);
      for (const r of attempts) expect(r.json().minorErrorCode).toBe('ACCESS_TO_RESOURCE_IS_FORBIDDEN');
    }
    // Reads by rights still work for the powerful service account (view-only,
    // docs/vcd-protocol.md#token-session-restrictions).
    expect((await sa.cloudapi('GET', `/serviceAccounts/${target.id}`, saBearer)).status).toBe(200);
    expect(kit.emulator.world.serviceAccounts.get(target.id)?.status).toBe('ACTIVE');
    expect(kit.emulator.world.serviceAccounts.get(`urn:vcloud:serviceAccount:${other}`)?.status).toBe('REQUESTED');
  });

  test('a service-account session reads with its role: sessions/current names the account, RBAC reads are allowed', async () => {
    const account = await sa.activate(ACME_ADMIN, 'reader');
    const current = await kit.bearerGet('/cloudapi/1.0.0/sessions/current', account.accessToken);
    expect(current.status).toBe(200);
    expect(current.json()).toEqual(expect.objectContaining({ user: { name: 'reader', id: account.id }, roles: ['Token Automation'] }));
    const roles = await kit.bearerGet('/cloudapi/1.0.0/roles', account.accessToken);
    expect(roles.status).toBe(200);
    expect(roles.json().values.map((r: { name: string }) => r.name)).toContain('Token Automation');
    // Its role has no service-account right, so the collection is refused.
    expect((await kit.bearerGet('/cloudapi/1.0.0/serviceAccounts', account.accessToken)).status).toBe(403);
  });

  test('device_authorization needs the manage rights; an ACTIVE account must be revoked first', async () => {
    const account = await sa.activate(ACME_ADMIN, 'already-active');
    const again = await sa.authorize(account.adminJwt, 'acme', account.clientId);
    expect(again.status).toBe(400);
    const fresh = (await sa.register(account.adminJwt, 'acme', sa.registerBody('needs-admin'))).json().client_id as string;
    expect((await sa.authorize(await kit.loginJwt(ACME_AUTOMATION), 'acme', fresh)).status).toBe(403);
    expect((await sa.authorize(await kit.loginJwt(GLOBEX_ADMIN), 'globex', fresh)).status).toBe(400);
  });

  test('grant: another org admin cannot grant (404, the code is invisible to them)', async () => {
    const jwt = await kit.loginJwt(ACME_ADMIN);
    const clientId = (await sa.register(jwt, 'acme', sa.registerBody('cross-org'))).json().client_id;
    const userCode = (await sa.authorize(jwt, 'acme', clientId)).json().user_code;
    expect((await sa.grant(await kit.loginJwt(GLOBEX_ADMIN), userCode)).status).toBe(404);
    expect(kit.emulator.world.serviceAccounts.get(`urn:vcloud:serviceAccount:${clientId}`)?.status).toBe('REQUESTED');
    expect((await sa.grant(await kit.loginJwt(ADMIN), userCode)).status).toBe(204);
  });

  test('list: paged, FIQL name==, org-scoped for tenants, pageSize clamped to 32', async () => {
    const jwt = await kit.loginJwt(GLOBEX_ADMIN);
    for (let i = 0; i < 34; i++) {
      expect((await sa.register(jwt, 'globex', sa.registerBody(`bulk-${String(i).padStart(2, '0')}`))).status).toBe(200);
    }
    const page = await sa.cloudapi('GET', '/serviceAccounts?pageSize=128&sortAsc=name', jwt);
    expect(page.status).toBe(200);
    const envelope = page.json();
    expect(envelope.pageSize).toBe(32);
    expect(envelope.values).toHaveLength(32);
    const globexTotal = kit.emulator.world.listServiceAccounts().filter((a) => kit.emulator.world.orgs.get(a.orgId)?.name === 'globex').length;
    expect(envelope.resultTotal).toBe(globexTotal);
    expect(envelope.values.every((v: { org: { name: string } }) => v.org.name === 'globex')).toBe(true);
    expect(String(page.headers.link)).toContain('rel="nextPage"');

    const filtered = await sa.cloudapi('GET', `/serviceAccounts?filter=${encodeURIComponent('name==bulk-07')}&pageSize=32`, jwt);
    expect(filtered.json().values.map((v: { name: string }) => v.name)).toEqual(['bulk-07']);

    // The acme admin does not see globex's accounts, even by id (403, VCD's missing-entity answer).
    const acmeJwt = await kit.loginJwt(ACME_ADMIN);
    const acmeList = await sa.cloudapi('GET', `/serviceAccounts?filter=${encodeURIComponent('name==bulk-07')}`, acmeJwt);
    expect(acmeList.json().values).toEqual([]);
    const globexId = filtered.json().values[0].id as string;
    expect((await sa.cloudapi('GET', `/serviceAccounts/${globexId}`, acmeJwt)).status).toBe(403);
    // System sees it, and narrows to an org with the tenant-context header.
    const adminJwt = await kit.loginJwt(ADMIN);
    expect((await sa.cloudapi('GET', `/serviceAccounts/${globexId}`, adminJwt)).status).toBe(200);
  });

  test('GET of an unknown id is 403 ACCESS_TO_RESOURCE_IS_FORBIDDEN; users without any SA right get 403 on the list', async () => {
    const jwt = await kit.loginJwt(ACME_ADMIN);
    const unknown = await sa.cloudapi('GET', '/serviceAccounts/urn:vcloud:serviceAccount:00000000-0000-4000-8000-000000000000', jwt);
    expect(unknown.status).toBe(403);
    expect(unknown.json().minorErrorCode).toBe('ACCESS_TO_RESOURCE_IS_FORBIDDEN');
    expect((await sa.cloudapi('GET', '/serviceAccounts', await kit.loginJwt(ACME_AUTOMATION))).status).toBe(403);
  });

  test('only "Limited Service Accounts View": softwareId, softwareVersion, uri and status are null', async () => {
    const world = kit.emulator.world;
    const acme = world.findOrgByName('acme');
    if (!acme) throw new Error('demo world has no acme');
    const role = world.addRole({ name: 'SA Limited Viewer', orgId: acme.id, rightIds: world.rightIdsByNames([SERVICE_ACCOUNT_RIGHT_LIMITED_VIEW]) });
    world.addUser({ name: 'limited', orgId: acme.id, roleId: role.id, password: 'limited-pass' });
    const account = await sa.activate(ACME_ADMIN, 'seen-limited');
    const jwt = await kit.loginJwt({ user: 'limited', org: 'acme', password: 'limited-pass' });

    const one = await sa.cloudapi('GET', `/serviceAccounts/${account.id}`, jwt);
    expect(one.status).toBe(200);
    expect(one.json()).toEqual(
      expect.objectContaining({ id: account.id, name: 'seen-limited', softwareId: null, softwareVersion: null, uri: null, status: null }),
    );
    expect(one.json().role.name).toBe('Token Automation');
    const listed = await sa.cloudapi('GET', `/serviceAccounts?filter=${encodeURIComponent('name==seen-limited')}`, jwt);
    expect(listed.json().values[0]).toEqual(expect.objectContaining({ softwareId: null, status: null }));
    // The full view for comparison.
    expect((await sa.cloudapi('GET', `/serviceAccounts/${account.id}`, account.adminJwt)).json()).toEqual(
      expect.objectContaining({ softwareId: SOFTWARE_ID, softwareVersion: '1.0', uri: 'example.com', status: 'ACTIVE' }),
    );
    // Limited viewers cannot manage.
    expect((await sa.cloudapi('POST', `/serviceAccounts/${account.id}/revoke`, jwt)).status).toBe(403);
  });

  test('PUT updates softwareId, softwareVersion, uri and role; a role of another org is 400', async () => {
    const account = await sa.activate(ACME_ADMIN, 'updatable');
    const current = (await sa.cloudapi('GET', `/serviceAccounts/${account.id}`, account.adminJwt)).json();
    const adminRole = kit.emulator.world.findRole(current.org.id, 'Organization Administrator');
    const updated = await sa.cloudapi('PUT', `/serviceAccounts/${account.id}`, account.adminJwt, {
      ...current,
      softwareId: 'abcdef00-0000-4000-8000-000000000001',
      softwareVersion: '2.0',
      uri: 'https://example.org/app',
      role: { id: adminRole?.id },
    });
    expect(updated.status).toBe(200);
    expect(updated.json()).toEqual(
      expect.objectContaining({
        softwareId: 'abcdef00-0000-4000-8000-000000000001',
        softwareVersion: '2.0',
        uri: 'https://example.org/app',
        role: { name: 'Organization Administrator', id: adminRole?.id },
        status: 'ACTIVE',
      }),
    );
    expect((await sa.cloudapi('GET', `/serviceAccounts/${account.id}`, account.adminJwt)).json().softwareVersion).toBe('2.0');
    // The account's sessions now act with the new role's rights.
    expect(kit.emulator.world.effectiveRights(account.id).has('Manage Service Accounts')).toBe(true);

    const globexRole = kit.emulator.world.findRole(kit.emulator.world.findOrgByName('globex')?.id ?? '', 'Organization Administrator');
    const foreign = await sa.cloudapi('PUT', `/serviceAccounts/${account.id}`, account.adminJwt, { ...current, role: { id: globexRole?.id } });
    expect(foreign.status).toBe(400);
  });

  test('revoke: 204, the token and every session die, status back to CREATED; the flow can start again', async () => {
    const account = await sa.activate(ACME_ADMIN, 'revocable');
    const refreshed = (await sa.refresh('acme', account.refreshToken)).json();
    expect((await kit.bearerGet('/api/org', account.accessToken, 'application/*+xml;version=37.0')).status).toBe(200);
    expect((await kit.bearerGet('/api/org', refreshed.access_token, 'application/*+xml;version=37.0')).status).toBe(200);

    const revoked = await sa.cloudapi('POST', `/serviceAccounts/${account.id}/revoke`, account.adminJwt);
    expect(revoked.status).toBe(204);
    expect((await kit.bearerGet('/api/org', account.accessToken, 'application/*+xml;version=37.0')).status).toBe(401);
    expect((await kit.bearerGet('/api/org', refreshed.access_token, 'application/*+xml;version=37.0')).status).toBe(401);
    expect((await sa.refresh('acme', refreshed.refresh_token)).json().minorErrorCode).toBe('invalid_grant');
    expect((await sa.cloudapi('GET', `/serviceAccounts/${account.id}`, account.adminJwt)).json().status).toBe('CREATED');

    const auth = await sa.authorize(account.adminJwt, 'acme', account.clientId);
    expect(auth.status).toBe(200);
    expect((await sa.grant(account.adminJwt, auth.json().user_code)).status).toBe(204);
    expect((await sa.deviceToken('acme', account.clientId, auth.json().device_code)).status).toBe(200);
  });

  test('delete: 202 with a task Location that reports success; the account, its token and sessions are gone', async () => {
    const account = await sa.activate(ACME_ADMIN, 'deletable');
    const deleted = await sa.cloudapi('DELETE', `/serviceAccounts/${account.id}`, account.adminJwt);
    expect(deleted.status).toBe(202);
    const location = String(deleted.headers.location);
    expect(location).toMatch(new RegExp(`^${kit.emulator.url}/api/task/[0-9a-f-]{36}$`));
    const task = await kit.bearerGet(location.slice(kit.emulator.url.length), account.adminJwt, 'application/*+xml;version=37.0');
    expect(task.status).toBe(200);
    expect(task.text).toMatch(/<Task [^>]*status="success"/);
    // Another org cannot read the task.
    expect((await kit.bearerGet(location.slice(kit.emulator.url.length), await kit.loginJwt(GLOBEX_ADMIN), 'application/*+xml;version=37.0')).status).toBe(403);

    expect((await sa.cloudapi('GET', `/serviceAccounts/${account.id}`, account.adminJwt)).status).toBe(403);
    expect((await kit.bearerGet('/api/org', account.accessToken, 'application/*+xml;version=37.0')).status).toBe(401);
    expect((await sa.refresh('acme', account.refreshToken)).status).toBe(400);
    expect((await sa.cloudapi('DELETE', `/serviceAccounts/${account.id}`, account.adminJwt)).status).toBe(403);
  });

  test('a role held by a service account cannot be deleted', async () => {
    const world = kit.emulator.world;
    const acme = world.findOrgByName('acme');
    if (!acme) throw new Error('demo world has no acme');
    const role = world.addRole({ name: 'SA Only Role', orgId: acme.id });
    await sa.activate(ACME_ADMIN, 'holds-role', 'SA Only Role');
    expect(() => world.removeRole(role.id)).toThrow(/service account/);
  });
});

describe('emulator: service-account device codes expire', () => {
  test('after expires_in: the token endpoint answers expired_token and the user code can no longer be granted', async () => {
    const clock = new ManualEmulatorClock();
    const kit = await EmulatorTestKit.start({ clock });
    try {
      const sa = new ServiceAccountClient(kit);
      const jwt = await kit.loginJwt(ACME_ADMIN);
      const clientId = (await sa.register(jwt, 'acme', sa.registerBody('slow'))).json().client_id;
      const auth = (await sa.authorize(jwt, 'acme', clientId)).json();
      clock.advance(auth.expires_in * 1000 - 1000);
      expect((await sa.deviceToken('acme', clientId, auth.device_code)).json().minorErrorCode).toBe('authorization_pending');
      clock.advance(1000);
      const expired = await sa.deviceToken('acme', clientId, auth.device_code);
      expect(expired.status).toBe(400);
      expect(expired.json().minorErrorCode).toBe('expired_token');
      const jwt2 = await kit.loginJwt(ACME_ADMIN);
      expect((await sa.grant(jwt2, auth.user_code)).status).toBe(404);
      // A granted but expired code does not activate either.
      const auth2 = (await sa.authorize(jwt2, 'acme', clientId)).json();
      expect((await sa.grant(jwt2, auth2.user_code)).status).toBe(204);
      clock.advance(auth2.expires_in * 1000);
      expect((await sa.deviceToken('acme', clientId, auth2.device_code)).json().minorErrorCode).toBe('expired_token');
      expect(kit.emulator.world.serviceAccounts.get(`urn:vcloud:serviceAccount:${clientId}`)?.status).toBe('GRANTED');
    } finally {
      await kit.close();
    }
  });
});

describe('emulator: service accounts are gated to VCD 10.4 (API 37.0)', () => {
  test('10.3.1 has API tokens but none of the service-account endpoints', async () => {
    const kit = await EmulatorTestKit.start({ vcdVersion: '10.3.1' });
    try {
      const sa = new ServiceAccountClient(kit);
      const jwt = await kit.loginJwt(ACME_ADMIN);
      expect((await kit.register(jwt, 'acme', 'plain-token')).status).toBe(200);
      const registered = await sa.register(jwt, 'acme', sa.registerBody('too-early'));
      expect(registered.status).toBe(400);
      expect(registered.json().message).toMatch(/10\.4/);
      expect(kit.emulator.world.serviceAccounts.size).toBe(0);
      expect((await sa.authorize(jwt, 'acme', '6d0a1b2c-3d4e-4f50-8a9b-0c1d2e3f4a5b')).status).toBe(404);
      expect((await sa.cloudapi('GET', '/serviceAccounts', jwt)).status).toBe(404);
      expect((await sa.grant(jwt, 'BBBB-CCCC')).status).toBe(404);
      const grant = await sa.deviceToken('acme', '6d0a1b2c-3d4e-4f50-8a9b-0c1d2e3f4a5b', 'x');
      expect(grant.json().minorErrorCode).toBe('unsupported_grant_type');
    } finally {
      await kit.close();
    }
  });

  test('10.4.0 has them (and 39.x adds requireRotation: true)', async () => {
    for (const [vcdVersion, rotation] of [['10.4.0', undefined], ['10.6.0', true]] as const) {
      const kit = await EmulatorTestKit.start({ vcdVersion });
      try {
        const account = await new ServiceAccountClient(kit).activate(ACME_ADMIN, 'modern');
        const got = await kit.bearerGet(`/cloudapi/1.0.0/serviceAccounts/${account.id}`, account.adminJwt);
        expect(got.status).toBe(200);
        expect(got.json().requireRotation).toBe(rotation);
      } finally {
        await kit.close();
      }
    }
  });
});

describe('emulator: service accounts persist in --state', () => {
  test('an ACTIVE account survives a restart: its latest refresh token still rotates; the file holds no secret', async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), 'sa-state-')), 'state.json');
    const first = await EmulatorTestKit.start({ stateFile });
    let account: ActiveAccount;
    let latest: string;
    try {
      account = await new ServiceAccountClient(first).activate(ACME_ADMIN, 'persistent');
      latest = (await new ServiceAccountClient(first).refresh('acme', account.refreshToken)).json().refresh_token;
    } finally {
      await first.close();
    }
    const text = readFileSync(stateFile, 'utf8');
    expect(text).toContain('persistent');
    expect(text).not.toContain(latest);
    expect(text).not.toContain(account.refreshToken);
    expect(text).not.toContain(account.accessToken);

    const second = await EmulatorTestKit.start({ stateFile });
    try {
      const sa = new ServiceAccountClient(second);
      const restored = second.emulator.world.serviceAccounts.get(account.id);
      expect(restored).toEqual(expect.objectContaining({ name: 'persistent', status: 'ACTIVE', softwareId: SOFTWARE_ID }));
      expect((await sa.refresh('acme', account.refreshToken)).status).toBe(400);
      const rotated = await sa.refresh('acme', latest);
      expect(rotated.status).toBe(200);
      expect(rotated.json().refresh_token).not.toBe(latest);
      const jwt = await second.loginJwt(ACME_ADMIN);
      const listed = await sa.cloudapi('GET', `/serviceAccounts?filter=${encodeURIComponent('name==persistent')}`, jwt);
      expect(listed.json().values).toEqual([expect.objectContaining({ id: account.id, status: 'ACTIVE' })]);
    } finally {
      await second.close();
    }
  });
});

describe('World: service-account records', () => {
  const account = (world: World, overrides: Partial<ServiceAccountRecord> = {}): ServiceAccountRecord => {
    const acme = world.findOrgByName('acme');
    const role = acme && world.findRole(acme.id, 'Token Automation');
    if (!acme || !role) throw new Error('demo world without acme/Token Automation');
    const clientId = '6d0a1b2c-3d4e-4f50-8a9b-0c1d2e3f4a5b';
    return {
      id: `urn:vcloud:serviceAccount:${clientId}`, clientId, name: 'rec', orgId: acme.id, roleId: role.id,
      softwareId: SOFTWARE_ID, softwareVersion: null, uri: null, status: 'CREATED',
      secretHash: null, deviceCodeHash: null, userCodeHash: null, deviceCodeExpiresAt: null, ...overrides,
    };
  };

  test('a state written before service accounts existed loads with none; toJSON/fromJSON round-trips them', () => {
    const world = createDemoWorld();
    const { serviceAccounts: _none, ...legacy } = world.toJSON();
    expect(World.fromJSON(legacy).serviceAccounts.size).toBe(0);
    world.addServiceAccount(account(world));
    const restored = World.fromJSON(JSON.parse(JSON.stringify(world.toJSON())));
    expect(restored.listServiceAccounts()).toEqual(world.listServiceAccounts());
  });

  test('refuses a role of another org, a malformed id, and a serviceAccounts field that is not an array', () => {
    const world = createDemoWorld();
    const globex = world.findOrgByName('globex');
    const foreignRole = globex && world.findRole(globex.id, 'Token Automation');
    expect(() => world.addServiceAccount(account(world, { roleId: foreignRole?.id ?? '' }))).toThrow(WorldError);
    expect(() => world.addServiceAccount(account(world, { id: 'urn:vcloud:token:6d0a1b2c-3d4e-4f50-8a9b-0c1d2e3f4a5b' }))).toThrow(/serviceAccount/);
    expect(() => World.fromJSON({ ...world.toJSON(), serviceAccounts: {} })).toThrow(/serviceAccounts/);
  });
});
