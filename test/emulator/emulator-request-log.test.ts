import { RequestLog } from '../../src/emulator/observability/request-log';
import { ACME_AUTOMATION, EmulatorTestKit } from './emulator-test-kit';

describe('emulator: request log redaction and secret sightings', () => {
  let kit: EmulatorTestKit;
  beforeAll(async () => {
    kit = await EmulatorTestKit.start({ logRequests: true, log: () => undefined });
  });
  afterAll(() => kit.close());

  test('a refresh token sent properly (form body) is seen nowhere; entries carry body field names only', async () => {
    const { refreshToken, jwt } = await kit.createApiToken(ACME_AUTOMATION, 'clean');
    const bearer = await kit.exchange('acme', refreshToken);
    await kit.bearerGet('/cloudapi/1.0.0/sessions/current', bearer);
    const log = kit.emulator.requestLog;
    for (const secret of [refreshToken, bearer, jwt]) {
      expect(log.secretSeen(secret)).toEqual({ inUrl: false, inUnexpectedHeader: false, inLog: false });
    }
    const serialised = JSON.stringify(log.entries()) + log.lines().join('\n');
    expect(serialised).not.toContain(refreshToken);
    expect(serialised).not.toContain(bearer);
    expect(serialised).toContain('Bearer [REDACTED]');
    expect(log.lines().some((l) => l.includes('/oauth/tenant/acme/token 200'))).toBe(true);
    expect(log.leaks()).toEqual([]);
  });

  test('a token in the query string: inUrl, flagged as a leak, redacted in the entry', async () => {
    const { refreshToken } = await kit.createApiToken(ACME_AUTOMATION, 'query');
    await kit.fetch(`/cloudapi/1.0.0/tokens?access_token=${refreshToken}`);
    const log = kit.emulator.requestLog;
    expect(log.secretSeen(refreshToken).inUrl).toBe(true);
    expect(log.secretSeen(refreshToken).inLog).toBe(false);
    const entry = log.entries().at(-1)!;
    expect(entry.url).toBe('/cloudapi/1.0.0/tokens?access_token=[REDACTED]');
    expect(log.leaks().at(-1)).toEqual(expect.objectContaining({ where: 'query', name: 'access_token' }));
  });

  test('a live token in an unexpected header or any query parameter is detected and redacted', async () => {
    const { refreshToken } = await kit.createApiToken(ACME_AUTOMATION, 'header');
    await kit.fetch('/api/versions', { headers: { 'x-api-key': refreshToken } });
    await kit.fetch(`/api/versions?innocent=${refreshToken}`);
    const log = kit.emulator.requestLog;
    expect(log.secretSeen(refreshToken)).toEqual({ inUrl: true, inUnexpectedHeader: true, inLog: false });
    expect(log.sawSecret(refreshToken)).toBe(true);
    expect(log.sawSecret('never-sent-canary-0123456789')).toBe(false);
    const names = log.leaks().slice(-2).map((l) => `${l.where}:${l.name}`);
    expect(names).toEqual(['header:x-api-key', 'query:innocent']);
    expect(JSON.stringify(log.entries())).not.toContain(refreshToken);
  });

  test('inLog is true when a secret did reach a log line (the check is real)', () => {
    const log = new RequestLog();
    log.addLine('oops leaked-canary-1234567890');
    expect(log.secretSeen('leaked-canary-1234567890').inLog).toBe(true);
    expect(log.secretSeen('other-canary').inLog).toBe(false);
  });

  test('the control endpoints expose the redacted log and secret sightings to other processes', async () => {
    const { refreshToken } = await kit.createApiToken(ACME_AUTOMATION, 'control');
    await kit.fetch(`/oauth/tenant/acme/token?grant_type=refresh_token&refresh_token=${refreshToken}`, { method: 'POST' });
    const seen = await kit.fetch('/__emulator/secret-seen', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ secret: refreshToken }),
    });
    expect(seen.json()).toEqual({ inUrl: true, inUnexpectedHeader: false, inLog: false });
    const requests = await kit.fetch('/__emulator/requests');
    expect(requests.text).not.toContain(refreshToken);
    expect(requests.json().leaks.some((l: { name: string }) => l.name === 'refresh_token')).toBe(true);
  });
});

describe('RequestLog bounds', () => {
  test('the ring buffer keeps the last N entries and counts all; hash sets stay bounded', () => {
    const log = new RequestLog({ capacity: 5, hashCapacity: 10 });
    for (let i = 0; i < 50; i++) {
      const url = new URL(`https://h/x?v=value-${i}`);
      log.observe('GET', url.pathname, url.search, { 'x-id': `hdr-${i}` }, i, () => false);
      log.record({ at: i, method: 'GET', url: url.pathname, headers: {}, bodyFields: [], status: 200, durationMs: 0, requestId: 'r', route: '/x' });
    }
    expect(log.entries().map((e) => e.at)).toEqual([45, 46, 47, 48, 49]);
    expect(log.totalRequests).toBe(50);
    expect(log.secretSeen('value-49').inUrl).toBe(true);
    expect(log.secretSeen('value-0').inUrl).toBe(false); // forgotten beyond hashCapacity
  });
});
