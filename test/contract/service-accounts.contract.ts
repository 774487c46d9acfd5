// Service accounts (VCD 10.4, API 37.0+): register with software_id, the RFC 8628 device flow (authorize, poll,
// grant or deny), the rotating refresh token, the session restrictions, revoke and delete (a task).
import { randomUUID } from 'node:crypto';
import { checkModel } from '../../src/emulator/models/model-check';
import { expectRemoved } from './support/cleanup';
import { forEachTarget, testWhen } from './support/contract-suite';
import { DEVICE_CODE_GRANT, errorCode, type RawAnswer } from './support/raw-vcd';
import { uniqueName } from './support/targets';

forEachTarget((ctx, target) => {
  const saTest = testWhen(target.hasServiceAccounts);
  let admin: string;
  let org: { name: string; id: string };
  let roleName: string;
  let account: { id: string; clientId: string; name: string };
  let deviceCode: string;
  let userCode: string;
  let refreshToken: string;
  let saBearer: string;

  /** Headers of the System administrator acting in the tenant org (GOVCD sends the tenant context). */
  const inTenant = () => ({ authorization: `Bearer ${admin}`, 'X-VMWARE-VCLOUD-TENANT-CONTEXT': org.id.split(':').pop() as string });
  const status = async () => (await ctx().vcd.cloudapi('GET', `/serviceAccounts/${account.id}`, undefined, undefined, inTenant())).body?.status;
  const poll = (code = deviceCode): Promise<RawAnswer> =>
    ctx().vcd.token(org.name, { grant_type: DEVICE_CODE_GRANT, client_id: account.clientId, device_code: code });

  const register = async (name: string) => {
    const { vcd, cleanup } = ctx();
    const res = await vcd.send(
      'POST',
      vcd.oauthPath(org.name, 'register'),
      { ...inTenant(), 'content-type': 'application/json', accept: 'application/json' },
      JSON.stringify({ client_name: name, scope: `urn:vcloud:role:${encodeURIComponent(roleName)}`, software_id: randomUUID(), software_version: '1.0', client_uri: 'https://example.com/vcd-api-tokens' }),
    );
    if (res.status === 200 || res.status === 201) {
      const id = `urn:vcloud:serviceAccount:${res.body.client_id}`;
      cleanup.add(`service account ${id} (${name})`, async () => expectRemoved(await vcd.cloudapi('DELETE', `/serviceAccounts/${id}`, undefined, undefined, inTenant()), [202, 204, 403], name));
    }
    return res;
  };

  beforeAll(async () => {
    const { vcd, sysadmin, tenant, serviceAccountRole } = ctx();
    admin = await vcd.login(sysadmin);
    const tenantSession = (await vcd.cloudapi('GET', '/sessions/current', await vcd.login(tenant))).body;
    org = tenantSession.org;
    roleName = serviceAccountRole ?? tenantSession.roles[0];
  });

  testWhen(!target.hasServiceAccounts)('before VCD 10.4 there is no /serviceAccounts endpoint', async () => {
    expect((await ctx().vcd.cloudapi('GET', '/serviceAccounts', admin)).status).toBe(404);
  });

  saTest('register with software_id: a service account in status CREATED', async () => {
    const name = uniqueName('sa');
    const res = await register(name);
    expect([200, 201]).toContain(res.status);
    account = { id: `urn:vcloud:serviceAccount:${res.body.client_id}`, clientId: res.body.client_id, name };
    const read = await ctx().vcd.cloudapi('GET', `/serviceAccounts/${account.id}`, undefined, undefined, inTenant());
    expect(read.status).toBe(200);
    expect(read.body).toEqual(expect.objectContaining({ id: account.id, name, status: 'CREATED', role: expect.objectContaining({ name: roleName }) }));
    expect(checkModel('ServiceAccount', ctx().vcd.apiVersion, read.body)).toEqual([]);
  });

  saTest('device authorization: device_code, user_code, verification_uri, expires_in, interval; status REQUESTED', async () => {
    const res = await ctx().vcd.send(
      'POST',
      ctx().vcd.oauthPath(org.name, 'device_authorization'),
      { ...inTenant(), 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      new URLSearchParams({ client_id: account.clientId }).toString(),
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual(expect.objectContaining({ device_code: expect.any(String), user_code: expect.any(String), verification_uri: expect.any(String), expires_in: expect.any(Number), interval: expect.any(Number) }));
    deviceCode = res.body.device_code;
    userCode = res.body.user_code;
    expect(await status()).toBe('REQUESTED');
  });

  saTest('polling before the grant: authorization_pending', async () => {
    const res = await poll();
    expect(res.status).toBe(400);
    expect(errorCode(res)).toBe('authorization_pending');
  });

  saTest('grant by user code: 204, status GRANTED; the device_code grant then answers the tokens, status ACTIVE', async () => {
    const granted = await ctx().vcd.cloudapi('POST', '/deviceLookup/grant', undefined, { userCode }, inTenant());
    expect(granted.status).toBe(204);
    expect(await status()).toBe('GRANTED');
    const res = await poll();
    expect(res.status).toBe(200);
    expect(res.body).toEqual(expect.objectContaining({ access_token: expect.any(String), token_type: 'Bearer', refresh_token: expect.any(String) }));
    refreshToken = res.body.refresh_token;
    saBearer = res.body.access_token;
    expect(await status()).toBe('ACTIVE');
  });

  saTest('the refresh token rotates on every use: a new one is returned, the old one is refused', async () => {
    const { vcd } = ctx();
    const used = await vcd.token(org.name, { grant_type: 'refresh_token', refresh_token: refreshToken });
    expect(used.status).toBe(200);
    expect(typeof used.body.refresh_token).toBe('string');
    expect(used.body.refresh_token).not.toBe(refreshToken);
    const old = await vcd.token(org.name, { grant_type: 'refresh_token', refresh_token: refreshToken });
    expect(old.status).toBeGreaterThanOrEqual(400);
    expect(errorCode(old)).toBe('invalid_grant');
    refreshToken = used.body.refresh_token;
    saBearer = used.body.access_token;
  });

  saTest('the service-account session reads /api/org and acts as the account, and cannot register tokens', async () => {
    const { vcd } = ctx();
    expect((await vcd.legacy('/api/org', saBearer)).status).toBe(200);
    const current = await vcd.cloudapi('GET', '/sessions/current', saBearer);
    expect(current.status).toBe(200);
    expect(current.body.user.name).toBe(account.name);
    expect((await vcd.register(saBearer, org.name, { client_name: uniqueName('from-sa') })).status).toBe(403);
  });

  saTest('revoke: 204, the session ends (401), status back to CREATED, the refresh token is refused', async () => {
    const { vcd } = ctx();
    expect((await vcd.cloudapi('POST', `/serviceAccounts/${account.id}/revoke`, undefined, undefined, inTenant())).status).toBe(204);
    expect((await vcd.cloudapi('GET', '/sessions/current', saBearer)).status).toBe(401);
    expect(await status()).toBe('CREATED');
    expect((await vcd.token(org.name, { grant_type: 'refresh_token', refresh_token: refreshToken })).status).toBeGreaterThanOrEqual(400);
  });

  saTest('deny by user code: 204, status CREATED, the device code answers access_denied', async () => {
    const { vcd } = ctx();
    const auth = await vcd.send(
      'POST',
      vcd.oauthPath(org.name, 'device_authorization'),
      { ...inTenant(), 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      new URLSearchParams({ client_id: account.clientId }).toString(),
    );
    expect(auth.status).toBe(200);
    const denied = await vcd.cloudapi('POST', '/deviceLookup/deny', undefined, { userCode: auth.body.user_code }, inTenant());
    expect(denied.status).toBe(204);
    expect(await status()).toBe('CREATED');
    const res = await poll(auth.body.device_code);
    expect(res.status).toBe(400);
    expect(errorCode(res)).toBe('access_denied');
  });

  saTest('delete: 202 with a task that succeeds; the account is gone (403)', async () => {
    const { vcd } = ctx();
    const res = await vcd.cloudapi('DELETE', `/serviceAccounts/${account.id}`, undefined, undefined, inTenant());
    expect(res.status).toBe(202);
    const location = res.headers.location as string;
    expect(location).toMatch(/\/api\/task\//);
    let taskStatus: string | undefined;
    for (let attempt = 0; attempt < 30 && taskStatus !== 'success'; attempt++) {
      const task = await vcd.legacy(location, admin);
      taskStatus = /<Task[^>]*\sstatus="([^"]+)"/.exec(task.text)?.[1];
      if (taskStatus === 'error' || taskStatus === 'aborted') break;
      if (taskStatus !== 'success') await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    expect(taskStatus).toBe('success');
    expect((await vcd.cloudapi('GET', `/serviceAccounts/${account.id}`, undefined, undefined, inTenant())).status).toBe(403);
  });
});
