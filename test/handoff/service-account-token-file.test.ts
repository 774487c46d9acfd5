// The service-account token file: the provider's service_account_token_file format (token_type "Service Account",
// 0600, atomic), and readers that refuse the other kind of token, whichever way round.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HandoffError, readServiceAccountTokenFile, readTokenFile, saveRotatedToken, writeTokenFile } from '../../src/handoff';

const CANARY = 'sa-canary-token-Q7w_e.r~t';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sa-file-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function thrown(fn: () => unknown): HandoffError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(HandoffError);
    return e as HandoffError;
  }
  throw new Error('expected a HandoffError');
}

test('written as the provider writes it after a rotation (token_type "Service Account", 0600) with our metadata', async () => {
  const file = path.join(dir, 'sa.json');
  await writeTokenFile(file, { apiToken: CANARY, tokenType: 'Service Account', tokenId: 'urn:vcloud:serviceAccount:1', tokenName: 'ci', org: 'acme' });
  expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({ token_type: 'Service Account', refresh_token: CANARY, token_id: 'urn:vcloud:serviceAccount:1', token_name: 'ci', org: 'acme' });
  expect(readServiceAccountTokenFile(file)).toMatchObject({ apiToken: CANARY, tokenType: 'Service Account', tokenId: 'urn:vcloud:serviceAccount:1' });
});

test('an API-token reader refuses a service-account file, and the reverse; neither message carries the token', async () => {
  const sa = path.join(dir, 'sa.json');
  const api = path.join(dir, 'api.json');
  await writeTokenFile(sa, { apiToken: CANARY, tokenType: 'Service Account' });
  await writeTokenFile(api, { apiToken: CANARY });
  const asApi = thrown(() => readTokenFile(sa));
  expect([asApi.code, asApi.path]).toEqual(['HANDOFF_WRONG_TOKEN_TYPE', sa]);
  expect(asApi.message).toMatch(/holds a service-account token/);
  const asSa = thrown(() => readServiceAccountTokenFile(api));
  expect([asSa.code, asSa.message]).toEqual(['HANDOFF_WRONG_TOKEN_TYPE', expect.stringMatching(/holds an API token/)]);
  expect(`${asApi.message} ${asSa.message} ${JSON.stringify([asApi, asSa])}`).not.toContain(CANARY);
});

test('a bare {"refresh_token"} (the provider\'s input format) is accepted by both; an unknown token_type by neither', () => {
  const bare = path.join(dir, 'bare.json');
  fs.writeFileSync(bare, JSON.stringify({ refresh_token: CANARY }), { mode: 0o600 });
  expect(readTokenFile(bare).apiToken).toBe(CANARY);
  expect(readServiceAccountTokenFile(bare).tokenType).toBeUndefined();
  const odd = path.join(dir, 'odd.json');
  fs.writeFileSync(odd, JSON.stringify({ token_type: 'Robot', refresh_token: CANARY }), { mode: 0o600 });
  expect(thrown(() => readServiceAccountTokenFile(odd)).code).toBe('HANDOFF_MALFORMED');
});

test('a rotated service-account token that cannot be saved: the message says the old one is dead and to re-authorize', async () => {
  const blocked = path.join(dir, 'not-a-dir');
  fs.writeFileSync(blocked, 'x');
  const err = await saveRotatedToken(path.join(blocked, 'sa.json'), { apiToken: CANARY, tokenType: 'Service Account', tokenId: 'urn:vcloud:serviceAccount:1' }).then(
    () => undefined,
    (e: unknown) => e as HandoffError,
  );
  expect(err?.code).toBe('HANDOFF_WRITE_FAILED');
  expect(err?.message).toMatch(/service account urn:vcloud:serviceAccount:1.*no longer works.*authorize it again/s);
  expect(err?.message).not.toContain(CANARY);
});
