// The self-renewing token session over real HTTPS, with the emulator's short idle/absolute timeouts and manual
// clocks (the emulator's and the session's, moved apart to make VCD end a session the client still trusts).
import { type BearerSession, type Secret, VcdClient, VcdRenewingSession } from '../../src/client';
import { ManualEmulatorClock } from '../../src/emulator/clock';
import { startEmulator, type RunningEmulator } from '../../src/emulator/start-emulator';
import { failure } from './helpers/failure';

const IDLE_SECONDS = 120;
const ABSOLUTE_SECONDS = 600;
const SOFTWARE_ID = '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f';

let server: ManualEmulatorClock;
let emu: RunningEmulator;
let vcd: VcdClient;
let admin: BearerSession;
let counter = 0;

beforeAll(async () => {
  server = new ManualEmulatorClock();
  emu = await startEmulator({ vcdVersion: '10.5', clock: server, sessionIdleTimeoutSeconds: IDLE_SECONDS, sessionAbsoluteTimeoutSeconds: ABSOLUTE_SECONDS });
  vcd = new VcdClient({ url: `${emu.url}/api`, caFile: emu.caFile, maxConnections: 1 });
  admin = await vcd.loginWithPassword({ org: 'acme', user: 'orgadmin', password: 'vcd-emulator-demo' });
});
afterAll(async () => {
  await vcd.close();
  await emu.close();
});

/** A fresh ACTIVE service account and its first token (the admin session is kept alive by the emulator's clock moving only inside tests). */
async function serviceAccount(): Promise<{ id: string; token: string }> {
  admin = await vcd.loginWithPassword({ org: 'acme', user: 'orgadmin', password: 'vcd-emulator-demo' });
  const sa = await vcd.serviceAccounts.register(admin, { name: `renewing-${++counter}`, role: 'Token Automation', softwareId: SOFTWARE_ID });
  const auth = await vcd.serviceAccounts.authorize(admin, { id: sa.id, org: 'acme' }, { now: () => server.now() });
  let token = '';
  await vcd.serviceAccounts.pollDeviceToken(auth, {
    persist: (t) => void (token = t.reveal()),
    now: () => server.now(),
    sleep: async () => vcd.serviceAccounts.grant(admin, auth.userCode),
  });
  return { id: sa.id, token };
}

/** Counts what the emulator answered from now on. */
function requestsFrom(): () => { method: string; status: number; route: string; grantType?: string }[] {
  const before = emu.requestLog.totalRequests;
  return () => emu.requestLog.entries().filter((e) => e.seq > before).map((e) => ({ method: e.method, status: e.status, route: e.route, ...(e.grantType ? { grantType: e.grantType } : {}) }));
}

test('VCD ends the session (idle timeout): the next GET gets 401, the session exchanges once, saves the rotated token first, and repeats the GET', async () => {
  const sa = await serviceAccount();
  const saved: string[] = [];
  const reasons: string[] = [];
  const client = new ManualEmulatorClock(server.now());
  const session = await VcdRenewingSession.open(vcd, {
    org: 'acme',
    token: sa.token,
    kind: 'serviceAccount',
    persist: (t: Secret) => void saved.push(t.reveal()),
    now: () => client.now(),
    onRenew: (e) => reasons.push(e.reason),
  });
  expect([session.authMethod, session.renewals, saved.length]).toEqual(['serviceAccount', 0, 1]);
  expect((await vcd.whoami(session)).user.name).toMatch(/^renewing-/);

  server.advance((IDLE_SECONDS + 1) * 1000); // only VCD's clock: the session still believes its bearer is fresh
  const seen = requestsFrom();
  expect((await vcd.whoami(session)).user.name).toMatch(/^renewing-/);
  expect(seen()).toEqual([
    { method: 'GET', status: 401, route: '/cloudapi/1.0.0/sessions/current' },
    { method: 'POST', status: 200, route: '/oauth/tenant/{org}/token', grantType: 'refresh_token' },
    { method: 'GET', status: 200, route: '/cloudapi/1.0.0/sessions/current' },
  ]);
  expect([session.renewals, reasons, saved.length]).toEqual([1, ['unauthorized'], 2]);
  // The saved token is the live one: the one before it is dead.
  const stale = await failure(vcd.serviceAccounts.exchange({ org: 'acme', refreshToken: saved[0] as string, persist: () => undefined }));
  expect(stale.code).toBe('VCD_INVALID_GRANT');
});

test('before the known expiry the session renews without a 401; concurrent requests share one renewal', async () => {
  const sa = await serviceAccount();
  const saved: string[] = [];
  const session = await VcdRenewingSession.open(vcd, { org: 'acme', token: sa.token, kind: 'serviceAccount', persist: (t) => void saved.push(t.reveal()), now: () => server.now() });
  expect(session.expiresIn).toBe(IDLE_SECONDS);
  server.advance((IDLE_SECONDS - 10) * 1000); // within the renewal margin (a quarter of 120 s)
  const seen = requestsFrom();
  const infos = await Promise.all([vcd.whoami(session), vcd.whoami(session), vcd.verifyBearer(session)]);
  expect(infos.length).toBe(3);
  const requests = seen();
  expect(requests.filter((r) => r.status === 401)).toEqual([]);
  expect(requests.filter((r) => r.method === 'POST')).toEqual([{ method: 'POST', status: 200, route: '/oauth/tenant/{org}/token', grantType: 'refresh_token' }]);
  expect([session.renewals, saved.length]).toEqual([1, 2]);
});

test('a 401 on a POST: the session renews but does not repeat the request (not idempotent)', async () => {
  const sa = await serviceAccount();
  const client = new ManualEmulatorClock(server.now());
  const session = await VcdRenewingSession.open(vcd, { org: 'acme', token: sa.token, kind: 'serviceAccount', persist: () => undefined, now: () => client.now() });
  server.advance((IDLE_SECONDS + 1) * 1000);
  const seen = requestsFrom();
  const err = await failure(vcd.serviceAccounts.grant(session, 'BCDF-GHJK'));
  expect([err.code, err.details]).toEqual(['VCD_AUTH_FAILED', { renewed: true, repeated: false }]);
  expect(seen().map((r) => `${r.method} ${r.status} ${r.route}`)).toEqual(['POST 401 /cloudapi/1.0.0/deviceLookup/grant', 'POST 200 /oauth/tenant/{org}/token']);
  expect(session.renewals).toBe(1);
  // The renewed bearer works.
  expect((await vcd.whoami(session)).org.name).toBe('acme');
});

test('a revoked service account ends the session with VCD_INVALID_GRANT, and later calls fail without a request', async () => {
  const sa = await serviceAccount();
  const client = new ManualEmulatorClock(server.now());
  const session = await VcdRenewingSession.open(vcd, { org: 'acme', token: sa.token, kind: 'serviceAccount', persist: () => undefined, now: () => client.now() });
  admin = await vcd.loginWithPassword({ org: 'acme', user: 'orgadmin', password: 'vcd-emulator-demo' });
  await vcd.serviceAccounts.revoke(admin, { id: sa.id });
  const ended = await failure(vcd.whoami(session));
  expect(ended.code).toBe('VCD_INVALID_GRANT');
  expect(session.endedBy?.code).toBe('VCD_INVALID_GRANT');
  const seen = requestsFrom();
  expect((await failure(vcd.whoami(session))).code).toBe('VCD_INVALID_GRANT');
  expect(seen()).toEqual([]);
});

test('absolute timeout with a user API token (no rotation): renewed on the 401, persist never called', async () => {
  const login = await vcd.loginWithPassword({ org: 'acme', user: 'automation', password: 'vcd-emulator-demo' });
  const created = await vcd.createApiToken(login, { name: 'renewing-api-token' });
  const persist = jest.fn();
  const client = new ManualEmulatorClock(server.now());
  const session = await VcdRenewingSession.open(vcd, { org: 'acme', token: created.apiToken, persist, now: () => client.now() });
  expect(session.authMethod).toBe('apiToken');
  // Keep it busy so the idle timeout never strikes; the absolute one does.
  for (let t = 0; t < ABSOLUTE_SECONDS; t += IDLE_SECONDS / 2) {
    server.advance((IDLE_SECONDS / 2) * 1000);
    await vcd.whoami(session);
  }
  expect(session.renewals).toBe(1);
  expect(persist).not.toHaveBeenCalled();
  const again = await vcd.loginWithPassword({ org: 'acme', user: 'automation', password: 'vcd-emulator-demo' });
  await vcd.revokeToken(again, created.id);
  await vcd.logout(again);
});

test('a service-account session without a persist callback is refused before any request', async () => {
  const seen = requestsFrom();
  const err = await failure(VcdRenewingSession.open(vcd, { org: 'acme', token: 'x'.repeat(43), kind: 'serviceAccount' }));
  expect([err.code, seen()]).toEqual(['VCD_INVALID_ARGUMENT', []]);
});
