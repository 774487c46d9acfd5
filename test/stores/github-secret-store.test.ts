// The GitHub store against the GitHub-API double (real HTTPS on loopback): sealed boxes the double can open,
// writes confirmed by updated_at, typed errors with the exit codes the CLI uses, no retried PUT, and neither the
// store token nor the value in any error or debug line.
import * as crypto from 'node:crypto';
import sodium from 'libsodium-wrappers';
import { Client } from 'undici';
import { exitCodeFor } from '../../src/cli';
import { GitHubSecretStore, StoreError } from '../../src/stores';
import { type GitHubApiDouble, startGitHubApiDouble } from '../doubles/github-api-double';

let gh: GitHubApiDouble;
let token: string;
const canary = () => `canary-${crypto.randomBytes(24).toString('base64url')}`;

beforeAll(async () => {
  gh = await startGitHubApiDouble();
  gh.addRepository('acme/infra', ['dev-acme']);
  token = gh.issueToken({ repositories: ['acme/infra'] });
});
afterAll(async () => {
  await gh.close();
});
beforeEach(() => gh.clearFaults());

function store(options: Partial<ConstructorParameters<typeof GitHubSecretStore>[0]> & { env?: NodeJS.ProcessEnv } = {}, debug?: string[]): GitHubSecretStore {
  return new GitHubSecretStore({
    repository: 'acme/infra',
    apiUrl: gh.origin,
    ca: gh.caPem,
    retry: { baseDelayMs: 1 },
    timeoutMs: 2000,
    ...(debug ? { debugLog: (l: string) => debug.push(l) } : {}),
    ...options,
    env: options.env ?? { GH_TOKEN: token },
  });
}

async function expectStoreError(promise: Promise<unknown>, code: string, exit: number): Promise<StoreError> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(StoreError);
  expect({ code: (err as StoreError).code, exit: exitCodeFor(err) }).toEqual({ code, exit });
  return err as StoreError;
}

test('writes a repository secret the double opens with its private key, confirmed by updated_at; a second write waits for a new second', async () => {
  const s = store();
  const value = canary();
  const debug: string[] = [];
  const receipt = await s.put('VCD_API_TOKEN_DEV_ACME', value);
  expect(gh.secretValue('acme/infra', 'VCD_API_TOKEN_DEV_ACME')).toBe(value);
  expect(receipt).toEqual({ store: 'github', name: 'VCD_API_TOKEN_DEV_ACME', location: expect.stringContaining('repository secret VCD_API_TOKEN_DEV_ACME of acme/infra'), confirmedBy: expect.stringMatching(/^updated_at moved \(new secret → \d{4}-/) });
  const first = gh.secretUpdatedAt('acme/infra', 'VCD_API_TOKEN_DEV_ACME');
  const next = canary();
  const second = await store({}, debug).put('VCD_API_TOKEN_DEV_ACME', next);
  expect(gh.secretValue('acme/infra', 'VCD_API_TOKEN_DEV_ACME')).toBe(next);
  expect(second.confirmedBy).toContain(`updated_at moved (${first} → `);
  expect(JSON.stringify([receipt, second, debug])).not.toContain(next);
  expect(debug.join('\n')).not.toContain(token);
  expect(debug.filter((l) => l.startsWith('[request] PUT'))).toHaveLength(1);
  expect(gh.unopenedBoxes).toBe(0);
  await s.close();
});

test('an environment secret goes to the environment, not the repository', async () => {
  const s = store({ environment: 'dev-acme' });
  const value = canary();
  const receipt = await s.put('VCD_API_TOKEN_DEV_ACME', value);
  expect(gh.secretValue('acme/infra', 'VCD_API_TOKEN_DEV_ACME', 'dev-acme')).toBe(value);
  expect(receipt.location).toContain('environment (dev-acme) secret');
  await expectStoreError(store({ environment: 'nosuch' }).put('X_TOKEN', canary()), 'STORE_NOT_FOUND', 2);
  await s.close();
});

test('a sealed box made with another key does not open: the double refuses it (a wrong key fails the test)', async () => {
  await sodium.ready;
  const client = new Client(gh.origin, { connect: { ca: gh.caPem } });
  const headers = { authorization: `Bearer ${token}`, accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28', 'user-agent': 'test', 'content-type': 'application/json' };
  const key = (await (await client.request({ method: 'GET', path: '/repos/acme/infra/actions/secrets/public-key', headers })).body.json()) as { key_id: string };
  const wrongKey = sodium.crypto_box_keypair().publicKey;
  const before = gh.unopenedBoxes;
  const res = await client.request({ method: 'PUT', path: '/repos/acme/infra/actions/secrets/WRONG_KEY', headers, body: JSON.stringify({ key_id: key.key_id, encrypted_value: sodium.to_base64(sodium.crypto_box_seal('x', wrongKey), sodium.base64_variants.ORIGINAL) }) });
  await res.body.text();
  expect(res.statusCode).toBe(422);
  expect(gh.unopenedBoxes).toBe(before + 1);
  await client.close();
});

test('errors: 401 → 3, a token without "Secrets: read and write" (the workflow GITHUB_TOKEN) → 5, an unknown repository → 2, never the token', async () => {
  const bad = `ghp_${crypto.randomBytes(20).toString('hex')}`;
  const auth = await expectStoreError(store({ env: { GH_TOKEN: bad } }).put('X_TOKEN', canary()), 'STORE_AUTH_FAILED', 3);
  expect(auth.message).toContain('GH_TOKEN');
  expect(auth.message).not.toContain(bad);
  const workflowToken = gh.issueToken({ repositories: ['acme/infra'], secrets: false });
  const forbidden = await expectStoreError(store({ env: { GITHUB_TOKEN: workflowToken } }).put('X_TOKEN', canary()), 'STORE_FORBIDDEN', 5);
  expect(forbidden.message).toContain('GITHUB_TOKEN needs a fine-grained token with the repository permission "Secrets: read and write"');
  expect(forbidden.message).toContain("the workflow's own GITHUB_TOKEN cannot write secrets");
  const notFound = await expectStoreError(store({ repository: 'acme/other' }).put('X_TOKEN', canary()), 'STORE_NOT_FOUND', 2);
  expect(notFound.message).toContain('check --repo');
  const missing = await expectStoreError(Promise.resolve().then(() => store({ env: {} })), 'STORE_MISSING_CREDENTIALS', 2);
  expect(missing.message).toContain('set GH_TOKEN or GITHUB_TOKEN');
});

test('a bad secret name is refused before any request; a bad --repo is a usage error', async () => {
  const before = gh.log.length;
  await expectStoreError(store().put('1BAD-NAME', canary()), 'STORE_REJECTED', 2);
  await expectStoreError(store().put('GITHUB_TOKEN_X', canary()), 'STORE_REJECTED', 2);
  expect(gh.log.length).toBe(before);
  await expectStoreError(Promise.resolve().then(() => store({ repository: 'no-slash' })), 'STORE_INVALID_ARGUMENT', 2);
});

test('GETs are retried on 503; a PUT answered 500 is sent once and fails (6)', async () => {
  gh.addFault({ method: 'GET', path: /public-key$/, fault: { type: 'status', status: 503 } });
  gh.addFault({ method: 'PUT', path: /FAILING$/, fault: { type: 'status', status: 500 }, times: 'always' });
  const before = gh.log.length;
  await expectStoreError(store().put('FAILING', canary()), 'STORE_UNAVAILABLE', 6);
  const sent = gh.log.slice(before).map((e) => `${e.method} ${e.url.split('/').pop()} ${e.status}`);
  expect(sent).toEqual(['GET public-key 503', 'GET public-key 200', 'GET FAILING 404', 'PUT FAILING 500']);
  expect(gh.secretValue('acme/infra', 'FAILING')).toBeUndefined();
});

test('a PUT that times out is not confirmed unless updated_at moved: stalled before processing → STORE_TIMEOUT; processed → confirmed', async () => {
  gh.addFault({ method: 'PUT', path: /STALLED$/, fault: { type: 'stall' } });
  await expectStoreError(store({ timeoutMs: 300 }).put('STALLED', canary()), 'STORE_TIMEOUT', 6);
  gh.clearFaults();
  gh.addFault({ method: 'PUT', path: /LANDED$/, fault: { type: 'reset', after: true } });
  const value = canary();
  const receipt = await store().put('LANDED', value);
  expect(receipt.confirmedBy).toMatch(/^updated_at moved/);
  expect(gh.secretValue('acme/infra', 'LANDED')).toBe(value);
});

test('an accepted PUT whose read-back fails is not confirmed but may have landed (the caller must keep the new token)', async () => {
  gh.addFault({ method: 'GET', path: /READBACK_FAILS$/, fault: { type: 'status', status: 500 }, skip: 1 });
  const value = canary();
  const err = await expectStoreError(store().put('READBACK_FAILS', value), 'STORE_NOT_CONFIRMED', 6);
  expect(err.writeMayHaveLanded).toBe(true);
  expect(err.message).toContain('reading it back failed');
  expect(gh.secretValue('acme/infra', 'READBACK_FAILS')).toBe(value);
});
