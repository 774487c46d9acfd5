// The floor under the bootstrap's scaling figures: bare undici sending the bootstrap's own requests (same paths,
// headers and bodies, so the emulator does the same work) over one new TLS connection per environment, and
// nothing else: no config, locks, token files, error mapping or redaction. The bootstrap's cost is the gap.
import { randomBytes, randomUUID } from 'node:crypto';
import type { SecureContext } from 'node:tls';
import { Client } from 'undici';

export interface FloorConnection {
  /** `https://host:port` */
  readonly origin: string;
  /** The TLS context the bootstrap's clients use (Node's roots plus the emulator CA), built once. */
  readonly secureContext: SecureContext;
  /** The negotiated API version (the bootstrap has it cached after its first environment). */
  readonly apiVersion: string;
}

export interface FloorTenant {
  readonly org: string;
  readonly user: string;
  readonly password: string;
  /** Token name before the per-attempt suffix. */
  readonly tokenName: string;
}

async function send(client: Client, method: 'GET' | 'POST' | 'DELETE', path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  const res = await client.request({
    method,
    path,
    headers: { 'user-agent': 'vcd-api-tokens-floor', 'x-vmware-vcloud-client-request-id': `floor-${randomUUID()}`, ...headers },
    body,
  });
  const text = await res.body.text();
  if (res.statusCode >= 300) throw new Error(`floor: ${method} ${path} answered ${res.statusCode}`);
  return { status: res.statusCode, headers: res.headers, text };
}

function connect(c: FloorConnection): Client {
  return new Client(c.origin, { connect: { secureContext: c.secureContext } });
}

/** The create path of one tenant: login, register, jwt-bearer grant, the leftover listing, logout. Returns the API token. */
export async function floorCreate(c: FloorConnection, t: FloorTenant): Promise<string> {
  const client = connect(c);
  try {
    const login = await send(client, 'POST', '/cloudapi/1.0.0/sessions', {
      authorization: `Basic ${Buffer.from(`${t.user}@${t.org}:${t.password}`).toString('base64')}`,
      accept: `application/json;version=${c.apiVersion}`,
    });
    const bearer = String(login.headers['x-vmware-vcloud-access-token']);
    const auth = { authorization: `Bearer ${bearer}` };
    const name = `${t.tokenName}~${randomBytes(4).toString('hex')}`;
    const registered = await send(client, 'POST', `/oauth/tenant/${t.org}/register`, { ...auth, accept: 'application/json', 'content-type': 'application/json' }, JSON.stringify({ client_name: name }));
    const clientId = (JSON.parse(registered.text) as { client_id: string }).client_id;
    const grant = await send(
      client,
      'POST',
      `/oauth/tenant/${t.org}/token`,
      { ...auth, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
      new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: bearer, client_id: clientId }).toString(),
    );
    const apiToken = (JSON.parse(grant.text) as { refresh_token: string }).refresh_token;
    const query = new URLSearchParams({ filter: `(owner.name==${t.user};(type==PROXY,type==REFRESH))`, page: '1', pageSize: '128' });
    await send(client, 'GET', `/cloudapi/1.0.0/tokens?${query.toString()}`, { ...auth, accept: `application/json;version=${c.apiVersion}` });
    await send(client, 'DELETE', '/cloudapi/1.0.0/sessions/current', { ...auth, accept: `application/json;version=${c.apiVersion}` });
    return apiToken;
  } finally {
    await client.close();
  }
}

/** The reuse path of one tenant: the refresh-token exchange. */
export async function floorReuse(c: FloorConnection, org: string, apiToken: string): Promise<void> {
  const client = connect(c);
  try {
    await send(client, 'POST', `/oauth/tenant/${org}/token`, { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' }, new URLSearchParams({ grant_type: 'refresh_token', refresh_token: apiToken }).toString());
  } finally {
    await client.close();
  }
}
