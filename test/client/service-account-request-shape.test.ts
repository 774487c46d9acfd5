// Pins the exact requests of the service-account operations with undici MockAgent, and what the client does with
// answers the emulator never gives (a rotating exchange without a new refresh_token, a task that fails).
import { Secret } from '../../src/client';
import { failure } from './helpers/failure';
import { JSON_HEADERS, type MockVcd, headerNames, headerOf, mockVcd, passwordSession } from './helpers/mock-vcd';

const CLIENT_ID = '6d0a1b2c-3d4e-4f50-8a9b-0c1d2e3f4a5b';
const SA_ID = `urn:vcloud:serviceAccount:${CLIENT_ID}`;
const REFRESH = 'sa-refresh-token-0123456789abcdefghijklmnopqrstuvwxyz';
const ACCESS = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzYSJ9.c2lnLXNhLXNlc3Npb24tYWNjZXNz';

let vcd: MockVcd;
afterEach(async () => {
  await vcd?.close();
});

function formOf(body: unknown): URLSearchParams {
  return new URLSearchParams(String(body));
}

test('exchange: refresh_token grant with the token only in the form body, no Authorization, then persist before resolving', async () => {
  vcd = mockVcd();
  const next = 'sa-refresh-token-rotated-abcdefghijklmnopqrstuvwxyz0123';
  vcd.pool
    .intercept({ path: '/oauth/tenant/acme/token', method: 'POST' })
    .reply(200, JSON.stringify({ access_token: ACCESS, token_type: 'Bearer', expires_in: 1800, refresh_token: next }), { headers: JSON_HEADERS });
  const saved: string[] = [];
  const result = await vcd.client.serviceAccounts.exchange({ org: 'acme', refreshToken: REFRESH, persist: (t) => void saved.push(t.reveal()) });
  const [call] = vcd.apiCalls();
  expect(call?.path).toBe('/oauth/tenant/acme/token');
  expect(headerOf(call!, 'content-type')).toBe('application/x-www-form-urlencoded');
  expect(headerNames(call!)).not.toContain('authorization');
  expect(Object.fromEntries(formOf(call?.body))).toEqual({ grant_type: 'refresh_token', refresh_token: REFRESH });
  expect(saved).toEqual([next]);
  expect([result.rotated, result.refreshToken.reveal(), result.session.authMethod]).toEqual([true, next, 'serviceAccount']);
});

test('exchange: an answer without refresh_token is VCD_ROTATION_INCOMPLETE and nothing is persisted (never an empty token)', async () => {
  vcd = mockVcd();
  vcd.pool
    .intercept({ path: '/oauth/provider/token', method: 'POST' })
    .reply(200, JSON.stringify({ access_token: ACCESS, token_type: 'Bearer', expires_in: 1800 }), { headers: JSON_HEADERS });
  const saved: string[] = [];
  const err = await failure(vcd.client.serviceAccounts.exchange({ org: 'System', refreshToken: REFRESH, persist: (t) => void saved.push(t.reveal()) }));
  expect(err.code).toBe('VCD_ROTATION_INCOMPLETE');
  expect(err.message).toMatch(/no new "refresh_token".*nothing was saved/);
  expect(saved).toEqual([]);
});

test('exchange: the same refresh_token back means no rotation, and persist is not called', async () => {
  vcd = mockVcd();
  vcd.pool
    .intercept({ path: '/oauth/tenant/acme/token', method: 'POST' })
    .reply(200, JSON.stringify({ access_token: ACCESS, token_type: 'Bearer', expires_in: 1800, refresh_token: REFRESH }), { headers: JSON_HEADERS });
  const persist = jest.fn();
  const result = await vcd.client.serviceAccounts.exchange({ org: 'acme', refreshToken: new Secret(REFRESH), persist });
  expect([result.rotated, persist.mock.calls.length]).toEqual([false, 0]);
});

test('register: JSON with client_name, the role as a percent-encoded scope, software_id/version and client_uri; bearer and a plain Accept', async () => {
  vcd = mockVcd();
  vcd.pool
    .intercept({ path: '/oauth/tenant/acme/register', method: 'POST' })
    .reply(200, JSON.stringify({ client_name: 'ci', client_id: CLIENT_ID }), { headers: JSON_HEADERS });
  const session = passwordSession('acme', 'orgadmin');
  const sa = await vcd.client.serviceAccounts.register(session, { name: 'ci', role: 'vApp Author', softwareId: '12345678-1234-1234-1234-1234567890ab', softwareVersion: '1.0', uri: 'https://ci.example.com' });
  const [call] = vcd.apiCalls();
  expect(headerOf(call!, 'authorization')).toBe(`Bearer ${session.accessToken.reveal()}`);
  expect(headerOf(call!, 'accept')).toBe('application/json');
  expect(JSON.parse(String(call?.body))).toEqual({
    client_name: 'ci',
    scope: 'urn:vcloud:role:vApp%20Author',
    software_id: '12345678-1234-1234-1234-1234567890ab',
    software_version: '1.0',
    client_uri: 'https://ci.example.com',
  });
  expect(sa).toEqual({ id: SA_ID, clientId: CLIENT_ID, name: 'ci', org: 'acme', softwareId: '12345678-1234-1234-1234-1234567890ab', reconciled: false });
});

test('device authorization and its poll: form client_id with the admin bearer; the poll sends client_id and device_code without any Authorization', async () => {
  vcd = mockVcd();
  const deviceCode = 'device-code-0123456789abcdefghijklmnopqrstuvwxyz';
  vcd.pool
    .intercept({ path: '/oauth/tenant/acme/device_authorization', method: 'POST' })
    .reply(200, JSON.stringify({ device_code: deviceCode, user_code: 'BCDF-GHJK', verification_uri: 'https://vcd.example.com/tenant/acme', expires_in: 600, interval: 5 }), { headers: JSON_HEADERS });
  vcd.pool
    .intercept({ path: '/oauth/tenant/acme/token', method: 'POST' })
    .reply(200, JSON.stringify({ access_token: ACCESS, token_type: 'Bearer', expires_in: 1800, refresh_token: REFRESH }), { headers: JSON_HEADERS });
  const session = passwordSession('acme', 'orgadmin');
  const auth = await vcd.client.serviceAccounts.authorize(session, { id: SA_ID, org: 'acme' }, { now: () => 1000 });
  expect([auth.userCode, auth.interval, auth.expiresIn, auth.requestedAt, String(auth.deviceCode)]).toEqual(['BCDF-GHJK', 5, 600, 1000, '[REDACTED]']);
  const sleeps: number[] = [];
  const tokens = await vcd.client.serviceAccounts.pollDeviceToken(auth, { persist: () => undefined, now: () => 1000, sleep: async (ms) => void sleeps.push(ms) });
  const [authorize, poll] = vcd.apiCalls();
  expect(Object.fromEntries(formOf(authorize?.body))).toEqual({ client_id: CLIENT_ID });
  expect(headerOf(authorize!, 'authorization')).toBe(`Bearer ${session.accessToken.reveal()}`);
  expect(headerNames(poll!)).not.toContain('authorization');
  expect(Object.fromEntries(formOf(poll?.body))).toEqual({ grant_type: 'urn:ietf:params:oauth:grant-type:device_code', client_id: CLIENT_ID, device_code: deviceCode });
  expect([sleeps, tokens.refreshToken.reveal()]).toEqual([[5000], REFRESH]);
});

test('delete: a task that ends in error is VCD_TASK_FAILED with VCD\'s message; a task Location on another origin is refused', async () => {
  vcd = mockVcd();
  const session = passwordSession('System', 'administrator');
  vcd.pool
    .intercept({ path: `/cloudapi/1.0.0/serviceAccounts/${SA_ID}`, method: 'DELETE' })
    .reply(202, '', { headers: { location: 'https://vcd.example.com/api/task/11111111-2222-3333-4444-555555555555' } });
  vcd.pool
    .intercept({ path: '/api/task/11111111-2222-3333-4444-555555555555', method: 'GET' })
    .reply(200, '<Task status="error" id="urn:vcloud:task:1"><Error message="account is in use" minorErrorCode="BUSY_ENTITY"/></Task>', { headers: { 'content-type': 'application/vnd.vmware.vcloud.task+xml' } });
  const err = await failure(vcd.client.serviceAccounts.delete(session, { id: SA_ID }, { pollMs: 1 }));
  expect([err.code, err.message]).toEqual(['VCD_TASK_FAILED', expect.stringContaining('account is in use')]);

  vcd.pool
    .intercept({ path: `/cloudapi/1.0.0/serviceAccounts/${SA_ID}`, method: 'DELETE' })
    .reply(202, '', { headers: { location: 'https://elsewhere.example.com/api/task/11111111-2222-3333-4444-555555555555' } });
  const elsewhere = await failure(vcd.client.serviceAccounts.delete(session, { id: SA_ID }));
  expect([elsewhere.code, elsewhere.message]).toEqual(['VCD_BAD_RESPONSE', expect.stringContaining('not a task of this VCD')]);
});
