// Typed errors for each VCD error shape, token-response validation, org mistakes, version and URL checks,
// and create reconciliation: all on MockAgent.
import { inspect } from 'node:util';
import { VcdClient, VcdError } from '../../src/client';
import { parseVcdUrl } from '../../src/client/vcd-url';
import { JSON_HEADERS, ORIGIN, type MockVcd, mockVcd, page, passwordSession, tokenJson, tokenSession } from './helpers/mock-vcd';
import { failure } from './helpers/failure';

const HTML_PAGE = '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>nginx says no</h1></body></html>';

let vcd: MockVcd;
afterEach(async () => {
  await vcd?.close();
});


describe('VCD error shapes', () => {
  test('401 with an empty body on login → VCD_AUTH_FAILED', async () => {
    vcd = mockVcd();
    vcd.pool.intercept({ path: '/cloudapi/1.0.0/sessions', method: 'POST' }).reply(401, '');
    const err = await failure(vcd.client.loginWithPassword({ org: 'acme', user: 'automation', password: 'wrong-password' }));
    expect(err).toMatchObject({ code: 'VCD_AUTH_FAILED', status: 401, method: 'POST', retryable: false });
    expect(err.message).toMatch(/wrong user, org or password/);
    expect(vcd.apiCalls()).toHaveLength(1);
  });

  test('cloudapi JSON invalid_grant / "Invalid refresh token" on the exchange → VCD_INVALID_GRANT', async () => {
    vcd = mockVcd();
    vcd.pool
      .intercept({ path: '/oauth/tenant/acme/token', method: 'POST' })
      .reply(400, JSON.stringify({ minorErrorCode: 'invalid_grant', message: 'Invalid refresh token', stackTrace: '' }), { headers: JSON_HEADERS });
    vcd.pool
      .intercept({ path: '/oauth/tenant/acme/token', method: 'POST' })
      .reply(401, JSON.stringify({ error: 'invalid_grant', error_description: 'revoked' }), { headers: { 'content-type': 'application/json' } });
    vcd.pool
      .intercept({ path: '/oauth/tenant/acme/token', method: 'POST' })
      .reply(500, JSON.stringify({ minorErrorCode: 'server_error', message: 'Invalid refresh token' }), { headers: JSON_HEADERS });
    for (let i = 0; i < 3; i++) {
      const err = await failure(vcd.client.exchangeApiToken({ org: 'acme', apiToken: 'some-api-token-value-1234' }));
      expect(err.code).toBe('VCD_INVALID_GRANT');
      expect(err.retryable).toBe(false);
    }
    expect(vcd.apiCalls()).toHaveLength(3);
  });

  test('legacy XML <Error> attributes are read', async () => {
    vcd = mockVcd();
    vcd.pool
      .intercept({ path: '/api/org', method: 'GET' })
      .reply(
        403,
        '<?xml version="1.0"?><Error xmlns="http://www.vmware.com/vcloud/v1.5" message="Either you need some rights or the resource is gone &amp; so on" majorErrorCode="403" minorErrorCode="ACCESS_TO_RESOURCE_IS_FORBIDDEN" stackTrace="x"/>',
        { headers: { 'content-type': 'application/vnd.vmware.vcloud.error+xml;version=38.0' } },
      );
    const err = await failure(vcd.client.verifyBearer(passwordSession()));
    expect(err).toMatchObject({ code: 'VCD_FORBIDDEN', status: 403, minorErrorCode: 'ACCESS_TO_RESOURCE_IS_FORBIDDEN' });
    expect(err.message).toContain('resource is gone & so on');
  });

  test('an HTML page from a proxy is named as such and never echoed', async () => {
    vcd = mockVcd({ retry: { maxAttempts: 1 } });
    vcd.pool.intercept({ path: '/cloudapi/1.0.0/sessions/current', method: 'GET' }).reply(502, HTML_PAGE, { headers: { 'content-type': 'text/html' } });
    vcd.pool.intercept({ path: '/oauth/tenant/acme/token', method: 'POST' }).reply(200, HTML_PAGE, { headers: { 'content-type': 'text/html; charset=utf-8' } });
    vcd.pool.intercept({ path: '/cloudapi/1.0.0/sessions', method: 'POST' }).reply(403, HTML_PAGE);
    const e1 = await failure(vcd.client.whoami(passwordSession()));
    const e2 = await failure(vcd.client.exchangeApiToken({ org: 'acme', apiToken: 'some-api-token-value-1234' }));
    const e3 = await failure(vcd.client.loginWithPassword({ org: 'acme', user: 'u', password: 'p-123' }));
    expect(e1.code).toBe('VCD_SERVER_ERROR');
    expect(e2.code).toBe('VCD_BAD_RESPONSE');
    expect(e3.code).toBe('VCD_BAD_RESPONSE');
    for (const e of [e1, e2, e3]) {
      expect(e.message).toContain('the server answered with an HTML page (a proxy or load balancer?)');
      expect(JSON.stringify(e) + e.message + String(e.stack)).not.toMatch(/nginx says no|<html/i);
    }
  });

  test('a 401 on a bearer call says the session is no longer accepted', async () => {
    vcd = mockVcd();
    vcd.pool
      .intercept({ path: (p) => p.startsWith('/cloudapi/1.0.0/tokens?'), method: 'GET' })
      .reply(401, JSON.stringify({ minorErrorCode: 'UNAUTHORIZED', message: 'expired' }), { headers: JSON_HEADERS });
    const err = await failure(vcd.client.listTokens(passwordSession()));
    expect(err).toMatchObject({ code: 'VCD_AUTH_FAILED', status: 401, minorErrorCode: 'UNAUTHORIZED' });
    expect(err.message).toMatch(/expired|logged out|revoked/);
  });

  test('406 → VCD_VERSION_UNSUPPORTED; 3xx is never followed → VCD_BAD_RESPONSE', async () => {
    vcd = mockVcd();
    vcd.pool.intercept({ path: '/cloudapi/1.0.0/sessions/current', method: 'GET' }).reply(406, '');
    vcd.pool.intercept({ path: '/oauth/tenant/acme/token', method: 'POST' }).reply(307, '', { headers: { location: 'https://steal.example.net/collect' } });
    expect((await failure(vcd.client.whoami(passwordSession()))).code).toBe('VCD_VERSION_UNSUPPORTED');
    expect((await failure(vcd.client.exchangeApiToken({ org: 'acme', apiToken: 'some-api-token-value-1234' }))).code).toBe('VCD_BAD_RESPONSE');
    expect(vcd.calls().every((c) => c.origin === ORIGIN)).toBe(true);
  });
});

describe('token-response validation', () => {
  const CANARY = 'canary-access-token-0f9e8d7c6b5a';
  const cases: Array<[string, string, string, RegExp]> = [
    ['missing access_token', 'application/json', JSON.stringify({ token_type: 'Bearer', expires_in: 60 }), /"access_token" is missing/],
    ['empty access_token', 'application/json', JSON.stringify({ access_token: '', token_type: 'Bearer', expires_in: 60 }), /"access_token"/],
    ['token_type mac', 'application/json', JSON.stringify({ access_token: CANARY, token_type: 'mac', expires_in: 60 }), /"token_type" is "mac"/],
    ['token_type missing', 'application/json', JSON.stringify({ access_token: CANARY, expires_in: 60 }), /"token_type" is missing/],
    ['expires_in "abc"', 'application/json', JSON.stringify({ access_token: CANARY, token_type: 'Bearer', expires_in: 'abc' }), /"expires_in"/],
    ['expires_in 0', 'application/json', JSON.stringify({ access_token: CANARY, token_type: 'Bearer', expires_in: 0 }), /"expires_in"/],
    ['refresh_token a number', 'application/json', JSON.stringify({ access_token: CANARY, token_type: 'Bearer', expires_in: 5, refresh_token: 42 }), /"refresh_token"/],
    ['text/plain', 'text/plain', JSON.stringify({ access_token: CANARY, token_type: 'Bearer', expires_in: 60 }), /JSON content type/],
    ['malformed JSON', 'application/json', `{"access_token":"${CANARY}","token_ty`, /not valid JSON/],
    ['an array', 'application/json', JSON.stringify([CANARY]), /not a JSON object/],
  ];
  test.each(cases)('%s → VCD_BAD_RESPONSE without echoing the body', async (_name, contentType, body, why) => {
    vcd = mockVcd();
    vcd.pool.intercept({ path: '/oauth/tenant/acme/token', method: 'POST' }).reply(200, body, { headers: { 'content-type': contentType } });
    const err = await failure(vcd.client.exchangeApiToken({ org: 'acme', apiToken: 'some-api-token-value-1234' }));
    expect(err.code).toBe('VCD_BAD_RESPONSE');
    expect(err.message).toMatch(why);
    expect(`${err.message}${JSON.stringify(err)}${inspect(err, { depth: Infinity })}${String(err.stack)}`).not.toContain(CANARY);
  });
});

describe('org mistakes are refused before any request', () => {
  const cases: Array<[string, string, string]> = [
    ['an e-mail address', 'jdoe@acme.example', 'e-mail'],
    ['a URN', 'urn:vcloud:org:255ae7f7-9a8a-5c14-a5e5-c38f677bcde2', 'URN'],
    ['a UUID', '255ae7f7-9a8a-5c14-a5e5-c38f677bcde2', 'UUID'],
    ['the user name', 'automation', 'same as the user name'],
    ['empty', '', 'empty'],
    ['with a slash', 'acme/x', 'characters'],
  ];
  test.each(cases)('%s', async (_name, org, why) => {
    vcd = mockVcd();
    const login = await failure(vcd.client.loginWithPassword({ org, user: 'automation', password: 'pw-123' }));
    expect(login.code).toBe('VCD_BAD_ORG');
    expect(login.message).toContain(why);
    expect(login.message).toMatch(/organization \*name\*/);
    if (org !== 'automation') {
      expect((await failure(vcd.client.exchangeApiToken({ org, apiToken: 'some-api-token-value-1234' }))).code).toBe('VCD_BAD_ORG');
    }
    expect(vcd.calls()).toHaveLength(0);
  });
});

describe('version and URL checks', () => {
  test('a server older than API 36.1 fails before any POST, naming the versions', async () => {
    vcd = mockVcd({
      versionsXml:
        '<SupportedVersions><VersionInfo deprecated="false"><Version>35.0</Version></VersionInfo><VersionInfo deprecated="false"><Version>36.0</Version></VersionInfo><VersionInfo deprecated="true"><Version>37.0</Version></VersionInfo></SupportedVersions>',
    });
    const err = await failure(vcd.client.loginWithPassword({ org: 'acme', user: 'automation', password: 'pw-123' }));
    expect(err.code).toBe('VCD_VERSION_UNSUPPORTED');
    expect(err.message).toContain('35.0, 36.0');
    expect(err.message).toContain('36.1');
    expect(err.details).toEqual({ serverVersions: ['35.0', '36.0'], required: '36.1' });
    expect(vcd.calls().map((c) => `${c.method} ${c.path}`)).toEqual(['GET /api/versions']);
    expect(vcd.calls().every((c) => c.method === 'GET')).toBe(true);
  });

  test('an exchange needs no version; on a VCD without the token endpoint (404) it then names the versions', async () => {
    vcd = mockVcd({
      versionsXml: '<SupportedVersions><VersionInfo deprecated="false"><Version>36.0</Version></VersionInfo></SupportedVersions>',
    });
    vcd.pool.intercept({ path: '/oauth/tenant/acme/token', method: 'POST' }).reply(404, '');
    const err = await failure(vcd.client.exchangeApiToken({ org: 'acme', apiToken: 'some-api-token-value-1234' }));
    expect(err.code).toBe('VCD_VERSION_UNSUPPORTED');
    expect(vcd.calls().map((c) => `${c.method} ${c.path}`)).toEqual(['POST /oauth/tenant/acme/token', 'GET /api/versions']);
  });

  test('a 404 from the token endpoint of a current VCD stays a 404 (check the URL and org)', async () => {
    vcd = mockVcd();
    vcd.pool.intercept({ path: '/oauth/tenant/acme/token', method: 'POST' }).reply(404, '');
    const err = await failure(vcd.client.exchangeApiToken({ org: 'acme', apiToken: 'some-api-token-value-1234' }));
    expect(err).toMatchObject({ code: 'VCD_NOT_FOUND', status: 404 });
    expect(err.message).toContain('check the VCD URL');
  });

  test('URL forms: host, /api, /prefix/api; api-named hosts; http and credentials refused', () => {
    expect(parseVcdUrl('https://vcd.example.com')).toMatchObject({ origin: 'https://vcd.example.com', prefix: '' });
    expect(parseVcdUrl('https://vcd.example.com/api/')).toMatchObject({ origin: 'https://vcd.example.com', prefix: '' });
    expect(parseVcdUrl('https://vcd.example.com:8443/cloud/api')).toMatchObject({ origin: 'https://vcd.example.com:8443', prefix: '/cloud' });
    expect(parseVcdUrl('https://api.vcd.example.com/api')).toMatchObject({ origin: 'https://api.vcd.example.com', prefix: '' });
    expect(parseVcdUrl('https://127.0.0.1:9443/api')).toMatchObject({ loopback: true });
    expect(() => parseVcdUrl('http://vcd.example.com/api')).toThrow(expect.objectContaining({ code: 'VCD_INSECURE_TRANSPORT' }));
    expect(() => parseVcdUrl('http://127.0.0.1:1/api')).toThrow(expect.objectContaining({ code: 'VCD_INSECURE_TRANSPORT' }));
    expect(parseVcdUrl('http://127.0.0.1:1/api', { allowInsecureHttp: true }).origin).toBe('http://127.0.0.1:1');
    expect(() => parseVcdUrl('https://admin:secret@vcd.example.com')).toThrow(expect.objectContaining({ code: 'VCD_INVALID_ARGUMENT' }));
    expect(() => parseVcdUrl('vcd.example.com')).toThrow(expect.objectContaining({ code: 'VCD_INVALID_ARGUMENT' }));
  });

  test('insecure: true without a logger emits a process warning', async () => {
    const spy = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const client = new VcdClient({ url: 'https://vcd.example.com', insecure: true });
      await client.close();
      expect(spy).toHaveBeenCalledWith(expect.stringContaining('TLS certificate verification is OFF'), expect.objectContaining({ code: 'VCD_INSECURE_TLS' }));
      spy.mockClear();
      await new VcdClient({ url: 'https://vcd.example.com' }).close();
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  test('insecure: true emits a warning through the logger', async () => {
    const events: unknown[] = [];
    const client = new VcdClient({ url: 'https://vcd.example.com', insecure: true, logger: (e) => events.push(e) });
    await client.close();
    expect(events).toEqual([expect.objectContaining({ type: 'warning', message: expect.stringContaining('TLS certificate verification is OFF') })]);
  });
});

describe('createApiToken refusals and reconciliation', () => {
  const CLIENT_ID = '6d0a1b2c-3d4e-4f50-8a9b-0c1d2e3f4a5b';
  const ORPHAN = `urn:vcloud:token:${CLIENT_ID}`;

  test('a session made from an API token is refused locally', async () => {
    vcd = mockVcd();
    const err = await failure(vcd.client.createApiToken(tokenSession(), { name: 'ci' }));
    expect(err.code).toBe('VCD_TOKEN_SESSION_FORBIDDEN');
    expect(err.message).toContain('log in with a password');
    expect(vcd.calls()).toHaveLength(0);
  });

  /** Answers the register with the client_name it was sent (the per-attempt name), and remembers it. */
  function registerAnswer(status: number, names: string[], body: (name: string) => string = (name) => JSON.stringify({ client_name: name, client_id: CLIENT_ID })) {
    return (opts: { body?: unknown }): string => {
      const name = (JSON.parse(String(opts.body)) as { client_name: string }).client_name;
      names.push(name);
      return status === 200 ? body(name) : '';
    };
  }

  test('403 on register: missing right for password sessions (nothing to reconcile)', async () => {
    vcd = mockVcd();
    vcd.pool
      .intercept({ path: '/oauth/tenant/acme/register', method: 'POST' })
      .reply(403, JSON.stringify({ minorErrorCode: 'ACCESS_TO_RESOURCE_IS_FORBIDDEN', message: 'Missing right "API Tokens: Manage"' }), { headers: JSON_HEADERS });
    const err = await failure(vcd.client.createApiToken(passwordSession(), { name: 'ci' }));
    expect(err).toMatchObject({ code: 'VCD_MISSING_RIGHT', status: 403 });
    expect(vcd.apiCalls()).toHaveLength(1);
  });

  test('503 after register may have succeeded: the attempt name is looked up and only its token revoked', async () => {
    vcd = mockVcd();
    const names: string[] = [];
    vcd.pool.intercept({ path: '/oauth/tenant/acme/register', method: 'POST' }).reply(503, registerAnswer(503, names));
    let filter = '';
    vcd.pool
      .intercept({ path: (p) => p.startsWith('/cloudapi/1.0.0/tokens?'), method: 'GET' })
      .reply(200, (opts) => {
        filter = new URL(`${ORIGIN}${opts.path}`).searchParams.get('filter') ?? '';
        // What VCD would answer to that exact name: the attempt's token (tokens made under "ci" before do not match).
        return page([tokenJson(ORPHAN, names[0] as string)]);
      }, { headers: JSON_HEADERS });
    vcd.pool.intercept({ path: `/cloudapi/1.0.0/tokens/${ORPHAN}`, method: 'DELETE' }).reply(204, '');
    const err = await failure(vcd.client.createApiToken(passwordSession(), { name: 'ci' }));
    expect(names[0]).toMatch(/^ci~[0-9a-f]{8}$/);
    expect(filter).toBe(`(name==${names[0]};owner.name==automation;(type==PROXY,type==REFRESH))`);
    expect(err.code).toBe('VCD_CREATE_RECONCILED');
    expect(err.details).toEqual({ orphansRevoked: [ORPHAN], unresolved: [], listFailed: false, causeCode: 'VCD_SERVER_ERROR', attemptName: names[0] });
    expect(err.retryable).toBe(true);
    expect((err as Error & { cause: VcdError }).cause.code).toBe('VCD_SERVER_ERROR');
    expect(vcd.apiCalls().map((c) => `${c.method} ${c.path}`)).toEqual([
      'POST /oauth/tenant/acme/register',
      'GET /cloudapi/1.0.0/tokens',
      `DELETE /cloudapi/1.0.0/tokens/${ORPHAN}`,
    ]);
  });

  test('a register that made nothing: the lookup finds no token of the attempt, nothing is revoked', async () => {
    vcd = mockVcd();
    vcd.pool.intercept({ path: '/oauth/tenant/acme/register', method: 'POST' }).replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    vcd.pool.intercept({ path: (p) => p.startsWith('/cloudapi/1.0.0/tokens?'), method: 'GET' }).reply(200, page([]), { headers: JSON_HEADERS });
    const err = await failure(vcd.client.createApiToken(passwordSession(), { name: 'ci' }));
    expect(err.details).toMatchObject({ orphansRevoked: [], unresolved: [], listFailed: false, causeCode: 'VCD_NETWORK' });
    expect(err.message).toContain('VCD holds no token of this attempt');
    expect(err.message).toContain('safe to try again');
    expect(vcd.apiCalls().map((c) => c.method)).toEqual(['POST', 'GET']);
  });

  test('a lost grant response (connection reset) revokes the registered token by id, without a listing; a failed revoke is reported unresolved', async () => {
    vcd = mockVcd({ retry: { maxAttempts: 2, baseDelayMs: 1 } });
    const names: string[] = [];
    vcd.pool.intercept({ path: '/oauth/tenant/acme/register', method: 'POST' }).reply(200, registerAnswer(200, names), { headers: { 'content-type': 'application/json' } });
    vcd.pool.intercept({ path: '/oauth/tenant/acme/token', method: 'POST' }).replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    vcd.pool.intercept({ path: `/cloudapi/1.0.0/tokens/${ORPHAN}`, method: 'DELETE' }).reply(503, '', { headers: { 'retry-after': '0' } }).times(2);
    const err = await failure(vcd.client.createApiToken(passwordSession(), { name: 'ci' }));
    // The token may still be live: a revoke not confirmed, not a failure to simply retry.
    expect(err.code).toBe('VCD_REVOKE_UNCONFIRMED');
    expect(err.details).toMatchObject({ orphansRevoked: [], unresolved: [ORPHAN], causeCode: 'VCD_NETWORK' });
    expect(err.retryable).toBe(false);
    expect(err.message).toContain('Could NOT revoke');
    expect(err.message).not.toContain('no token of this attempt');
    expect(vcd.apiCalls().map((c) => c.method)).toEqual(['POST', 'POST', 'DELETE', 'DELETE']);
  });
});
