import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { FaultInjector, loadFaultFile } from '../../src/emulator/faults/fault-injector';
import type { FaultAction } from '../../src/emulator/faults/fault-types';
import { waitFor } from '../cli/cli-harness';
import { ACME_ADMIN, ACME_AUTOMATION, EmulatorTestKit } from './emulator-test-kit';

describe('emulator: fault injection', () => {
  let kit: EmulatorTestKit;
  beforeAll(async () => {
    kit = await EmulatorTestKit.start();
  });
  afterEach(() => kit.emulator.faults.clear());
  afterAll(() => kit.close());

  test('status 503 with Retry-After, once, then normal service; the route is not executed', async () => {
    kit.emulator.faults.add({ method: 'GET', path: '/api/versions', action: { type: 'status', status: 503, retryAfter: 2 } });
    const faulted = await kit.fetch('/api/versions');
    expect(faulted.status).toBe(503);
    expect(faulted.headers['retry-after']).toBe('2');
    expect(faulted.json().minorErrorCode).toBe('INJECTED_FAULT');
    expect((await kit.fetch('/api/versions')).status).toBe(200);
  });

  test('429 gets Retry-After 1 by default; 500 none; times N applies exactly N times', async () => {
    kit.emulator.faults.add({ path: '/api/versions', action: { type: 'status', status: 429 }, times: 2 });
    const a = await kit.fetch('/api/versions');
    const b = await kit.fetch('/api/versions');
    const c = await kit.fetch('/api/versions');
    expect([a.status, b.status, c.status]).toEqual([429, 429, 200]);
    expect(a.headers['retry-after']).toBe('1');
    kit.emulator.faults.add({ path: '/api/versions', action: { type: 'status', status: 500 } });
    const d = await kit.fetch('/api/versions');
    expect(d.status).toBe(500);
    expect(d.headers['retry-after']).toBeUndefined();
  });

  test('always applies until removed; method filters', async () => {
    const rule = kit.emulator.faults.add({ method: 'POST', path: /^\/oauth\/.*\/token$/, action: { type: 'status', status: 503 }, times: 'always' });
    for (let i = 0; i < 3; i++) {
      expect((await kit.tokenRequest('acme', { grant_type: 'refresh_token', refresh_token: 'x' })).status).toBe(503);
    }
    expect((await kit.fetch('/oauth/tenant/acme/token')).status).toBe(405); // GET not matched
    expect(kit.emulator.faults.remove(rule.id)).toBe(true);
    expect((await kit.tokenRequest('acme', { grant_type: 'refresh_token', refresh_token: 'x' })).status).toBe(400);
  });

  test('skip lets the first N matching requests through, then applies (the N+1-th request of a kind)', async () => {
    const rule = kit.emulator.faults.add({ path: '/api/versions', action: { type: 'status', status: 500 }, skip: 2 });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await kit.fetch('/api/versions')).status);
    expect(statuses).toEqual([200, 200, 500, 200]);
    expect(rule.applied).toBe(1);
    expect(() => kit.emulator.faults.add({ path: '/x', action: { type: 'status', status: 500 }, skip: -1 })).toThrow(/"skip" must be an integer ≥ 0/);
  });

  /**
   * Proves a delaying fault held its request without measuring time: once the rule has matched, a second request
   * (the rule applied once, so not delayed) is answered and logged while the first is still unanswered and
   * unlogged; then the first gets its normal answer, logged with the fault. Without the delay the first request
   * is answered before the second is even sent. The delay only has to outlast one local round trip.
   */
  async function expectHeldThenAnswered(action: FaultAction): Promise<void> {
    const rule = kit.emulator.faults.add({ path: '/api/versions', action });
    const mark = kit.emulator.requestLog.totalRequests;
    let answered = false;
    const held = kit.fetch('/api/versions').then((r) => {
      answered = true;
      return r;
    });
    await waitFor(() => rule.applied === 1, 'the rule to match the first request');
    expect((await kit.fetch('/api/versions')).status).toBe(200);
    expect(answered).toBe(false);
    const loggedWhileHeld = kit.emulator.requestLog.entries().filter((e) => e.seq > mark);
    expect(loggedWhileHeld.map((e) => e.fault)).toEqual([undefined]);
    expect((await held).status).toBe(200);
    const all = kit.emulator.requestLog.entries().filter((e) => e.seq > mark);
    expect(all.map((e) => [e.status, e.fault])).toEqual([[200, undefined], [200, `${rule.id}:${action.type}`]]);
  }

  test('latency delays the answer: another request is answered meanwhile, then this one normally, logged with the fault', async () => {
    await expectHeldThenAnswered({ type: 'latency', ms: 1000 });
  });

  test('reset before: the connection dies and nothing is processed', async () => {
    const jwt = await kit.loginJwt(ACME_ADMIN);
    const before = kit.emulator.world.tokens.size;
    kit.emulator.faults.add({ path: '/oauth/tenant/acme/register', action: { type: 'reset', when: 'before' } });
    await expect(kit.register(jwt, 'acme', 'never-created')).rejects.toThrow();
    expect(kit.emulator.world.tokens.size).toBe(before);
  });

  test('reset after: the state change happens, then the connection dies (ambiguous failure)', async () => {
    const jwt = await kit.loginJwt(ACME_ADMIN);
    kit.emulator.faults.add({ path: '/oauth/tenant/acme/register', action: { type: 'reset', when: 'after' } });
    await expect(kit.register(jwt, 'acme', 'created-but-lost')).rejects.toThrow();
    expect([...kit.emulator.world.tokens.values()].filter((t) => t.name === 'created-but-lost')).toHaveLength(1);
    const entry = kit.emulator.requestLog.entries().at(-1)!;
    expect(entry.fault).toMatch(/:reset$/);
    expect(entry.status).toBe(0);
  });

  test('stall for N ms holds the headers, then answers', async () => {
    await expectHeldThenAnswered({ type: 'stall', ms: 1000 });
  });

  test('stall forever: the client times out on headers; the emulator keeps serving others', async () => {
    kit.emulator.faults.add({ path: '/api/versions', action: { type: 'stall' } });
    const impatient = new Agent({ connect: { ca: kit.emulator.caPem }, headersTimeout: 300 });
    try {
      await expect(request(`${kit.emulator.url}/api/versions`, { dispatcher: impatient })).rejects.toMatchObject({
        code: 'UND_ERR_HEADERS_TIMEOUT',
      });
    } finally {
      await impatient.destroy();
    }
    expect((await kit.fetch('/api/versions')).status).toBe(200);
  });

  test('malformedJson: processed, real status, truncated JSON body', async () => {
    const { refreshToken } = await kit.createApiToken(ACME_AUTOMATION, 'malformed');
    kit.emulator.faults.add({ path: '/oauth/tenant/acme/token', action: { type: 'malformedJson' } });
    const res = await kit.tokenRequest('acme', { grant_type: 'refresh_token', refresh_token: refreshToken });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(() => JSON.parse(res.text)).toThrow();
    expect(res.text).not.toContain(refreshToken);
  });

  test('redirect: 307 with Location, the route is not executed', async () => {
    const jwt = await kit.loginJwt(ACME_ADMIN);
    const before = kit.emulator.world.tokens.size;
    kit.emulator.faults.add({ path: '/oauth/tenant/acme/register', action: { type: 'redirect', location: 'http://127.0.0.1:9/steal' } });
    const res = await kit.register(jwt, 'acme', 'redirected');
    expect(res.status).toBe(307);
    expect(res.headers.location).toBe('http://127.0.0.1:9/steal');
    expect(kit.emulator.world.tokens.size).toBe(before);
    expect(() => kit.emulator.faults.add({ path: '/x', action: { type: 'redirect', location: '' } })).toThrow(/needs "location"/);
  });

  test('htmlError: a proxy-like HTML page (default 502)', async () => {
    kit.emulator.faults.add({ path: '/cloudapi/', action: { type: 'htmlError' } });
    const res = await kit.fetch('/cloudapi/1.0.0/tokens');
    expect(res.status).toBe(502);
    expect(res.headers['content-type']).toBe('text/html');
    expect(res.text).toMatch(/<html>/);
  });

  test('control endpoint: POST adds rules (string or regex path), GET lists, DELETE one or all; control paths are never faulted', async () => {
    const added = await kit.fetch('/__emulator/faults', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        { path: '/api/versions', action: { type: 'status', status: 503 }, times: 'always' },
        { pathRegex: '^/__emulator/', action: { type: 'status', status: 500 }, times: 'always' },
      ]),
    });
    expect(added.status).toBe(201);
    const { ids } = added.json();
    expect(ids).toHaveLength(2);
    expect((await kit.fetch('/api/versions')).status).toBe(503);
    const listed = await kit.fetch('/__emulator/faults');
    expect(listed.status).toBe(200);
    expect(listed.json().map((r: { id: string }) => r.id)).toEqual(ids);
    expect((await kit.fetch(`/__emulator/faults/${ids[0]}`, { method: 'DELETE' })).status).toBe(204);
    expect((await kit.fetch('/api/versions')).status).toBe(200);
    expect((await kit.fetch('/__emulator/faults', { method: 'DELETE' })).status).toBe(204);
    expect(kit.emulator.faults.list()).toEqual([]);
  });

  test('control endpoint refuses bad rules with a clear 400', async () => {
    const res = await kit.fetch('/__emulator/faults', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ path: '/x', action: { type: 'explode' } }),
    });
    expect(res.status).toBe(400);
    expect(res.json().message).toMatch(/action.type/);
  });

  test('GET /__emulator/stats reports request counts and memory usage', async () => {
    const before = (await kit.fetch('/__emulator/stats')).json();
    await kit.fetch('/api/versions');
    const after = (await kit.fetch('/__emulator/stats')).json();
    expect(after.requests.total).toBeGreaterThanOrEqual(before.requests.total + 2);
    expect(after.requests.byStatus['200']).toBeGreaterThan(0);
    expect(after.memoryUsage.rss).toBeGreaterThan(0);
    expect(typeof after.sessions).toBe('number');
  });
});

describe('emulator: fault rules from a file and options', () => {
  test('loadFaultFile validates and converts pathRegex', () => {
    const dir = mkdtempSync(join(tmpdir(), 'e1-faults-'));
    const file = join(dir, 'faults.json');
    writeFileSync(file, JSON.stringify([{ method: 'post', pathRegex: '/token$', action: { type: 'reset', when: 'after' }, times: 2 }]));
    const [rule] = loadFaultFile(file);
    expect(rule.path).toBeInstanceOf(RegExp);
    const injector = new FaultInjector();
    injector.add(rule);
    expect(injector.take('GET', '/oauth/provider/token')).toBeUndefined();
    expect(injector.take('POST', '/oauth/provider/token')?.action).toEqual({ type: 'reset', when: 'after' });
    expect(injector.take('POST', '/oauth/provider/token')).toBeDefined();
    expect(injector.take('POST', '/oauth/provider/token')).toBeUndefined();
    writeFileSync(file, JSON.stringify([{ path: '/x', action: { type: 'status' } }]));
    expect(() => loadFaultFile(file)).toThrow(/\[0\]: status needs "status"/);
    writeFileSync(file, '{');
    expect(() => loadFaultFile(file)).toThrow(/Cannot read fault file/);
  });

  test('faults given at start are active', async () => {
    const kit = await EmulatorTestKit.start({ faults: [{ path: '/api/versions', action: { type: 'status', status: 503 } }] });
    try {
      expect((await kit.fetch('/api/versions')).status).toBe(503);
      expect((await kit.fetch('/api/versions')).status).toBe(200);
    } finally {
      await kit.close();
    }
  });
});
