// The redaction layer: Secret never serialises its value, the redact* helpers remove every credential shape,
// and errors and debug events stay free of secrets (message, properties, cause chain, stack).
import { inspect } from 'node:util';
import { Secret, VcdError, type VcdClientEvent } from '../../src/client';
import { REDACTED, containsRegisteredSecret, redactForm, redactHeaders, redactText, redactUrl } from '../../src/client/redaction';
import { JSON_HEADERS, type MockVcd, mockVcd, page, passwordSession } from './helpers/mock-vcd';

function everySerialisation(x: unknown): string {
  const e = x as Error;
  return [JSON.stringify(x), inspect(x, { depth: Infinity, showHidden: true }), String(x), e?.stack ?? '', e?.message ?? ''].join('\n');
}

describe('Secret', () => {
  test('only reveal() returns the value', () => {
    const value = 'secret-canary-3e1a9f5b7c';
    const s = new Secret(value);
    expect(s.reveal()).toBe(value);
    expect(String(s)).toBe(REDACTED);
    expect(`${s}`).toBe(REDACTED);
    expect(JSON.stringify({ s })).toBe(`{"s":"${REDACTED}"}`);
    expect(inspect({ s }, { depth: Infinity, showHidden: true })).not.toContain(value);
    expect(Object.keys(s)).toEqual([]);
    expect(Secret.isSecret(s)).toBe(true);
    expect(Secret.isSecret({ reveal: () => value })).toBe(false);
    expect(Secret.from(s)).toBe(s);
  });

  test('wrapping registers the value so free text is scrubbed later', () => {
    const value = 'registered-canary-77aa88bb99';
    expect(redactText(`echo ${value} back`)).toBe(`echo ${value} back`);
    new Secret(value);
    expect(containsRegisteredSecret(`x${value}x`)).toBe(true);
    expect(redactText(`echo ${value} back`)).toBe(`echo ${REDACTED} back`);
    expect(redactText(`url-encoded ${encodeURIComponent(value + '/+')}`)).not.toContain(value);
  });
});

describe('redact helpers', () => {
  test('redactHeaders keeps the scheme of Authorization and hides token headers, without mutating the input', () => {
    const input = {
      Authorization: 'Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.abcdef',
      'X-VMWARE-VCLOUD-ACCESS-TOKEN': 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.abcdef',
      'x-vcloud-authorization': 'abcdef0123456789abcdef0123456789',
      'proxy-authorization': 'Basic dXNlcjpwYXNz',
      accept: 'application/json;version=38.0',
    };
    const copy = { ...input };
    expect(redactHeaders(input)).toEqual({
      Authorization: `Bearer ${REDACTED}`,
      'X-VMWARE-VCLOUD-ACCESS-TOKEN': REDACTED,
      'x-vcloud-authorization': REDACTED,
      'proxy-authorization': REDACTED,
      accept: 'application/json;version=38.0',
    });
    expect(redactHeaders({ authorization: 'Basic YWRtaW5AU3lzdGVtOnB3' })).toEqual({ authorization: `Basic ${REDACTED}` });
    expect(input).toEqual(copy);
  });

  test('redactUrl removes credentials from query strings and user-info', () => {
    const out = redactUrl('https://admin:pw@vcd.example.com/oauth/tenant/acme/token?grant_type=refresh_token&refresh_token=abc123xyz&page=2');
    expect(out).not.toContain('abc123xyz');
    expect(out).not.toContain('admin:pw');
    expect(out).toContain('grant_type=refresh_token');
    expect(out).toContain('page=2');
    expect(out).toContain(`refresh_token=${REDACTED}`);
    expect(redactUrl('/cloudapi/1.0.0/tokens?filter=(name%3D%3Dx)')).toBe('/cloudapi/1.0.0/tokens?filter=(name%3D%3Dx)');
  });

  test('redactForm hides assertion, refresh_token, device_code, client_secret, password; keeps the rest', () => {
    const form = 'grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=eyJ.a.b&client_id=6d0a1b2c&refresh_token=r1&device_code=d1&client_secret=c1&password=p1';
    const out = redactForm(form);
    for (const v of ['eyJ.a.b', '=r1', '=d1', '=c1', '=p1']) expect(out).not.toContain(v);
    expect(out).toContain('client_id=6d0a1b2c');
    expect(out).toContain('grant_type=urn%3Aietf');
  });

  test('redactText removes JWTs, Bearer/Basic credentials and JSON/form token fields', () => {
    const text =
      'got {"access_token":"at-1","refresh_token":"rt-1","apiToken":"x-1"} and refresh_token=rt-2&x=1 with Authorization: Bearer abc.def and Basic dXNlcjpw and eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig';
    const out = redactText(text);
    for (const v of ['at-1', 'rt-1', 'x-1', 'rt-2', 'abc.def', 'dXNlcjpw', 'eyJhbGciOiJIUzI1NiJ9']) expect(out).not.toContain(v);
    expect(out).toContain('x=1');
  });
});

describe('errors never carry secrets', () => {
  test('a VcdError built from secret-laden text and cause is clean in every serialisation', () => {
    const canary = 'err-canary-5d4c3b2a1f0e';
    new Secret(canary);
    const cause = Object.assign(new Error(`connect failed for https://u:${canary}@h/?refresh_token=${canary}`), { code: 'ECONNRESET' });
    (cause as Error & { cause?: unknown }).cause = new Error(`inner ${canary}`);
    const err = new VcdError('VCD_NETWORK', `failed with Bearer ${canary}`, {
      cause,
      path: `/oauth/tenant/acme/token?refresh_token=${canary}`,
      details: { note: `value ${canary}` },
    });
    const all = everySerialisation(err);
    expect(all).not.toContain(canary);
    expect(JSON.parse(JSON.stringify(err))).toMatchObject({ code: 'VCD_NETWORK', message: expect.stringContaining('failed with Bearer'), cause: { code: 'ECONNRESET' } });
    expect(all).toContain('ECONNRESET');
    expect((err.cause as Error & { code: string }).code).toBe('ECONNRESET');
  });

  test('a server that echoes the API token in its error does not leak it', async () => {
    const canary = 'echoed-api-token-canary-9a8b7c6d5e4f';
    const vcd: MockVcd = mockVcd();
    try {
      vcd.pool
        .intercept({ path: '/oauth/tenant/acme/token', method: 'POST' })
        .reply(400, JSON.stringify({ minorErrorCode: 'invalid_grant', message: `Invalid refresh token ${canary}`, stackTrace: `at check(${canary})` }), {
          headers: JSON_HEADERS,
        });
      const err = await vcd.client.exchangeApiToken({ org: 'acme', apiToken: canary }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'VCD_INVALID_GRANT' });
      expect(everySerialisation(err)).not.toContain(canary);
      expect((err as Error).message).toContain('Invalid refresh token');
    } finally {
      await vcd.close();
    }
  });

  test('debug events of a whole create flow contain no secret', async () => {
    const events: VcdClientEvent[] = [];
    const vcd = mockVcd({ logger: (e) => events.push(e) });
    const apiToken = 'created-api-token-canary-0011223344';
    const session = passwordSession('acme', 'automation', 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2Vzc2lvbi1jYW5hcnk');
    try {
      vcd.pool
        .intercept({ path: '/oauth/tenant/acme/register', method: 'POST' })
        .reply(200, JSON.stringify({ client_name: 'ci', client_id: '6d0a1b2c-3d4e-4f50-8a9b-0c1d2e3f4a5b' }), { headers: { 'content-type': 'application/json' } });
      vcd.pool
        .intercept({ path: '/oauth/tenant/acme/token', method: 'POST' })
        .reply(200, JSON.stringify({ access_token: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJiIn0.Z3JhbnQtY2FuYXJ5', token_type: 'Bearer', expires_in: 60, refresh_token: apiToken }), {
          headers: { 'content-type': 'application/json' },
        });
      const created = await vcd.client.createApiToken(session, { name: 'ci' });
      const dump = JSON.stringify(events) + inspect(created, { depth: Infinity }) + JSON.stringify(created);
      for (const secret of [apiToken, session.accessToken.reveal(), 'Z3JhbnQtY2FuYXJ5']) expect(dump).not.toContain(secret);
      expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['request', 'response']));
      // The redaction path was exercised: bearer requests are logged with the scheme only.
      expect(events.filter((e) => e.type === 'request' && e.headers?.authorization === `Bearer ${REDACTED}`)).toHaveLength(2);
      expect(events.filter((e) => e.type === 'response').map((e) => e.status)).toEqual([200, 200]);
      expect(events.every((e) => !e.url || e.url.startsWith('https://vcd.example.com/'))).toBe(true);
    } finally {
      await vcd.close();
    }
  });

  test('debug events of a password login show "Basic [REDACTED]" and never the password', async () => {
    const events: VcdClientEvent[] = [];
    const vcd = mockVcd({ logger: (e) => events.push(e) });
    const password = 'login-password-canary-55aa66bb';
    try {
      vcd.pool.intercept({ path: '/cloudapi/1.0.0/sessions', method: 'POST' }).reply(401, '');
      await expect(vcd.client.loginWithPassword({ org: 'acme', user: 'automation', password })).rejects.toMatchObject({ code: 'VCD_AUTH_FAILED' });
      const basic = Buffer.from(`automation@acme:${password}`).toString('base64');
      const dump = JSON.stringify(events);
      expect(dump).not.toContain(password);
      expect(dump).not.toContain(basic);
      expect(events.find((e) => e.type === 'request' && e.url?.endsWith('/cloudapi/1.0.0/sessions'))?.headers?.authorization).toBe(`Basic ${REDACTED}`);
    } finally {
      await vcd.close();
    }
  });
});
