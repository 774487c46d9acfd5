// Shared helpers for emulator contract tests: a real emulator over HTTPS and an undici client trusting its CA.
import { Agent, request } from 'undici';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/start-emulator';

export const ADMIN = { user: 'administrator', org: 'System', password: 'vcd-emulator-admin' } as const;
export const ACME_ADMIN = { user: 'orgadmin', org: 'acme', password: 'vcd-emulator-demo' } as const;
export const ACME_AUTOMATION = { user: 'automation', org: 'acme', password: 'vcd-emulator-demo' } as const;
export const GLOBEX_ADMIN = { user: 'orgadmin', org: 'globex', password: 'vcd-emulator-demo' } as const;
export const INITECH_ADMIN = { user: 'orgadmin', org: 'initech', password: 'vcd-emulator-demo' } as const;
export const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

export interface Credentials {
  readonly user: string;
  readonly org: string;
  readonly password: string;
}

export interface TestResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  json<T = any>(): T;
}

export interface RequestInit {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

export class EmulatorTestKit {
  public readonly agent: Agent;

  private constructor(public readonly emulator: RunningEmulator) {
    // Keep-alive so a test pays one TLS handshake, not one per request; close() ends the sockets.
    this.agent = new Agent({ connect: { ca: emulator.caPem }, keepAliveTimeout: 5000 });
  }

  public static async start(options: EmulatorOptions = {}): Promise<EmulatorTestKit> {
    return new EmulatorTestKit(await startEmulator(options));
  }

  public async close(): Promise<void> {
    await this.agent.close();
    await this.emulator.close();
  }

  public async fetch(path: string, init: RequestInit = {}): Promise<TestResponse> {
    const res = await request(`${this.emulator.url}${path}`, {
      method: (init.method ?? 'GET') as 'GET',
      headers: init.headers,
      body: init.body,
      dispatcher: this.agent,
    });
    const text = await res.body.text();
    return {
      status: res.statusCode,
      headers: res.headers as Record<string, string | string[] | undefined>,
      text,
      json: () => JSON.parse(text),
    };
  }

  /** Password login on the endpoint VCD clients use for that org (provider for System). */
  public async login(c: Credentials, endpoint?: 'provider' | 'tenant'): Promise<TestResponse & { jwt: string }> {
    const provider = endpoint ? endpoint === 'provider' : c.org.toLowerCase() === 'system';
    const res = await this.fetch(provider ? '/cloudapi/1.0.0/sessions/provider' : '/cloudapi/1.0.0/sessions', {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${c.user}@${c.org}:${c.password}`).toString('base64')}`,
        accept: `application/json;version=${this.emulator.apiVersion}`,
      },
    });
    return { ...res, jwt: String(res.headers['x-vmware-vcloud-access-token'] ?? '') };
  }

  public async loginJwt(c: Credentials): Promise<string> {
    const res = await this.login(c);
    if (res.status !== 200) throw new Error(`login of ${c.user}@${c.org} failed with ${res.status}`);
    return res.jwt;
  }

  public oauthBase(org: string): string {
    return org.toLowerCase() === 'system' ? '/oauth/provider' : `/oauth/tenant/${encodeURIComponent(org)}`;
  }

  public register(jwt: string, org: string, clientName: string): Promise<TestResponse> {
    return this.fetch(`${this.oauthBase(org)}/register`, {
      method: 'POST',
      headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json', accept: 'application/json;version=' },
      body: JSON.stringify({ client_name: clientName }),
    });
  }

  public tokenRequest(org: string, params: Record<string, string>, headers: Record<string, string> = {}): Promise<TestResponse> {
    return this.fetch(`${this.oauthBase(org)}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...headers },
      body: new URLSearchParams(params).toString(),
    });
  }

  /** Register + jwt-bearer: returns the API token (refresh token) and its id. */
  public async createApiToken(c: Credentials, name: string): Promise<{ refreshToken: string; tokenId: string; clientId: string; jwt: string }> {
    const jwt = await this.loginJwt(c);
    const registered = await this.register(jwt, c.org, name);
    if (registered.status !== 200) throw new Error(`register failed: ${registered.status} ${registered.text}`);
    const clientId = registered.json().client_id as string;
    const grant = await this.tokenRequest(c.org, { grant_type: JWT_BEARER, assertion: jwt, client_id: clientId });
    if (grant.status !== 200) throw new Error(`jwt-bearer failed: ${grant.status} ${grant.text}`);
    return { refreshToken: grant.json().refresh_token, tokenId: `urn:vcloud:token:${clientId}`, clientId, jwt };
  }

  /** refresh_token grant: returns the bearer. */
  public async exchange(org: string, refreshToken: string): Promise<string> {
    const res = await this.tokenRequest(org, { grant_type: 'refresh_token', refresh_token: refreshToken });
    if (res.status !== 200) throw new Error(`refresh failed: ${res.status} ${res.text}`);
    return res.json().access_token as string;
  }

  public bearerGet(path: string, bearer: string, accept = `application/json;version=${this.emulator.apiVersion}`): Promise<TestResponse> {
    return this.fetch(path, { headers: { authorization: `Bearer ${bearer}`, accept } });
  }
}
