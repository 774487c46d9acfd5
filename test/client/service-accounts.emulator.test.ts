// Service accounts through VcdClient over real HTTPS (emulated VCD 10.5 with a manual clock): register, the
// device flow from both sides, the poller's answers (pending, slow_down, deny, expiry, deadline), the rotating
// exchange that persists before use, the collection operations, and the version gate on VCD 10.3.1.
import { type BearerSession, type DeviceAuthorization, type DeviceAuthorizationProgress, Secret, VcdClient, type VcdClientEvent, VcdError } from '../../src/client';
import { ManualEmulatorClock } from '../../src/emulator/clock';
import { startEmulator, type RunningEmulator } from '../../src/emulator/start-emulator';
import { failure } from './helpers/failure';

const SOFTWARE_ID = '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
const ROLE = 'Token Automation';

describe('on VCD 10.5', () => {
  let clock: ManualEmulatorClock;
  let emu: RunningEmulator;
  let vcd: VcdClient;
  let admin: BearerSession;
  const events: VcdClientEvent[] = [];
  let counter = 0;

  beforeAll(async () => {
    clock = new ManualEmulatorClock();
    emu = await startEmulator({ vcdVersion: '10.5', clock });
    vcd = new VcdClient({ url: `${emu.url}/api`, caFile: emu.caFile, maxConnections: 1, retry: { baseDelayMs: 1, maxDelayMs: 5 }, logger: (e) => events.push(e) });
    admin = await vcd.loginWithPassword({ org: 'acme', user: 'orgadmin', password: 'vcd-emulator-demo' });
  });
  afterAll(async () => {
    await vcd.close();
    await emu.close();
  });
  afterEach(() => emu.faults.clear());

  /** Moves the emulator's clock instead of waiting; `hook` runs on every wait, with the 1-based wait number. */
  function timeTravel(hook?: (wait: number) => Promise<void> | void, advance: (ms: number, wait: number) => number = (ms) => ms): { sleeps: number[]; sleep: (ms: number) => Promise<void>; now: () => number } {
    const sleeps: number[] = [];
    return {
      sleeps,
      now: () => clock.now(),
      sleep: async (ms: number) => {
        sleeps.push(ms);
        clock.advance(advance(ms, sleeps.length));
        await hook?.(sleeps.length);
      },
    };
  }

  async function registered(): Promise<{ id: string; name: string }> {
    const name = `ci-sa-${++counter}`;
    const sa = await vcd.serviceAccounts.register(admin, { name, role: ROLE, softwareId: SOFTWARE_ID, softwareVersion: '1.0', uri: 'https://ci.example.com' });
    return { id: sa.id, name };
  }

  async function activeAccount(): Promise<{ id: string; name: string; token: string }> {
    const sa = await registered();
    const auth = await vcd.serviceAccounts.authorize(admin, { id: sa.id, org: 'acme' }, { now: () => clock.now() });
    const saved: string[] = [];
    const t = timeTravel(async (n) => {
      if (n === 1) await vcd.serviceAccounts.grant(admin, auth.userCode);
    });
    await vcd.serviceAccounts.pollDeviceToken(auth, { persist: (s) => void saved.push(s.reveal()), now: t.now, sleep: t.sleep });
    return { ...sa, token: saved[0] as string };
  }

  test('device flow end to end: register → authorize → grant → poll → the first token is persisted before the session is handed over → exchange rotates → old token refused', async () => {
    const sa = await registered();
    expect(sa.id).toMatch(/^urn:vcloud:serviceAccount:[0-9a-f-]{36}$/);
    expect((await vcd.serviceAccounts.get(admin, { id: sa.id })).status).toBe('CREATED');

    const auth = await vcd.serviceAccounts.authorize(admin, { id: sa.id, org: 'acme' }, { now: () => clock.now() });
    expect(auth.userCode).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
    expect(auth.deviceCode).toBeInstanceOf(Secret);
    expect(JSON.stringify(auth)).not.toContain(auth.deviceCode.reveal());
    expect((await vcd.serviceAccounts.get(admin, { name: sa.name })).status).toBe('REQUESTED');

    const progress: DeviceAuthorizationProgress[] = [];
    let release: () => void = () => undefined;
    const persisted: string[] = [];
    const persist = (token: Secret): Promise<void> =>
      new Promise((resolve) => {
        persisted.push(token.reveal());
        release = resolve;
      });
    const t = timeTravel(async (n) => {
      if (n === 2) await vcd.serviceAccounts.grant(admin, auth.userCode.toLowerCase());
    });
    let settled = false;
    const polling = vcd.serviceAccounts.pollDeviceToken(auth, { persist, now: t.now, sleep: t.sleep, onProgress: (p) => progress.push(p) }).finally(() => {
      settled = true;
    });
    await waitFor(() => persisted.length === 1);
    // The session is not handed back while the token is being saved.
    await new Promise((r) => setImmediate(r));
    expect(settled).toBe(false);
    release();
    const first = await polling;
    expect(progress.map((p) => p.answer)).toEqual(['authorization_pending']);
    expect(t.sleeps).toEqual([5000, 5000]);
    expect(first.session.authMethod).toBe('serviceAccount');
    expect(first.refreshToken.reveal()).toBe(persisted[0]);
    expect((await vcd.serviceAccounts.get(admin, { id: sa.id })).status).toBe('ACTIVE');

    const saved: string[] = [];
    const second = await vcd.serviceAccounts.exchange({ org: 'acme', refreshToken: first.refreshToken, persist: (s) => void saved.push(s.reveal()) });
    expect(second.rotated).toBe(true);
    expect(saved).toEqual([second.refreshToken.reveal()]);
    expect(saved[0]).not.toBe(persisted[0]);
    expect((await vcd.verifyBearer(second.session)).orgNames).toContain('acme');
    const refused = await failure(vcd.serviceAccounts.exchange({ org: 'acme', refreshToken: first.refreshToken, persist: () => undefined }));
    expect(refused.code).toBe('VCD_INVALID_GRANT');
    expect(refused.message).toMatch(/works once/);

    // No secret reached a URL, an unexpected header, a log line or a debug event.
    for (const secret of [auth.deviceCode.reveal(), persisted[0], saved[0], first.session.accessToken.reveal()] as string[]) {
      expect(emu.requestLog.secretSeen(secret)).toEqual({ inUrl: false, inUnexpectedHeader: false, inLog: false });
      expect(JSON.stringify(events)).not.toContain(secret);
    }
    expect(emu.requestLog.leaks()).toEqual([]);
  });

  test('slow_down: the poller adds 5 s to its interval for good and VCD stops complaining', async () => {
    const sa = await registered();
    const auth = await vcd.serviceAccounts.authorize(admin, { id: sa.id, org: 'acme' }, { now: () => clock.now() });
    const progress: DeviceAuthorizationProgress[] = [];
    // The second wait ends early (a poll 2 s after the first one): VCD answers slow_down.
    const t = timeTravel(
      async (n) => {
        if (n === 4) await vcd.serviceAccounts.grant(admin, auth.userCode);
      },
      (ms, n) => (n === 2 ? 2000 : ms),
    );
    const tokens = await vcd.serviceAccounts.pollDeviceToken(auth, { persist: () => undefined, now: t.now, sleep: t.sleep, onProgress: (p) => progress.push(p) });
    expect(progress.map((p) => [p.answer, p.intervalSeconds])).toEqual([
      ['authorization_pending', 5],
      ['slow_down', 10],
      ['authorization_pending', 10],
    ]);
    expect(t.sleeps).toEqual([5000, 5000, 10000, 10000]);
    expect(tokens.rotated).toBe(true);
  });

  test('deny: the poller stops with VCD_DEVICE_AUTHORIZATION_DENIED and the account is back to CREATED', async () => {
    const sa = await registered();
    const auth = await vcd.serviceAccounts.authorize(admin, { id: sa.id, org: 'acme' }, { now: () => clock.now() });
    const t = timeTravel(async (n) => {
      if (n === 1) await vcd.serviceAccounts.deny(admin, auth.userCode);
    });
    const persisted: string[] = [];
    const err = await failure(vcd.serviceAccounts.pollDeviceToken(auth, { persist: (s) => void persisted.push(s.reveal()), now: t.now, sleep: t.sleep }));
    expect(err.code).toBe('VCD_DEVICE_AUTHORIZATION_DENIED');
    expect(err.message).toContain(auth.userCode);
    expect(err.message).not.toContain(auth.deviceCode.reveal());
    expect(persisted).toEqual([]);
    expect((await vcd.serviceAccounts.get(admin, { id: sa.id })).status).toBe('CREATED');
    // The denied code cannot be granted afterwards.
    expect((await failure(vcd.serviceAccounts.grant(admin, auth.userCode))).code).toBe('VCD_NOT_FOUND');
  });

  test('expiry: the poller gives up when the device code expires; VCD\'s own expired_token is reported the same way', async () => {
    const sa = await registered();
    const auth = await vcd.serviceAccounts.authorize(admin, { id: sa.id, org: 'acme' }, { now: () => clock.now() });
    const t = timeTravel();
    const local = await failure(vcd.serviceAccounts.pollDeviceToken(auth, { persist: () => undefined, now: t.now, sleep: t.sleep }));
    expect(local.code).toBe('VCD_DEVICE_CODE_EXPIRED');
    expect(t.sleeps.reduce((a, b) => a + b, 0)).toBe(auth.expiresIn * 1000);

    // A client that believes the code lives longer (clock skew) hears it from VCD.
    const skewed: DeviceAuthorization = { ...auth, expiresIn: auth.expiresIn * 10 };
    const server = await failure(vcd.serviceAccounts.pollDeviceToken(skewed, { persist: () => undefined, now: t.now, sleep: t.sleep }));
    expect(server.code).toBe('VCD_DEVICE_CODE_EXPIRED');
    expect(server.minorErrorCode).toBe('expired_token');
  });

  test('a deadline before the code expires ends a pending flow with VCD_DEVICE_AUTHORIZATION_PENDING naming the user code', async () => {
    const sa = await registered();
    const auth = await vcd.serviceAccounts.authorize(admin, { id: sa.id, org: 'acme' }, { now: () => clock.now() });
    const t = timeTravel();
    const err = await failure(vcd.serviceAccounts.pollDeviceToken(auth, { persist: () => undefined, deadlineMs: 12_000, now: t.now, sleep: t.sleep }));
    expect(err.code).toBe('VCD_DEVICE_AUTHORIZATION_PENDING');
    expect(err.message).toContain(auth.userCode);
    expect(t.sleeps).toEqual([5000, 5000, 2000]);
    // Still grantable: the request was only left waiting.
    await vcd.serviceAccounts.grant(admin, auth.userCode);
    expect((await vcd.serviceAccounts.get(admin, { id: sa.id })).status).toBe('GRANTED');
  });

  test('a failing persist callback after rotation: VCD_ROTATED_TOKEN_NOT_SAVED, saying the presented token is dead and how to recover, without the token', async () => {
    const sa = await activeAccount();
    let offered = '';
    const err = await failure(
      vcd.serviceAccounts.exchange({
        org: 'acme',
        refreshToken: sa.token,
        serviceAccount: sa.id,
        persist: (s) => {
          offered = s.reveal();
          throw new Error('disk full');
        },
      }),
    );
    expect(err.code).toBe('VCD_ROTATED_TOKEN_NOT_SAVED');
    expect(err.message).toMatch(/presented is dead.*disk full.*authoriz/s);
    expect(offered.length).toBeGreaterThan(20);
    expect(JSON.stringify(err)).not.toContain(offered);
    expect(err.message).not.toContain(sa.token);
    expect((await failure(vcd.serviceAccounts.exchange({ org: 'acme', refreshToken: sa.token, persist: () => undefined }))).code).toBe('VCD_INVALID_GRANT');
  });

  test('list, get by name, update, revoke (token refused, status CREATED), delete waits for the task, then already-gone', async () => {
    const sa = await activeAccount();
    const listed = await vcd.serviceAccounts.list(admin, { name: sa.name });
    expect(listed.map((a) => [a.id, a.org.name, a.role.name, a.status])).toEqual([[sa.id, 'acme', ROLE, 'ACTIVE']]);
    expect((await vcd.serviceAccounts.list(admin)).length).toBeGreaterThanOrEqual(counter);

    const updated = await vcd.serviceAccounts.update(admin, { name: sa.name }, { softwareVersion: '2.0', uri: null });
    expect([updated.softwareVersion, updated.uri, updated.softwareId]).toEqual(['2.0', null, SOFTWARE_ID]);

    const revoked = await vcd.serviceAccounts.revoke(admin, { id: sa.id });
    expect(revoked.status).toBe('CREATED');
    expect((await failure(vcd.serviceAccounts.exchange({ org: 'acme', refreshToken: sa.token, persist: () => undefined }))).code).toBe('VCD_INVALID_GRANT');

    const before = emu.requestLog.totalRequests;
    expect(await vcd.serviceAccounts.delete(admin, { id: sa.id }, { pollMs: 1 })).toEqual({ id: sa.id, status: 'deleted' });
    const requests = emu.requestLog.entries().filter((e) => e.seq > before);
    expect(requests.map((e) => `${e.method} ${e.status} ${e.route}`)).toEqual(['DELETE 202 /cloudapi/1.0.0/serviceAccounts/{id}', 'GET 200 /api/task/{id}']);
    expect((await failure(vcd.serviceAccounts.get(admin, { id: sa.id }))).code).toBe('VCD_NOT_FOUND');
    expect(await vcd.serviceAccounts.delete(admin, { id: sa.id })).toEqual({ id: sa.id, status: 'already-gone' });
  });

  test('register after a connection reset: the account VCD created is found by name and adopted', async () => {
    emu.faults.add({ method: 'POST', path: '/oauth/tenant/acme/register', action: { type: 'reset', when: 'after' } });
    const sa = await vcd.serviceAccounts.register(admin, { name: 'ci-sa-reset', role: ROLE, softwareId: SOFTWARE_ID });
    expect(sa.reconciled).toBe(true);
    expect(emu.world.serviceAccounts.get(sa.id)?.name).toBe('ci-sa-reset');
    const again = await failure(vcd.serviceAccounts.register(admin, { name: 'ci-sa-reset', role: ROLE, softwareId: SOFTWARE_ID }));
    expect([again.code, again.message]).toEqual(['VCD_INVALID_ARGUMENT', expect.stringContaining('already has a service account named "ci-sa-reset"')]);
  });

  test('refusals: a tenant user without the rights, a token session, an unknown role', async () => {
    const automation = await vcd.loginWithPassword({ org: 'acme', user: 'automation', password: 'vcd-emulator-demo' });
    const noRights = await failure(vcd.serviceAccounts.register(automation, { name: 'nope', role: ROLE, softwareId: SOFTWARE_ID }));
    expect([noRights.code, noRights.message]).toEqual(['VCD_MISSING_RIGHT', expect.stringContaining('Manage Service Accounts')]);
    const sa = await activeAccount();
    const saSession = (await vcd.serviceAccounts.exchange({ org: 'acme', refreshToken: sa.token, persist: () => undefined })).session;
    expect((await failure(vcd.serviceAccounts.register(saSession, { name: 'nope2', role: ROLE, softwareId: SOFTWARE_ID }))).code).toBe('VCD_TOKEN_SESSION_FORBIDDEN');
    const role = await failure(vcd.serviceAccounts.register(admin, { name: 'nope3', role: 'No Such Role', softwareId: SOFTWARE_ID }));
    expect([role.code, role.message]).toEqual(['VCD_INVALID_ARGUMENT', expect.stringContaining('"No Such Role"')]);
    await vcd.logout(automation);
  });

  test('authorize refuses an ACTIVE account (revoke first) and an unknown one', async () => {
    const sa = await activeAccount();
    const active = await failure(vcd.serviceAccounts.authorize(admin, { id: sa.id, org: 'acme' }));
    expect([active.code, active.message]).toEqual(['VCD_INVALID_ARGUMENT', expect.stringContaining('revoked first')]);
    const unknown = await failure(vcd.serviceAccounts.authorize(admin, { id: '00000000-0000-4000-8000-000000000000', org: 'acme' }));
    expect(unknown.code).toBe('VCD_NOT_FOUND');
  });
});

describe('on VCD 10.3.1', () => {
  let emu: RunningEmulator;
  let vcd: VcdClient;

  beforeAll(async () => {
    emu = await startEmulator({ vcdVersion: '10.3.1' });
    vcd = new VcdClient({ url: `${emu.url}/api`, caFile: emu.caFile, maxConnections: 1 });
  });
  afterAll(async () => {
    await vcd.close();
    await emu.close();
  });

  test('every service-account operation fails before any POST, naming both versions', async () => {
    const admin = await vcd.loginWithPassword({ org: 'acme', user: 'orgadmin', password: 'vcd-emulator-demo' });
    const before = emu.requestLog.totalRequests;
    const ops: Promise<unknown>[] = [
      vcd.serviceAccounts.register(admin, { name: 'old', role: ROLE, softwareId: SOFTWARE_ID }),
      vcd.serviceAccounts.authorize(admin, { id: SOFTWARE_ID, org: 'acme' }),
      vcd.serviceAccounts.grant(admin, 'BCDF-GHJK'),
      vcd.serviceAccounts.deny(admin, 'BCDF-GHJK'),
      vcd.serviceAccounts.list(admin),
      vcd.serviceAccounts.revoke(admin, { name: 'old' }),
      vcd.serviceAccounts.delete(admin, { name: 'old' }),
      vcd.serviceAccounts.exchange({ org: 'acme', refreshToken: 'x'.repeat(43), persist: () => undefined }),
    ];
    for (const op of ops) {
      const err = await failure(op);
      expect(err.code).toBe('VCD_VERSION_UNSUPPORTED');
      expect(err.message).toMatch(/VCD 10\.4\.0 \(API 37\.0\).*VCD 10\.3\.1 \(newest API 36\.1\)/);
    }
    expect(emu.requestLog.entries().filter((e) => e.seq > before)).toEqual([]);
    await vcd.logout(admin);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !condition(); i++) await new Promise((r) => setTimeout(r, 2));
  expect(condition()).toBe(true);
}
