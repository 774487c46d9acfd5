// Rotation on exchange, over real HTTPS: an emulator with rotateRefreshTokens (every refresh returns a new
// refresh_token and kills the presented one) and a real service account (which always rotates, VCD 10.4+).
import { type BearerSession, Secret, VcdClient, VcdError } from '../../src/client';
import { EmulatorTestKit } from '../emulator/emulator-test-kit';
import { mintServiceAccount } from './helpers/service-account';

let kit: EmulatorTestKit;
let vcd: VcdClient;

beforeAll(async () => {
  kit = await EmulatorTestKit.start({ rotateRefreshTokens: true, vcdVersion: '10.5.1' });
  vcd = new VcdClient({ url: `${kit.emulator.url}/api`, caFile: kit.emulator.caFile, retry: { baseDelayMs: 5, maxDelayMs: 20 } });
});
afterAll(async () => {
  await vcd.close();
  await kit.close();
  // undici leaves a ref'd ~1 s internal timer after a Pool closes; let it fire so the jest worker exits cleanly.
  await new Promise((resolve) => setTimeout(resolve, 1100));
});

async function invalidGrant(apiToken: string): Promise<string> {
  const err = await vcd.exchangeApiToken({ org: 'acme', apiToken }).then(
    () => new Error('the old token still works'),
    (e: unknown) => e,
  );
  expect(VcdError.isVcdError(err)).toBe(true);
  return (err as VcdError).code;
}

function expectNotLeaked(secrets: readonly string[]): void {
  for (const secret of secrets) {
    const seen = kit.emulator.requestLog.secretSeen(secret);
    expect({ inUrl: seen.inUrl, inUnexpectedHeader: seen.inUnexpectedHeader }).toEqual({ inUrl: false, inUnexpectedHeader: false });
  }
  expect(kit.emulator.requestLog.leaks()).toEqual([]);
}

/** Exchanges `apiToken`, expects a rotation, and returns the new token after proving both facts. */
async function exchangeExpectingRotation(apiToken: string): Promise<{ session: BearerSession; rotated: string }> {
  const session = await vcd.exchangeApiToken({ org: 'acme', apiToken });
  expect(session.rotatedApiToken).toBeInstanceOf(Secret);
  const rotated = (session.rotatedApiToken as Secret).reveal();
  expect(rotated).not.toBe(apiToken);
  expect(rotated.length).toBeGreaterThan(20);
  // A Secret never prints its value.
  expect(`${session.rotatedApiToken}`).not.toContain(rotated);
  expect(JSON.stringify(session)).not.toContain(rotated);
  expect((await vcd.verifyBearer(session)).orgNames).toContain('acme');
  return { session, rotated };
}

test('user API token with rotation on: rotatedApiToken is returned, the old token is dead, the new one works (twice)', async () => {
  const login = await vcd.loginWithPassword({ org: 'acme', user: 'automation', password: 'vcd-emulator-demo' });
  const created = await vcd.createApiToken(login, { name: 'rotating-client' });
  const original = created.apiToken.reveal();

  const first = await exchangeExpectingRotation(original);
  expect(await invalidGrant(original)).toBe('VCD_INVALID_GRANT');
  const second = await exchangeExpectingRotation(first.rotated);
  expect(await invalidGrant(first.rotated)).toBe('VCD_INVALID_GRANT');
  // Same token record on the server: rotation replaces the secret, not the token id.
  expect((await vcd.listTokens(login, { createdAs: 'rotating-client' })).map((t) => t.id)).toEqual([created.id]);

  expectNotLeaked([original, first.rotated, second.rotated, first.session.accessToken.reveal()]);
  await vcd.revokeToken(login, created.id);
  expect(await invalidGrant(second.rotated)).toBe('VCD_INVALID_GRANT');
  await vcd.logout(login);
});

test('service account (device flow, VCD 10.5): each exchange rotates; the presented token dies', async () => {
  const account = await mintServiceAccount(kit, 'rotating-client-sa');
  const first = await exchangeExpectingRotation(account.refreshToken);
  expect(first.session.authMethod).toBe('apiToken');
  expect(await invalidGrant(account.refreshToken)).toBe('VCD_INVALID_GRANT');
  const second = await exchangeExpectingRotation(first.rotated);
  expect(await invalidGrant(first.rotated)).toBe('VCD_INVALID_GRANT');
  expectNotLeaked([account.refreshToken, first.rotated, second.rotated]);
});
