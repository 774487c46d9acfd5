// Retry behaviour: only GET and DELETE are retried, on 429/502/503/504 and connection errors, honouring
// Retry-After; aborts and the operation deadline cancel a pending wait. Fake timers drive the waits.
import { type VcdClientEvent } from '../../src/client';
import { parseRetryAfter, resolveRetryPolicy, retryDelayMs } from '../../src/client/retry-policy';
import { JSON_HEADERS, type MockVcd, mockVcd, passwordSession } from './helpers/mock-vcd';

const TOKEN_ID = 'urn:vcloud:token:6d0a1b2c-3d4e-4f50-8a9b-0c1d2e3f4a5b';
const SESSION_BODY = JSON.stringify({ id: 's', user: { name: 'automation', id: 'u' }, org: { name: 'acme', id: 'o' }, roles: [], roleRefs: [] });

let vcd: MockVcd;
afterEach(async () => {
  jest.useRealTimers();
  await vcd?.close();
});

function useFakeTimers(): void {
  jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
}

/** Lets pending I/O callbacks (MockAgent replies) run without moving the fake clock. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
}

describe('Retry-After parsing and backoff', () => {
  test('seconds, HTTP dates (future and past), and garbage', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('abc', now)).toBeUndefined();
    expect(parseRetryAfter('-1', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  test('Retry-After is capped; without it the wait is full-jitter exponential', () => {
    const policy = resolveRetryPolicy({ baseDelayMs: 100, maxDelayMs: 1000, retryAfterCapMs: 30_000 });
    expect(retryDelayMs(policy, 1, '120', () => 0.5)).toBe(30_000);
    expect(retryDelayMs(policy, 1, 'abc', () => 0.999)).toBe(99);
    expect(retryDelayMs(policy, 3, undefined, () => 0.999)).toBe(399);
    expect(retryDelayMs(policy, 10, undefined, () => 0.999)).toBe(999);
    expect(retryDelayMs(policy, 2, undefined, () => 0)).toBe(0);
  });
});

describe('GET', () => {
  test('503 with Retry-After: 2 is retried after exactly the announced wait', async () => {
    useFakeTimers();
    const events: VcdClientEvent[] = [];
    vcd = mockVcd({ logger: (e) => events.push(e) });
    await vcd.client.negotiateVersion();
    vcd.pool.intercept({ path: '/cloudapi/1.0.0/sessions/current', method: 'GET' }).reply(503, '', { headers: { 'retry-after': '2' } });
    vcd.pool.intercept({ path: '/cloudapi/1.0.0/sessions/current', method: 'GET' }).reply(200, SESSION_BODY, { headers: JSON_HEADERS });
    const result = vcd.client.whoami(passwordSession());
    await settle();
    expect(vcd.apiCalls()).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1999);
    await settle();
    expect(vcd.apiCalls()).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    await settle();
    await expect(result).resolves.toMatchObject({ user: { name: 'automation' } });
    expect(vcd.apiCalls()).toHaveLength(2);
    expect(events.filter((e) => e.type === 'retry')).toEqual([expect.objectContaining({ status: 503, attempt: 1, ms: 2000, method: 'GET' })]);
  });

  test('429 and 502/504 are retried; the attempts are bounded by maxAttempts', async () => {
    vcd = mockVcd({ retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 } });
    vcd.pool.intercept({ path: '/cloudapi/1.0.0/sessions/current', method: 'GET' }).reply(429, '', { headers: { 'retry-after': '0' } });
    vcd.pool.intercept({ path: '/cloudapi/1.0.0/sessions/current', method: 'GET' }).reply(502, '');
    vcd.pool.intercept({ path: '/cloudapi/1.0.0/sessions/current', method: 'GET' }).reply(200, SESSION_BODY, { headers: JSON_HEADERS });
    await expect(vcd.client.whoami(passwordSession())).resolves.toMatchObject({ org: { name: 'acme' } });
    expect(vcd.apiCalls()).toHaveLength(3);

    vcd.pool.intercept({ path: '/cloudapi/1.0.0/sessions/current', method: 'GET' }).reply(504, '').times(3);
    await expect(vcd.client.whoami(passwordSession())).rejects.toMatchObject({ code: 'VCD_SERVER_ERROR', status: 504, retryable: true });
    expect(vcd.apiCalls()).toHaveLength(6);

    vcd.pool.intercept({ path: '/cloudapi/1.0.0/sessions/current', method: 'GET' }).reply(429, '', { headers: { 'retry-after': '0' } }).times(3);
    await expect(vcd.client.whoami(passwordSession())).rejects.toMatchObject({ code: 'VCD_RATE_LIMITED', status: 429, retryable: true });
  });

  test('a connection reset is retried; 500 and 4xx are not', async () => {
    vcd = mockVcd();
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    vcd.pool.intercept({ path: '/cloudapi/1.0.0/sessions/current', method: 'GET' }).replyWithError(reset);
    vcd.pool.intercept({ path: '/cloudapi/1.0.0/sessions/current', method: 'GET' }).reply(200, SESSION_BODY, { headers: JSON_HEADERS });
    await expect(vcd.client.whoami(passwordSession())).resolves.toBeDefined();
    expect(vcd.apiCalls()).toHaveLength(2);

    vcd.pool.intercept({ path: '/cloudapi/1.0.0/sessions/current', method: 'GET' }).reply(500, '');
    await expect(vcd.client.whoami(passwordSession())).rejects.toMatchObject({ code: 'VCD_SERVER_ERROR', status: 500 });
    vcd.pool.intercept({ path: '/cloudapi/1.0.0/sessions/current', method: 'GET' }).reply(401, '');
    await expect(vcd.client.whoami(passwordSession())).rejects.toMatchObject({ code: 'VCD_AUTH_FAILED' });
    expect(vcd.apiCalls()).toHaveLength(4);
  });

  test('a persistent connection error ends as VCD_NETWORK after maxAttempts', async () => {
    vcd = mockVcd({ retry: { maxAttempts: 2, baseDelayMs: 1 } });
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), { code: 'ECONNREFUSED' });
    vcd.pool.intercept({ path: '/cloudapi/1.0.0/sessions/current', method: 'GET' }).replyWithError(refused).times(2);
    await expect(vcd.client.whoami(passwordSession())).rejects.toMatchObject({ code: 'VCD_NETWORK', retryable: true, method: 'GET' });
    expect(vcd.apiCalls()).toHaveLength(2);
  });
});

describe('cancellation', () => {
  test('an abort during a Retry-After wait rejects at once with VCD_ABORTED', async () => {
    useFakeTimers();
    vcd = mockVcd();
    await vcd.client.negotiateVersion();
    vcd.pool.intercept({ path: '/cloudapi/1.0.0/sessions/current', method: 'GET' }).reply(503, '', { headers: { 'retry-after': '30' } });
    const controller = new AbortController();
    const result = vcd.client.whoami(passwordSession(), { signal: controller.signal });
    const settled = jest.fn();
    result.then(settled, settled);
    await settle();
    expect(settled).not.toHaveBeenCalled();
    controller.abort();
    await settle();
    await expect(result).rejects.toMatchObject({ code: 'VCD_ABORTED' });
    expect(vcd.apiCalls()).toHaveLength(1);
  });

  test('the operation deadline cuts a long Retry-After wait short with VCD_TIMEOUT', async () => {
    useFakeTimers();
    vcd = mockVcd({ operationTimeoutMs: 5_000 });
    await vcd.client.negotiateVersion();
    vcd.pool.intercept({ path: '/cloudapi/1.0.0/sessions/current', method: 'GET' }).reply(503, '', { headers: { 'retry-after': '30' } });
    const result = vcd.client.whoami(passwordSession());
    const settled = jest.fn();
    result.then(settled, settled);
    await settle();
    await jest.advanceTimersByTimeAsync(4_999);
    expect(settled).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(1);
    await settle();
    await expect(result).rejects.toMatchObject({ code: 'VCD_TIMEOUT' });
    expect(vcd.apiCalls()).toHaveLength(1);
  });

  test('an already-aborted signal sends nothing', async () => {
    vcd = mockVcd();
    await expect(vcd.client.whoami(passwordSession(), { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'VCD_ABORTED' });
    expect(vcd.calls()).toHaveLength(0);
  });
});

describe('DELETE (revoke)', () => {
  test('503 + Retry-After is retried and then confirmed', async () => {
    vcd = mockVcd();
    vcd.pool.intercept({ path: `/cloudapi/1.0.0/tokens/${TOKEN_ID}`, method: 'DELETE' }).reply(503, '', { headers: { 'retry-after': '0' } });
    vcd.pool.intercept({ path: `/cloudapi/1.0.0/tokens/${TOKEN_ID}`, method: 'DELETE' }).reply(204, '');
    await expect(vcd.client.revokeToken(passwordSession(), TOKEN_ID)).resolves.toEqual({ id: TOKEN_ID, status: 'revoked' });
    expect(vcd.apiCalls()).toHaveLength(2);
  });

  test('a persistent 503 or a network failure gives VCD_REVOKE_UNCONFIRMED', async () => {
    vcd = mockVcd({ retry: { maxAttempts: 3, baseDelayMs: 1 } });
    vcd.pool.intercept({ path: `/cloudapi/1.0.0/tokens/${TOKEN_ID}`, method: 'DELETE' }).reply(503, '', { headers: { 'retry-after': '0' } }).times(3);
    const err = await vcd.client.revokeToken(passwordSession(), TOKEN_ID).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'VCD_REVOKE_UNCONFIRMED', status: 503, details: { id: TOKEN_ID } });
    expect((err as Error & { cause: { code: string } }).cause.code).toBe('VCD_SERVER_ERROR');
    expect(vcd.apiCalls()).toHaveLength(3);

    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    vcd.pool.intercept({ path: `/cloudapi/1.0.0/tokens/${TOKEN_ID}`, method: 'DELETE' }).replyWithError(reset).times(3);
    await expect(vcd.client.revokeToken(passwordSession(), TOKEN_ID)).rejects.toMatchObject({ code: 'VCD_REVOKE_UNCONFIRMED' });
  });
});
