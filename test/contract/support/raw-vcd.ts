// Raw HTTP to a VCD (or the emulator) with undici: the contract suite tests the server, so it does not use the
// project's client. Only the request shapes documented for VCD and used by go-vcloud-director are sent.
import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';

export interface Credentials {
  readonly user: string;
  readonly org: string;
  readonly password: string;
}

export interface RawAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  /** The body parsed as JSON; undefined when it is not JSON. */
  readonly body: any;
}

export interface RawVcdOptions {
  /** `https://host` (a trailing `/api` is removed). */
  readonly url: string;
  /** PEM of the CA to trust. @default the system store (plus NODE_EXTRA_CA_CERTS) */
  readonly caPem?: string;
  /** Skip certificate verification (a lab VCD with a self-signed certificate). @default false */
  readonly insecure?: boolean;
}

export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

export class RawVcd {
  public readonly baseUrl: string;
  /** API version sent in Accept headers; set by `negotiate()`. */
  public apiVersion = '';
  private readonly agent: Agent;

  public constructor(options: RawVcdOptions) {
    this.baseUrl = options.url.replace(/\/+$/, '').replace(/\/api$/, '');
    this.agent = new Agent({
      connect: { ca: options.caPem, rejectUnauthorized: options.insecure !== true },
      keepAliveTimeout: 5000,
      headersTimeout: 60_000,
      bodyTimeout: 60_000,
    });
  }

  public static caFrom(file: string | undefined): string | undefined {
    return file ? readFileSync(file, 'utf8') : undefined;
  }

  public close(): Promise<void> {
    return this.agent.close();
  }

  /** Any request; `path` may be absolute. */
  public async send(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<RawAnswer> {
    const url = path.startsWith('http') ? path : `${this.baseUrl}${path}`;
    const res = await request(url, { method: method as 'GET', headers, body, dispatcher: this.agent });
    const text = await res.body.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: res.statusCode, headers: res.headers as RawAnswer['headers'], text, body: parsed };
  }

  /** The newest non-deprecated API version `/api/versions` lists (what clients negotiate). */
  public async negotiate(): Promise<string> {
    const res = await this.send('GET', '/api/versions');
    if (res.status !== 200) throw new Error(`GET /api/versions answered ${res.status}`);
    const versions = [...res.text.matchAll(/<VersionInfo[^>]*deprecated="false"[^>]*>\s*<Version>([\d.]+)<\/Version>/g)].map((m) => m[1]);
    if (versions.length === 0) throw new Error('GET /api/versions lists no supported version');
    this.apiVersion = versions.sort(compareVersions).at(-1) as string;
    return this.apiVersion;
  }

  /** Password login on the endpoint for the org (`/sessions/provider` for System); returns the bearer or throws. */
  public async login(who: Credentials): Promise<string> {
    const res = await this.loginAnswer(who);
    const bearer = res.headers['x-vmware-vcloud-access-token'];
    if (res.status !== 200 || typeof bearer !== 'string') throw new Error(`login of ${who.user}@${who.org} answered ${res.status}`);
    return bearer;
  }

  public loginAnswer(who: Credentials): Promise<RawAnswer> {
    const provider = who.org.toLowerCase() === 'system';
    return this.send('POST', `/cloudapi/1.0.0/sessions${provider ? '/provider' : ''}`, {
      authorization: `Basic ${Buffer.from(`${who.user}@${who.org}:${who.password}`).toString('base64')}`,
      accept: `application/*;version=${this.apiVersion}`,
    });
  }

  public cloudapi(method: string, path: string, bearer: string | undefined, body?: unknown, headers: Record<string, string> = {}): Promise<RawAnswer> {
    const all: Record<string, string> = { accept: `application/json;version=${this.apiVersion}`, ...headers };
    if (bearer) all.authorization = `Bearer ${bearer}`;
    if (body !== undefined) all['content-type'] = 'application/json';
    return this.send(method, path.startsWith('http') ? path : `/cloudapi/1.0.0${path}`, all, body === undefined ? undefined : JSON.stringify(body));
  }

  public legacy(path: string, bearer: string, format: 'xml' | 'json' = 'xml'): Promise<RawAnswer> {
    return this.send('GET', path, { authorization: `Bearer ${bearer}`, accept: `application/*+${format};version=${this.apiVersion}` });
  }

  public oauthPath(org: string, endpoint: 'register' | 'token' | 'device_authorization'): string {
    return org.toLowerCase() === 'system' ? `/oauth/provider/${endpoint}` : `/oauth/tenant/${encodeURIComponent(org)}/${endpoint}`;
  }

  public register(bearer: string, org: string, body: Record<string, unknown>): Promise<RawAnswer> {
    return this.send('POST', this.oauthPath(org, 'register'), { authorization: `Bearer ${bearer}`, 'content-type': 'application/json', accept: 'application/json' }, JSON.stringify(body));
  }

  /** `POST /oauth/.../token` with form parameters in the body, no Authorization (as the documented exchange). */
  public token(org: string, params: Record<string, string>): Promise<RawAnswer> {
    return this.send('POST', this.oauthPath(org, 'token'), { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, new URLSearchParams(params).toString());
  }

  public deviceAuthorization(bearer: string, org: string, clientId: string): Promise<RawAnswer> {
    return this.send(
      'POST',
      this.oauthPath(org, 'device_authorization'),
      { authorization: `Bearer ${bearer}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      new URLSearchParams({ client_id: clientId }).toString(),
    );
  }

  /** Register a client and take its one-time jwt-bearer grant: an API token named `name` owned by the session's user. */
  public async createApiToken(bearer: string, org: string, name: string): Promise<{ id: string; clientId: string; refreshToken: string; grant: RawAnswer }> {
    const registered = await this.register(bearer, org, { client_name: name });
    if (registered.status !== 200 && registered.status !== 201) throw new Error(`register answered ${registered.status}: ${registered.text.slice(0, 200)}`);
    const clientId = registered.body.client_id as string;
    const grant = await this.token(org, { grant_type: JWT_BEARER_GRANT, assertion: bearer, client_id: clientId });
    if (grant.status !== 200) throw new Error(`jwt-bearer grant answered ${grant.status}`);
    return { id: `urn:vcloud:token:${clientId}`, clientId, refreshToken: grant.body.refresh_token as string, grant };
  }

  /** refresh_token grant; returns the bearer or throws. */
  public async exchange(org: string, refreshToken: string): Promise<string> {
    const res = await this.token(org, { grant_type: 'refresh_token', refresh_token: refreshToken });
    if (res.status !== 200) throw new Error(`refresh_token grant answered ${res.status}`);
    return res.body.access_token as string;
  }
}

/** "36.1" < "37.0" < "37.10". */
export function compareVersions(a: string, b: string): number {
  const [am, an = 0] = a.split('.').map(Number);
  const [bm, bn = 0] = b.split('.').map(Number);
  return am !== bm ? am - bm : an - bn;
}

/** The error code of an OAuth or cloudapi error body (`minorErrorCode` in VCD's shape, `error` in RFC 6749's). */
export function errorCode(answer: RawAnswer): string | undefined {
  return answer.body?.minorErrorCode ?? answer.body?.error;
}
