// The GitLab store against the GitLab-API double (real HTTPS on loopback): create and update per environment
// scope, masked/protected/raw, confirmed by reading the value back (or by the write's answer for a hidden
// variable), an unmaskable value refused before anything is sent, scope and role errors mapped to exit codes.
import * as crypto from 'node:crypto';
import { exitCodeFor } from '../../src/cli';
import { GitLabVariableStore, StoreError } from '../../src/stores';
import { gitLabApiUrl } from '../../src/stores/gitlab-variable-store';
import { type GitLabApiDouble, startGitLabApiDouble } from '../doubles/gitlab-api-double';

let gl: GitLabApiDouble;
let token: string;
const canary = () => `canary-${crypto.randomBytes(24).toString('base64url')}`;

beforeAll(async () => {
  gl = await startGitLabApiDouble();
  gl.addProject('acme/platform/infra');
  token = gl.issueToken({ projects: ['acme/platform/infra'] });
});
afterAll(async () => {
  await gl.close();
});
beforeEach(() => gl.clearFaults());

function store(options: Partial<ConstructorParameters<typeof GitLabVariableStore>[0]> = {}, debug?: string[]): GitLabVariableStore {
  return new GitLabVariableStore({
    project: 'acme/platform/infra',
    apiUrl: `${gl.origin}/api/v4`,
    ca: gl.caPem,
    retry: { baseDelayMs: 1 },
    timeoutMs: 2000,
    ...(debug ? { debugLog: (l: string) => debug.push(l) } : {}),
    ...options,
    env: options.env ?? { GITLAB_TOKEN: token },
  });
}

async function expectStoreError(promise: Promise<unknown>, code: string, exit: number): Promise<StoreError> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(StoreError);
  expect({ code: (err as StoreError).code, exit: exitCodeFor(err) }).toEqual({ code, exit });
  return err as StoreError;
}

test('creates a masked, protected, raw variable, then updates it; both confirmed by reading the value back', async () => {
  const value = canary();
  const debug: string[] = [];
  const created = await store({}, debug).put('VCD_API_TOKEN_DEV_ACME', value, { tokenId: 'urn:vcloud:token:1', tokenName: 'vcd-api-tokens-dev-acme~0a0b0c0d', org: 'acme' });
  expect(created).toEqual({ store: 'gitlab', name: 'VCD_API_TOKEN_DEV_ACME', location: expect.stringContaining('of project acme/platform/infra'), confirmedBy: 'value read back' });
  expect(gl.variable('acme/platform/infra', 'VCD_API_TOKEN_DEV_ACME')).toMatchObject({ value, masked: true, protected: true, raw: true, environment_scope: '*', description: expect.stringContaining('urn:vcloud:token:1') });
  const next = canary();
  await store().put('VCD_API_TOKEN_DEV_ACME', next);
  expect(gl.variable('acme/platform/infra', 'VCD_API_TOKEN_DEV_ACME')?.value).toBe(next);
  expect(debug.join('\n')).not.toContain(token);
  expect(debug.join('\n')).not.toContain(value);
  expect(debug.filter((l) => l.startsWith('[request] POST'))).toHaveLength(1);
});

test('an environment scope keeps its own variable; the numeric project id works too', async () => {
  const value = canary();
  await store({ environmentScope: 'dev-acme' }).put('SCOPED_TOKEN', value);
  expect(gl.variable('acme/platform/infra', 'SCOPED_TOKEN', 'dev-acme')?.value).toBe(value);
  expect(gl.variable('acme/platform/infra', 'SCOPED_TOKEN', '*')).toBeUndefined();
  const id = String(gl.addProject('acme/other'));
  const other = gl.issueToken({ projects: ['acme/other'] });
  await store({ project: id, env: { GITLAB_TOKEN: other } }).put('BY_ID_TOKEN', value);
  expect(gl.variable('acme/other', 'BY_ID_TOKEN')?.value).toBe(value);
});

test('a hidden variable is confirmed by the write answer (its value cannot be read back)', async () => {
  gl.seedVariable('acme/platform/infra', { key: 'HIDDEN_TOKEN', value: canary(), masked: true, hidden: true });
  const value = canary();
  const receipt = await store().put('HIDDEN_TOKEN', value);
  expect(receipt.confirmedBy).toMatch(/^PUT answered 200 \(hidden variable/);
  expect(gl.variable('acme/platform/infra', 'HIDDEN_TOKEN')?.value).toBe(value);
});

test('a value GitLab cannot mask is refused before any request (exit 2); GitLab\'s own refusal maps the same', async () => {
  const before = gl.log.length;
  for (const value of ['short', 'has space in it', 'two\nlines-here', 'bang!bang!bang']) {
    const err = await expectStoreError(store().put('UNMASKABLE', value), 'STORE_CANNOT_MASK', 2);
    expect(err.message).not.toContain(value);
  }
  expect(gl.log.length).toBe(before);
  // Unmasked, GitLab takes it; asking GitLab directly to mask it fails the same way.
  await store({ masked: false }).put('UNMASKED_OK', 'x y z!');
  expect(gitLabApiUrl('https://gitlab.example.com/')).toBe('https://gitlab.example.com/api/v4');
});

test('errors: 401 → 3; no api scope or the Developer role → 5 naming what is needed; an unknown project → 2', async () => {
  const bad = `glpat-${crypto.randomBytes(12).toString('hex')}`;
  const auth = await expectStoreError(store({ env: { GITLAB_TOKEN: bad } }).put('X_TOKEN', canary()), 'STORE_AUTH_FAILED', 3);
  expect(auth.message).not.toContain(bad);
  const readOnly = gl.issueToken({ projects: ['acme/platform/infra'], scopes: ['read_api'] });
  const scope = await expectStoreError(store({ env: { GITLAB_TOKEN: readOnly } }).put('X_TOKEN', canary()), 'STORE_FORBIDDEN', 5);
  expect(scope.message).toContain('insufficient_scope');
  expect(scope.message).toContain('the api scope');
  const developer = gl.issueToken({ projects: ['acme/platform/infra'], role: 'developer' });
  const role = await expectStoreError(store({ env: { GITLAB_TOKEN: developer } }).put('X_TOKEN', canary()), 'STORE_FORBIDDEN', 5);
  expect(role.message).toContain('at least the Maintainer role');
  const missing = await expectStoreError(store({ project: 'acme/nosuch' }).put('X_TOKEN', canary()), 'STORE_NOT_FOUND', 2);
  expect(missing.message).toContain('check --project');
  await expectStoreError(Promise.resolve().then(() => store({ env: {} })), 'STORE_MISSING_CREDENTIALS', 2);
});

test('a POST answered 502 is sent once (6); a stalled write times out (6) and nothing is confirmed', async () => {
  gl.addFault({ method: 'POST', path: /variables$/, fault: { type: 'status', status: 502 }, times: 'always' });
  const before = gl.log.length;
  await expectStoreError(store().put('FAILING_TOKEN', canary()), 'STORE_UNAVAILABLE', 6);
  expect(gl.log.slice(before).map((e) => `${e.method} ${e.status}`)).toEqual(['GET 404', 'POST 502']);
  gl.clearFaults();
  gl.addFault({ method: 'POST', path: /variables$/, fault: { type: 'stall' } });
  await expectStoreError(store({ timeoutMs: 300 }).put('STALLED_TOKEN', canary()), 'STORE_TIMEOUT', 6);
  expect(gl.variable('acme/platform/infra', 'STALLED_TOKEN')).toBeUndefined();
});

test('a write whose answer was lost is settled by reading the value back; a failed read-back after an accepted write may have landed', async () => {
  gl.addFault({ method: 'POST', path: /variables$/, fault: { type: 'reset', after: true } });
  const value = canary();
  const receipt = await store().put('RESET_TOKEN', value);
  expect(receipt.confirmedBy).toBe("value read back (the write's answer was lost)");
  expect(gl.variable('acme/platform/infra', 'RESET_TOKEN')?.value).toBe(value);
  gl.clearFaults();
  gl.addFault({ method: 'POST', path: /variables$/, fault: { type: 'reset' } });
  const notApplied = await expectStoreError(store().put('NEVER_TOKEN', canary()), 'STORE_UNAVAILABLE', 6);
  expect({ landed: notApplied.writeMayHaveLanded, message: notApplied.message }).toEqual({ landed: false, message: expect.stringContaining('Reading the variable back showed it was not applied.') });
  gl.clearFaults();
  // The update is answered 200; the read-back after it fails (skip: the GET before the write passes).
  gl.addFault({ method: 'GET', path: /variables\/RESET_TOKEN$/, fault: { type: 'status', status: 500 }, skip: 1 });
  const unconfirmed = await expectStoreError(store().put('RESET_TOKEN', canary()), 'STORE_NOT_CONFIRMED', 6);
  expect(unconfirmed.writeMayHaveLanded).toBe(true);
  expect(unconfirmed.toJSON()).toMatchObject({ writeMayHaveLanded: true });
});
