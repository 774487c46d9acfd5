import { request } from 'undici';
import { EmulatorTestKit, ACME_ADMIN } from './emulator-test-kit';
import { resolveVcdRelease } from '../../src/emulator/versions/vcd-releases';

describe('emulator: versions, TLS and version gating', () => {
  let kit: EmulatorTestKit;
  beforeAll(async () => {
    kit = await EmulatorTestKit.start();
  });
  afterAll(() => kit.close());

  test('serves HTTPS that verifies only with the generated CA', async () => {
    expect(kit.emulator.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    await expect(request(`${kit.emulator.url}/api/versions`)).rejects.toThrow(/certificate|self.signed|verify/i);
    const ok = await kit.fetch('/api/versions');
    expect(ok.status).toBe(200);
  });

  test('GET /api/versions lists every API version of 10.5 (older too) with cloudapi login URLs, as XML', async () => {
    const res = await kit.fetch('/api/versions');
    expect(res.headers['content-type']).toMatch(/xml/);
    const versions = [...res.text.matchAll(/<Version>([^<]+)<\/Version>/g)].map((m) => m[1]);
    expect(versions).toEqual(['33.0', '34.0', '35.0', '36.0', '36.1', '36.2', '36.3', '37.0', '37.1', '37.2', '37.3', '38.0']);
    expect(res.text).toContain(`<LoginUrl>${kit.emulator.url}/cloudapi/1.0.0/sessions</LoginUrl>`);
    expect(res.text).toContain(`<ProviderLoginUrl>${kit.emulator.url}/cloudapi/1.0.0/sessions/provider</ProviderLoginUrl>`);
    expect(res.text).not.toContain('39.0');
  });

  test('GET /api/versions answers JSON when asked', async () => {
    const res = await kit.fetch('/api/versions', { headers: { accept: 'application/json' } });
    expect(res.headers['content-type']).toMatch(/json/);
    const body = res.json();
    expect(body.versionInfo.map((v: { version: string }) => v.version)).toContain('38.0');
    expect(body.versionInfo.find((v: { version: string }) => v.version === '36.1').providerLoginUrl).toBe(
      `${kit.emulator.url}/cloudapi/1.0.0/sessions/provider`,
    );
  });

  test('an Accept version the release does not serve gets 406 on /api (XML) and /cloudapi (JSON)', async () => {
    const jwt = await kit.loginJwt(ACME_ADMIN);
    const api = await kit.bearerGet('/api/org', jwt, 'application/*+xml;version=39.0');
    expect(api.status).toBe(406);
    expect(api.text).toMatch(/<Error [^>]*majorErrorCode="406"/);
    const cloudapi = await kit.bearerGet('/cloudapi/1.0.0/sessions/current', jwt, 'application/json;version=39.0');
    expect(cloudapi.status).toBe(406);
    expect(cloudapi.json()).toEqual(expect.objectContaining({ minorErrorCode: 'NOT_ACCEPTABLE', stackTrace: '' }));
    const supported = await kit.bearerGet('/api/org', jwt, 'application/*+xml;version=36.1');
    expect(supported.status).toBe(200);
    expect(supported.headers['content-type']).toBe('application/vnd.vmware.vcloud.orgList+xml;version=36.1');
  });

  test('/oauth/* does not check Accept (GOVCD sends an empty or foreign version)', async () => {
    const jwt = await kit.loginJwt(ACME_ADMIN);
    const res = await kit.fetch('/oauth/tenant/acme/register', {
      method: 'POST',
      headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json', accept: 'application/json;version=99.0' },
      body: JSON.stringify({ client_name: 'accept-ignored' }),
    });
    expect(res.status).toBe(200);
  });

  test('echoes X-VMWARE-VCLOUD-REQUEST-ID from a valid client request id, else a UUID', async () => {
    const withId = await kit.fetch('/api/versions', { headers: { 'x-vmware-vcloud-client-request-id': '7-2026-01-01-abc' } });
    expect(withId.headers['x-vmware-vcloud-request-id']).toMatch(/^7-2026-01-01-abc-[0-9a-f-]{36}$/);
    const invalid = await kit.fetch('/api/versions', { headers: { 'x-vmware-vcloud-client-request-id': 'bad id!' } });
    expect(invalid.headers['x-vmware-vcloud-request-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f-]{27}$/);
  });

  test('unknown paths are 404 in the area shape, wrong methods 405 with Allow', async () => {
    const missing = await kit.fetch('/cloudapi/1.0.0/nope');
    expect(missing.status).toBe(404);
    expect(missing.json().minorErrorCode).toBe('NOT_FOUND');
    const wrongMethod = await kit.fetch('/oauth/tenant/acme/token');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.allow).toBe('POST');
  });
});

describe('emulator: release gating', () => {
  test('VCD 10.3.0 (API 36.0) has no API tokens: oauth paths are 404 and /api/versions stops at 36.0', async () => {
    const kit = await EmulatorTestKit.start({ vcdVersion: '10.3.0' });
    try {
      expect(kit.emulator.apiVersion).toBe('36.0');
      const versions = await kit.fetch('/api/versions');
      expect(versions.text).toContain('<Version>36.0</Version>');
      expect(versions.text).not.toContain('<Version>36.1</Version>');
      const jwt = await kit.loginJwt(ACME_ADMIN);
      expect((await kit.register(jwt, 'acme', 'x')).status).toBe(404);
      expect((await kit.tokenRequest('acme', { grant_type: 'refresh_token', refresh_token: 'x' })).status).toBe(404);
    } finally {
      await kit.close();
    }
  });

  test('VCD 10.3.1 serves 36.1 and API tokens', async () => {
    const kit = await EmulatorTestKit.start({ vcdVersion: '10.3.1' });
    try {
      expect(kit.emulator.apiVersion).toBe('36.1');
      const { refreshToken } = await kit.createApiToken(ACME_ADMIN, 'on-10.3.1');
      expect(await kit.exchange('acme', refreshToken)).toMatch(/\./);
    } finally {
      await kit.close();
    }
  });

  test('requireAcceptVersion: a versionless Accept on /api or /cloudapi is 406; /oauth and /api/versions are exempt', async () => {
    const kit = await EmulatorTestKit.start({ requireAcceptVersion: true });
    try {
      const jwt = await kit.loginJwt(ACME_ADMIN); // the kit's login sends a version
      expect((await kit.bearerGet('/api/org', jwt, 'application/*+xml')).status).toBe(406);
      const cloudapi = await kit.bearerGet('/cloudapi/1.0.0/sessions/current', jwt, 'application/json');
      expect(cloudapi.status).toBe(406);
      expect(cloudapi.json().message).toMatch(/must name an API version/);
      expect((await kit.bearerGet('/cloudapi/1.0.0/sessions/current', jwt)).status).toBe(200);
      expect((await kit.fetch('/api/versions')).status).toBe(200);
      expect((await kit.register(jwt, 'acme', 'no-version-needed')).status).toBe(200);
    } finally {
      await kit.close();
    }
  });

  test('release table maps 10.4 → 37.0 and 10.6 → 39.0, and refuses unknown releases', () => {
    expect(resolveVcdRelease('10.4').apiVersion).toBe('37.0');
    expect(resolveVcdRelease('10.6').apiVersion).toBe('39.0');
    expect(resolveVcdRelease('10.6').supports('36.1')).toBe(true);
    expect(() => resolveVcdRelease('10.2')).toThrow(/Unsupported VCD version "10.2"/);
  });
});
