// Helpers for the RBAC contract tests: a real emulator over HTTPS and small JSON/auth helpers on undici.
import { Agent, request } from 'undici';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/start-emulator';

export interface Login {
  readonly user: string;
  readonly org: string;
  readonly password: string;
}

export const SYS_ADMIN: Login = { user: 'administrator', org: 'System', password: 'vcd-emulator-admin' };
export const tenantUser = (org: string, user: 'orgadmin' | 'automation'): Login => ({ user, org, password: 'vcd-emulator-demo' });

export interface JsonResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  readonly body: any;
}

export const API = '/cloudapi/1.0.0';

export class RbacKit {
  public static async start(options: EmulatorOptions = {}): Promise<RbacKit> {
    return new RbacKit(await startEmulator(options));
  }

  private readonly agent: Agent;

  private constructor(public readonly emulator: RunningEmulator) {
    // Keep-alive so a test pays one TLS handshake, not one per request; close() ends the sockets.
    this.agent = new Agent({ connect: { ca: emulator.caPem }, keepAliveTimeout: 5000 });
  }

  public async close(): Promise<void> {
    await this.agent.close();
    await this.emulator.close();
  }

  /** Any request; `path` may be absolute (e.g. a `Link` URL). */
  public async call(method: string, path: string, options: { bearer?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<JsonResponse> {
    const headers: Record<string, string> = { accept: `application/json;version=${this.emulator.apiVersion}`, ...options.headers };
    if (options.bearer) headers.authorization = `Bearer ${options.bearer}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    const url = path.startsWith('http') ? path : `${this.emulator.url}${path}`;
    const res = await request(url, { method: method as 'GET', headers, body, dispatcher: this.agent });
    const text = await res.body.text();
    let parsed: unknown;
    try { parsed = text ? JSON.parse(text) : undefined; } catch { parsed = undefined; }
    return { status: res.statusCode, headers: res.headers as JsonResponse['headers'], text, body: parsed };
  }

  public get(path: string, bearer?: string, headers?: Record<string, string>): Promise<JsonResponse> {
    return this.call('GET', path, { bearer, headers });
  }

  /** Password login; returns the bearer. */
  public async login(who: Login): Promise<string> {
    const provider = who.org.toLowerCase() === 'system';
    const res = await this.call('POST', `${API}/sessions${provider ? '/provider' : ''}`, {
      headers: { authorization: `Basic ${Buffer.from(`${who.user}@${who.org}:${who.password}`).toString('base64')}` },
    });
    if (res.status !== 200) throw new LoginFailed(res.status);
    return String(res.headers['x-vmware-vcloud-access-token']);
  }

  public async loginStatus(who: Login): Promise<number> {
    try {
      await this.login(who);
      return 200;
    } catch (err) {
      if (err instanceof LoginFailed) return err.status;
      throw err;
    }
  }

  public oauthBase(org: string): string {
    return org.toLowerCase() === 'system' ? '/oauth/provider' : `/oauth/tenant/${encodeURIComponent(org)}`;
  }

  public register(bearer: string, org: string, name: string): Promise<JsonResponse> {
    return this.call('POST', `${this.oauthBase(org)}/register`, { bearer, body: { client_name: name } });
  }

  /** Register + jwt-bearer grant + refresh grant: a bearer of a session made from an API token. */
  public async apiTokenSession(who: Login, name: string): Promise<string> {
    const jwt = await this.login(who);
    const registered = await this.register(jwt, who.org, name);
    if (registered.status !== 200) throw new Error(`register failed: ${registered.status} ${registered.text}`);
    const grant = await this.form(who.org, { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: jwt, client_id: registered.body.client_id });
    if (grant.status !== 200) throw new Error(`jwt-bearer failed: ${grant.status} ${grant.text}`);
    const refreshed = await this.form(who.org, { grant_type: 'refresh_token', refresh_token: grant.body.refresh_token });
    if (refreshed.status !== 200) throw new Error(`refresh failed: ${refreshed.status} ${refreshed.text}`);
    return refreshed.body.access_token as string;
  }

  private async form(org: string, params: Record<string, string>): Promise<JsonResponse> {
    const res = await request(`${this.emulator.url}${this.oauthBase(org)}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(params).toString(),
      dispatcher: this.agent,
    });
    const text = await res.body.text();
    return { status: res.statusCode, headers: res.headers as JsonResponse['headers'], text, body: text ? JSON.parse(text) : undefined };
  }
}

class LoginFailed extends Error {
  constructor(public readonly status: number) {
    super(`login failed with ${status}`);
  }
}

/** Every page of a collection, following `Link: <…>;rel="nextPage"`. */
export async function allPages(kit: RbacKit, path: string, bearer: string): Promise<{ values: any[]; pages: number }> {
  const values: any[] = [];
  let next: string | undefined = path;
  let pages = 0;
  while (next) {
    const res = await kit.get(next, bearer);
    if (res.status !== 200) throw new Error(`GET ${next}: ${res.status} ${res.text}`);
    values.push(...res.body.values);
    pages++;
    next = nextPageLink(res.headers.link);
  }
  return { values, pages };
}

export function nextPageLink(header: string | string[] | undefined): string | undefined {
  const links = Array.isArray(header) ? header : header ? header.split(/,(?=\s*<)/) : [];
  for (const link of links) {
    const match = /^\s*<([^>]+)>.*rel="nextPage"/.exec(link);
    if (match) return match[1];
  }
  return undefined;
}

export function expectForbidden(res: JsonResponse): void {
  expect({ status: res.status, body: res.body }).toEqual({
    status: 403,
    body: { minorErrorCode: 'ACCESS_TO_RESOURCE_IS_FORBIDDEN', message: expect.any(String), stackTrace: '' },
  });
}
