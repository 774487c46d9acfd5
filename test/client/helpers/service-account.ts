// Mints a real service account on an emulator (VCD 10.4+,
// docs/vcd-protocol.md#service-accounts-and-the-device-flow) the way GOVCD does: register with software_id and a
// role scope → device_authorization → grant by an org admin → device_code grant.
import { ACME_ADMIN, type Credentials, EmulatorTestKit } from '../../emulator/emulator-test-kit';

const DEVICE_CODE = 'urn:ietf:params:oauth:grant-type:device_code';
const SOFTWARE_ID = '12345678-1234-1234-1234-1234567890ab';

export interface MintedServiceAccount {
  readonly id: string;
  /** The first refresh token (the service account's "API token"); rotates on every use. */
  readonly refreshToken: string;
}

export async function mintServiceAccount(kit: EmulatorTestKit, name: string, who: Credentials = ACME_ADMIN, roleName = 'Token Automation'): Promise<MintedServiceAccount> {
  const jwt = await kit.loginJwt(who);
  const registered = await kit.fetch(`${kit.oauthBase(who.org)}/register`, {
    method: 'POST',
    headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json', accept: 'application/json;version=' },
    body: JSON.stringify({ client_name: name, scope: `urn:vcloud:role:${encodeURIComponent(roleName)}`, software_id: SOFTWARE_ID, software_version: '1.0', client_uri: 'example.com' }),
  });
  if (registered.status !== 200) throw new Error(`register: ${registered.status} ${registered.text}`);
  const clientId = registered.json().client_id as string;
  const authorized = await kit.fetch(`${kit.oauthBase(who.org)}/device_authorization`, {
    method: 'POST',
    headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({ client_id: clientId }).toString(),
  });
  if (authorized.status !== 200) throw new Error(`device_authorization: ${authorized.status} ${authorized.text}`);
  const { user_code: userCode, device_code: deviceCode } = authorized.json() as { user_code: string; device_code: string };
  const granted = await kit.fetch('/cloudapi/1.0.0/deviceLookup/grant', {
    method: 'POST',
    headers: { authorization: `Bearer ${jwt}`, accept: `application/json;version=${kit.emulator.apiVersion}`, 'content-type': 'application/json' },
    body: JSON.stringify({ userCode }),
  });
  if (granted.status !== 204) throw new Error(`grant: ${granted.status} ${granted.text}`);
  const token = await kit.tokenRequest(who.org, { grant_type: DEVICE_CODE, client_id: clientId, device_code: deviceCode });
  if (token.status !== 200) throw new Error(`device_code grant: ${token.status} ${token.text}`);
  return { id: `urn:vcloud:serviceAccount:${clientId}`, refreshToken: token.json().refresh_token as string };
}
