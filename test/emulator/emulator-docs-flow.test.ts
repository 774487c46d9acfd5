// Replays the VMware documentation flow ("Generate an API Access Token", "View and Revoke Access Tokens")
// with plain node:https requests, as a shell script with curl would, trusting only the emulator's CA file.
import { readFileSync } from 'node:fs';
import https from 'node:https';
import { startEmulator, type RunningEmulator } from '../../src/emulator/start-emulator';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(emulator: RunningEmulator, method: string, path: string, headers: Record<string, string>, body?: string): Promise<RawResponse> {
  const url = new URL(path, emulator.url);
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method,
        headers: body === undefined ? headers : { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
        ca: readFileSync(emulator.caFile!, 'utf8'),
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('emulator: the VMware documentation flow over plain HTTPS', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.close());

  test('login → register → jwt-bearer → refresh → GET /api/org (36.1) → revoke → bearer refused', async () => {
    const versions = await send(emulator, 'GET', '/api/versions', {});
    expect(versions.body).toContain('<Version>36.1</Version>');

    const login = await send(emulator, 'POST', '/cloudapi/1.0.0/sessions/provider', {
      Accept: 'application/*;version=36.1',
      Authorization: `Basic ${Buffer.from('administrator@System:vcd-emulator-admin').toString('base64')}`,
    });
    expect(login.status).toBe(200);
    const sessionJwt = login.headers['x-vmware-vcloud-access-token'] as string;
    expect(login.headers['x-vmware-vcloud-token-type']).toBe('Bearer');

    const register = await send(
      emulator,
      'POST',
      '/oauth/provider/register',
      { Accept: 'application/json', 'Content-Type': 'application/json', Authorization: `Bearer ${sessionJwt}` },
      JSON.stringify({ client_name: 'docs-flow' }),
    );
    expect(register.status).toBe(200);
    const clientId = JSON.parse(register.body).client_id as string;

    const grant = await send(
      emulator,
      'POST',
      '/oauth/provider/token',
      { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Bearer ${sessionJwt}` },
      `grant_type=${encodeURIComponent('urn:ietf:params:oauth:grant-type:jwt-bearer')}&assertion=${sessionJwt}&client_id=${clientId}`,
    );
    expect(grant.status).toBe(200);
    const apiToken = JSON.parse(grant.body).refresh_token as string;

    const exchange = await send(
      emulator,
      'POST',
      '/oauth/provider/token',
      { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
      `grant_type=refresh_token&refresh_token=${apiToken}`,
    );
    expect(exchange.status).toBe(200);
    const { access_token: bearer, token_type: tokenType } = JSON.parse(exchange.body);
    expect(tokenType).toBe('Bearer');

    const orgs = await send(emulator, 'GET', '/api/org', { Accept: 'application/*+xml;version=36.1', Authorization: `Bearer ${bearer}` });
    expect(orgs.status).toBe(200);
    expect(orgs.body).toContain('<OrgList');
    expect(orgs.body).toContain('name="System"');

    const listed = await send(emulator, 'GET', `/cloudapi/1.0.0/tokens?filter=${encodeURIComponent('name==docs-flow')}`, {
      Accept: 'application/json;version=36.1',
      Authorization: `Bearer ${sessionJwt}`,
    });
    const tokenId = JSON.parse(listed.body).values[0].id as string;
    expect(tokenId).toBe(`urn:vcloud:token:${clientId}`);

    const revoke = await send(emulator, 'DELETE', `/cloudapi/1.0.0/tokens/${tokenId}`, {
      Accept: 'application/json;version=36.1',
      Authorization: `Bearer ${sessionJwt}`,
    });
    expect(revoke.status).toBe(204);

    const refused = await send(emulator, 'GET', '/api/org', { Accept: 'application/*+xml;version=36.1', Authorization: `Bearer ${bearer}` });
    expect(refused.status).toBe(401);
    const reused = await send(
      emulator,
      'POST',
      '/oauth/provider/token',
      { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
      `grant_type=refresh_token&refresh_token=${apiToken}`,
    );
    expect(reused.status).toBe(400);
    expect(JSON.parse(reused.body)).toEqual({ minorErrorCode: 'invalid_grant', message: 'Invalid refresh token', stackTrace: '' });
    expect(emulator.requestLog.secretSeen(apiToken)).toEqual({ inUrl: false, inUnexpectedHeader: false, inLog: false });
  });
});
