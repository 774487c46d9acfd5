// RFC 8628 answers of the emulator's device flow that a polling client must handle: slow_down (and the interval
// growing by 5 s), expired_token, access_denied after an administrator's deny, and the org-admin rights.
import { ManualEmulatorClock } from '../../src/emulator/clock';
import { SERVICE_ACCOUNT_RIGHT_MANAGE, SERVICE_ACCOUNT_RIGHT_VIEW } from '../../src/emulator/world/rights-catalogue';
import { ACME_ADMIN, ADMIN, EmulatorTestKit, GLOBEX_ADMIN, type Credentials } from './emulator-test-kit';
import { ServiceAccountClient } from './service-account-test-kit';

interface Pending {
  readonly clientId: string;
  readonly id: string;
  readonly deviceCode: string;
  readonly userCode: string;
  readonly interval: number;
  readonly expiresIn: number;
  readonly adminJwt: string;
}

async function startFlow(kit: EmulatorTestKit, sa: ServiceAccountClient, who: Credentials, name: string): Promise<Pending> {
  const adminJwt = await kit.loginJwt(who);
  const registered = await sa.register(adminJwt, who.org, sa.registerBody(name));
  expect(registered.status).toBe(200);
  const clientId = registered.json().client_id as string;
  const auth = await sa.authorize(adminJwt, who.org, clientId);
  expect(auth.status).toBe(200);
  const body = auth.json();
  return {
    clientId,
    id: `urn:vcloud:serviceAccount:${clientId}`,
    deviceCode: body.device_code,
    userCode: body.user_code,
    interval: body.interval,
    expiresIn: body.expires_in,
    adminJwt,
  };
}

describe('emulator: device-flow polling answers (RFC 8628)', () => {
  let clock: ManualEmulatorClock;
  let kit: EmulatorTestKit;
  let sa: ServiceAccountClient;
  beforeEach(async () => {
    clock = new ManualEmulatorClock();
    kit = await EmulatorTestKit.start({ clock, vcdVersion: '10.5' });
    sa = new ServiceAccountClient(kit);
  });
  afterEach(() => kit.close());

  const poll = async (flow: Pending) => {
    const res = await sa.deviceToken('acme', flow.clientId, flow.deviceCode);
    return { status: res.status, code: res.json().minorErrorCode as string | undefined, body: res.json() };
  };

  test('polling faster than interval answers slow_down, and the interval then grows by 5 s for that device code', async () => {
    const flow = await startFlow(kit, sa, ACME_ADMIN, 'fast-poller');
    expect(flow.interval).toBe(5);
    expect(await poll(flow)).toEqual(expect.objectContaining({ status: 400, code: 'authorization_pending' }));

    clock.advance(4_000); // < 5 s
    const slow = await poll(flow);
    expect(slow).toEqual({ status: 400, code: 'slow_down', body: { minorErrorCode: 'slow_down', message: expect.stringContaining('10 seconds'), stackTrace: '' } });

    // The interval is now 10 s, counted from the last poll.
    clock.advance(9_000);
    expect((await poll(flow)).code).toBe('slow_down'); // → 15 s
    clock.advance(15_000);
    expect((await poll(flow)).code).toBe('authorization_pending');
    clock.advance(14_000);
    expect((await poll(flow)).code).toBe('slow_down'); // the grown interval stays

    // A new device authorization starts over at the announced interval.
    const again = await sa.authorize(flow.adminJwt, 'acme', flow.clientId);
    const fresh = { ...flow, deviceCode: again.json().device_code, userCode: again.json().user_code };
    expect((await poll(fresh)).code).toBe('authorization_pending');
    clock.advance(5_000);
    expect((await poll(fresh)).code).toBe('authorization_pending');
  });

  test('a granted device code is answered at once, whatever the pace', async () => {
    const flow = await startFlow(kit, sa, ACME_ADMIN, 'granted-poller');
    expect((await poll(flow)).code).toBe('authorization_pending');
    expect((await sa.grant(flow.adminJwt, flow.userCode)).status).toBe(204);
    const token = await poll(flow);
    expect(token.status).toBe(200);
    expect(token.body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: expect.any(Number), refresh_token: expect.any(String) });
  });

  test('expired_token after expires_in, even when granted; a new authorization works again', async () => {
    const flow = await startFlow(kit, sa, ACME_ADMIN, 'late');
    expect(flow.expiresIn).toBe(600);
    clock.advance(flow.expiresIn * 1000);
    expect(await poll(flow)).toEqual(expect.objectContaining({ status: 400, code: 'expired_token' }));
    expect((await sa.grant(flow.adminJwt, flow.userCode)).status).toBe(404);

    const again = (await sa.authorize(flow.adminJwt, 'acme', flow.clientId)).json();
    expect((await sa.grant(flow.adminJwt, again.user_code)).status).toBe(204);
    expect((await sa.deviceToken('acme', flow.clientId, again.device_code)).status).toBe(200);
  });

  test('deny: 204, the account is back to CREATED, the device code answers access_denied until it expires', async () => {
    const flow = await startFlow(kit, sa, ACME_ADMIN, 'denied');
    const denied = await sa.deny(flow.adminJwt, flow.userCode.toLowerCase());
    expect(denied.status).toBe(204);
    expect(denied.text).toBe('');
    expect((await sa.cloudapi('GET', `/serviceAccounts/${flow.id}`, flow.adminJwt)).json().status).toBe('CREATED');

    expect(await poll(flow)).toEqual(expect.objectContaining({ status: 400, code: 'access_denied' }));
    expect((await poll(flow)).code).toBe('access_denied'); // terminal, not slow_down
    // The user code is gone: neither grant nor a second deny finds it.
    expect((await sa.grant(flow.adminJwt, flow.userCode)).status).toBe(404);
    expect((await sa.deny(flow.adminJwt, flow.userCode)).status).toBe(404);
    clock.advance(flow.expiresIn * 1000);
    expect((await poll(flow)).code).toBe('expired_token');

    // A new authorization is not denied.
    const again = (await sa.authorize(flow.adminJwt, 'acme', flow.clientId)).json();
    expect((await sa.deviceToken('acme', flow.clientId, again.device_code)).json().minorErrorCode).toBe('authorization_pending');
  });

  test('deny needs a password session that may manage the account: token sessions 403, other orgs 404', async () => {
    const flow = await startFlow(kit, sa, ACME_ADMIN, 'deny-rights');
    const { refreshToken } = await kit.createApiToken(ACME_ADMIN, 'acme-admin-token');
    const tokenBearer = await kit.exchange('acme', refreshToken);
    const fromToken = await sa.deny(tokenBearer, flow.userCode);
    expect(fromToken.status).toBe(403);
    expect(fromToken.json().minorErrorCode).toBe('ACCESS_TO_RESOURCE_IS_FORBIDDEN');
    expect((await sa.deny(await kit.loginJwt(GLOBEX_ADMIN), flow.userCode)).status).toBe(404);
    expect((await sa.deny(flow.adminJwt, 'BCDF-GHJK')).status).toBe(404);
    const bad = await sa.cloudapi('POST', '/deviceLookup/deny', flow.adminJwt, { code: flow.userCode });
    expect(bad.status).toBe(400);
    // Nothing was denied by the refused calls: the System administrator (any org) still can.
    expect((await sa.deny(await kit.loginJwt(ADMIN), flow.userCode)).status).toBe(204);
  });
});

describe('emulator: device-flow timing options', () => {
  test('deviceCodeIntervalSeconds 0 announces 0 and never answers slow_down; deviceCodeExpiresInSeconds sets expires_in', async () => {
    const clock = new ManualEmulatorClock();
    const kit = await EmulatorTestKit.start({ clock, deviceCodeIntervalSeconds: 0, deviceCodeExpiresInSeconds: 30 });
    try {
      const sa = new ServiceAccountClient(kit);
      const flow = await startFlow(kit, sa, ACME_ADMIN, 'eager');
      expect([flow.interval, flow.expiresIn]).toEqual([0, 30]);
      for (let i = 0; i < 3; i++) {
        expect((await sa.deviceToken('acme', flow.clientId, flow.deviceCode)).json().minorErrorCode).toBe('authorization_pending');
      }
      clock.advance(30_000);
      expect((await sa.deviceToken('acme', flow.clientId, flow.deviceCode)).json().minorErrorCode).toBe('expired_token');
    } finally {
      await kit.close();
    }
  });

  test('invalid timing options are refused at start', async () => {
    await expect(EmulatorTestKit.start({ deviceCodeIntervalSeconds: 1.5 })).rejects.toThrow(/deviceCodeIntervalSeconds/);
    await expect(EmulatorTestKit.start({ deviceCodeExpiresInSeconds: 0 })).rejects.toThrow(/deviceCodeExpiresInSeconds/);
  });
});

describe('emulator: the rights an org admin needs for service accounts in its own org', () => {
  let kit: EmulatorTestKit;
  let sa: ServiceAccountClient;
  beforeEach(async () => {
    kit = await EmulatorTestKit.start({ vcdVersion: '10.4' });
    sa = new ServiceAccountClient(kit);
  });
  afterEach(() => kit.close());

  /** Gives acme's org admin role exactly `rights` among the two service-account rights. */
  const withServiceAccountRights = (rights: readonly string[]): void => {
    const world = kit.emulator.world;
    const acme = world.findOrgByName('acme')!;
    const role = world.findRole(acme.id, 'Organization Administrator')!;
    const saRightIds = new Set(world.rightIdsByNames([SERVICE_ACCOUNT_RIGHT_VIEW, SERVICE_ACCOUNT_RIGHT_MANAGE]));
    const kept = role.rightIds.filter((id) => !saRightIds.has(id));
    world.updateRole(role.id, { rightIds: [...kept, ...world.rightIdsByNames(rights)] });
  };

  test('with View and Manage Service Accounts: register, authorize, grant, deny, list, update, revoke and delete', async () => {
    const jwt = await kit.loginJwt(ACME_ADMIN);
    const flow = await startFlow(kit, sa, ACME_ADMIN, 'org-admin-bot');
    expect((await sa.deny(jwt, flow.userCode)).status).toBe(204);
    const again = (await sa.authorize(jwt, 'acme', flow.clientId)).json();
    expect((await sa.grant(jwt, again.user_code)).status).toBe(204);
    expect((await sa.deviceToken('acme', flow.clientId, again.device_code)).status).toBe(200);
    const list = await sa.cloudapi('GET', '/serviceAccounts?filter=name==org-admin-bot', jwt);
    expect(list.json().values.map((a: { id: string }) => a.id)).toEqual([flow.id]);
    const current = (await sa.cloudapi('GET', `/serviceAccounts/${flow.id}`, jwt)).json();
    expect((await sa.cloudapi('PUT', `/serviceAccounts/${flow.id}`, jwt, { ...current, softwareVersion: '2.0' })).status).toBe(200);
    expect((await sa.cloudapi('POST', `/serviceAccounts/${flow.id}/revoke`, jwt)).status).toBe(204);
    expect((await sa.cloudapi('DELETE', `/serviceAccounts/${flow.id}`, jwt)).status).toBe(202);
  });

  test.each([
    ['only Manage Service Accounts', [SERVICE_ACCOUNT_RIGHT_MANAGE]],
    ['only View Service Accounts', [SERVICE_ACCOUNT_RIGHT_VIEW]],
    ['neither', []],
  ])('with %s: register is 403 and nothing is created', async (_label, rights) => {
    withServiceAccountRights(rights);
    const jwt = await kit.loginJwt(ACME_ADMIN);
    const registered = await sa.register(jwt, 'acme', sa.registerBody('not-allowed'));
    expect(registered.status).toBe(403);
    expect(registered.json().minorErrorCode).toBe('ACCESS_TO_RESOURCE_IS_FORBIDDEN');
    expect(kit.emulator.world.listServiceAccounts()).toHaveLength(0);
  });

  test('an org admin cannot register in another org, nor grant or deny its requests', async () => {
    const globex = await kit.loginJwt(GLOBEX_ADMIN);
    expect((await sa.register(globex, 'acme', sa.registerBody('cross-org'))).status).toBe(403);
    const flow = await startFlow(kit, sa, ACME_ADMIN, 'acme-only');
    expect((await sa.grant(globex, flow.userCode)).status).toBe(404);
    expect((await sa.deny(globex, flow.userCode)).status).toBe(404);
    expect((await sa.cloudapi('GET', `/serviceAccounts/${flow.id}`, globex)).status).toBe(403);
  });
});
