// Service-account request helpers speaking the GOVCD / create_service_account.sh request shapes,
// shared by the service-account and device-flow tests.
import { EmulatorTestKit, type Credentials } from './emulator-test-kit';

export const DEVICE_CODE = 'urn:ietf:params:oauth:grant-type:device_code';
export const SOFTWARE_ID = '12345678-1234-1234-1234-1234567890ab';
export const SA_URN = /^urn:vcloud:serviceAccount:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface ActiveAccount {
  readonly id: string;
  readonly clientId: string;
  readonly refreshToken: string;
  readonly accessToken: string;
  readonly adminJwt: string;
}

/** Helpers speaking the GOVCD / create_service_account.sh request shapes. */
export class ServiceAccountClient {
  public constructor(private readonly kit: EmulatorTestKit) {}

  public register(jwt: string, org: string, body: Record<string, unknown>) {
    return this.kit.fetch(`${this.kit.oauthBase(org)}/register`, {
      method: 'POST',
      headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json', accept: 'application/json;version=' },
      body: JSON.stringify(body),
    });
  }

  public registerBody(name: string, roleName = 'Token Automation'): Record<string, unknown> {
    return {
      client_name: name,
      scope: `urn:vcloud:role:${encodeURIComponent(roleName)}`,
      software_id: SOFTWARE_ID,
      software_version: '1.0',
      client_uri: 'example.com',
    };
  }

  public authorize(jwt: string, org: string, clientId: string) {
    return this.kit.fetch(`${this.kit.oauthBase(org)}/device_authorization`, {
      method: 'POST',
      headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ client_id: clientId }).toString(),
    });
  }

  public cloudapi(method: string, path: string, jwt: string, body?: unknown) {
    return this.kit.fetch(`/cloudapi/1.0.0${path}`, {
      method,
      headers: {
        authorization: `Bearer ${jwt}`,
        accept: `application/json;version=${this.kit.emulator.apiVersion}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  public grant(jwt: string, userCode: string) {
    return this.cloudapi('POST', '/deviceLookup/grant', jwt, { userCode });
  }

  public deny(jwt: string, userCode: string) {
    return this.cloudapi('POST', '/deviceLookup/deny', jwt, { userCode });
  }

  public deviceToken(org: string, clientId: string, deviceCode: string) {
    return this.kit.tokenRequest(org, { grant_type: DEVICE_CODE, client_id: clientId, device_code: deviceCode });
  }

  public refresh(org: string, refreshToken: string) {
    return this.kit.tokenRequest(org, { grant_type: 'refresh_token', refresh_token: refreshToken });
  }

  /** Register → authorize → grant → device_code grant, as an admin of `who`'s org. */
  public async activate(who: Credentials, name: string, roleName?: string): Promise<ActiveAccount> {
    const adminJwt = await this.kit.loginJwt(who);
    const registered = await this.register(adminJwt, who.org, this.registerBody(name, roleName));
    if (registered.status !== 200) throw new Error(`register: ${registered.status} ${registered.text}`);
    const clientId = registered.json().client_id as string;
    const auth = (await this.authorize(adminJwt, who.org, clientId)).json();
    const granted = await this.grant(adminJwt, auth.user_code);
    if (granted.status !== 204) throw new Error(`grant: ${granted.status} ${granted.text}`);
    const token = await this.deviceToken(who.org, clientId, auth.device_code);
    if (token.status !== 200) throw new Error(`device_code: ${token.status} ${token.text}`);
    return {
      id: `urn:vcloud:serviceAccount:${clientId}`,
      clientId,
      refreshToken: token.json().refresh_token,
      accessToken: token.json().access_token,
      adminJwt,
    };
  }
}
