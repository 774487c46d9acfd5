// `vcd-token exchange` when VCD rotates the token on use (emulator with rotateRefreshTokens, and a real service
// account minted with the device flow): the CLI must rewrite the token file atomically with the new
// token, print no secret, and say so clearly (exit 8) when the new token cannot be saved.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeTokenFile } from '../../src/handoff';
import { EmulatorTestKit } from '../emulator/emulator-test-kit';
import { mintServiceAccount } from '../client/helpers/service-account';
import { cli, connectionEnv, tempHome, testEnv, waitFor } from './cli-harness';

let kit: EmulatorTestKit;
let home: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  kit = await EmulatorTestKit.start({ rotateRefreshTokens: true, vcdVersion: '10.5.1' });
});
afterAll(async () => {
  await kit.close();
});
beforeEach(() => {
  home = tempHome('vcd-token-rotated-');
  env = testEnv(home, connectionEnv(kit.emulator));
  kit.emulator.faults.clear();
});
afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

const refreshTokenIn = (file: string) => (JSON.parse(fs.readFileSync(file, 'utf8')) as { refresh_token: string }).refresh_token;
/** Whether VCD (the emulator) still accepts `apiToken`; a successful probe rotates it, so only probe dead ones or last. */
const accepted = async (apiToken: string) => (await kit.tokenRequest('acme', { grant_type: 'refresh_token', refresh_token: apiToken })).status === 200;

/** A token file with a user API token created by the CLI (create does not exchange, so the token is unused). */
async function createdTokenFile(name: string): Promise<string> {
  const file = path.join(home, 'tokens', `${name}.json`);
  const r = await cli(['create', '--name', name, '--token-file', file], { env });
  expect({ exitCode: r.exitCode, stderr: r.stderr }).toEqual({ exitCode: 0, stderr: '' });
  return file;
}

/** Only what a token file provides: no password, no URL or org in the environment. */
const tokenFileOnlyEnv = () => ({ ...env, VCD_URL: undefined, VCD_ORG: undefined, VCD_USER: undefined, VCD_PASSWORD: undefined });

/** Runs `exchange --token-file` twice and checks the rotation was persisted each time. */
async function expectExchangeRotatesFile(file: string): Promise<void> {
  const secrets: string[] = [];
  for (let round = 1; round <= 2; round++) {
    const before = refreshTokenIn(file);
    const inodeBefore = fs.statSync(file).ino;
    // The second round only succeeds if the first one saved the rotated token: the one it presented is dead.
    const r = await cli(['exchange', '--token-file', file], { env: tokenFileOnlyEnv() });
    expect({ round, exitCode: r.exitCode, stderr: r.stderr }).toEqual({ round, exitCode: 0, stderr: '' });
    expect(r.stdout).toContain('API token is valid');
    const after = refreshTokenIn(file);
    expect(after).not.toBe(before);
    secrets.push(before, after);
    for (const s of secrets) expect(r.stdout + r.stderr).not.toContain(s);
    // Atomic replacement (a new inode renamed over the old file), private, no temp file left behind.
    expect(fs.statSync(file).ino).not.toBe(inodeBefore);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(path.dirname(file)).filter((n) => n.includes('.tmp-'))).toEqual([]);
    expect(await accepted(before)).toBe(false);
  }
  for (const s of secrets) expect(kit.emulator.requestLog.secretSeen(s).inUrl).toBe(false);
  expect(kit.emulator.requestLog.leaks()).toEqual([]);
  // Last: the saved token works (this probe rotates it once more, nothing depends on it afterwards).
  expect(await accepted(refreshTokenIn(file))).toBe(true);
}

test('user API token: exchange rewrites the token file with the rotated token (0600, atomic), twice in a row', async () => {
  const file = await createdTokenFile('rotated-cli');
  const metadata = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;
  expect(metadata.token_name).toMatch(/^rotated-cli~[0-9a-f]{8}$/);
  await expectExchangeRotatesFile(file);
  // The metadata survives the rewrite (rotate/revoke find the token by id).
  expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(expect.objectContaining({ token_id: metadata.token_id, token_name: metadata.token_name, org: 'acme', vcd_url: metadata.vcd_url }));
});

test('service account (device flow, VCD 10.5): the token file is rotated the same way', async () => {
  const account = await mintServiceAccount(kit, 'rotated-cli-sa');
  const file = path.join(home, 'tokens', 'sa.json');
  await writeTokenFile(file, { apiToken: account.refreshToken, org: 'acme', vcdUrl: `${kit.emulator.url}/api` }, { force: true });
  await expectExchangeRotatesFile(file);
});

test('a rotated token that cannot be saved: exit 8, the message says it was rotated and where it could not be saved', async () => {
  const file = await createdTokenFile('rotated-cli-unsaved');
  const old = refreshTokenIn(file);
  const tokenId = (JSON.parse(fs.readFileSync(file, 'utf8')) as { token_id: string }).token_id;
  // Hold the token answer (rotation already done on the server) and meanwhile put a directory where the file
  // was: the rename of the new file fails whatever the user's privileges (tests may run as root).
  const stall = kit.emulator.faults.add({ method: 'POST', path: '/oauth/tenant/acme/token', action: { type: 'stall', ms: 100 } });
  const running = cli(['exchange', '--token-file', file], { env: tokenFileOnlyEnv() });
  await waitFor(() => stall.applied === 1, 'the held token answer');
  fs.rmSync(file);
  fs.mkdirSync(file);
  fs.writeFileSync(path.join(file, 'keep'), 'x');
  const r = await running;

  expect(r.exitCode).toBe(8);
  expect(r.stdout).toBe('');
  expect(r.stderr).toContain('VCD rotated the API token on use');
  expect(r.stderr).toContain(`the new token could not be saved: Could not write ${file}`);
  expect(r.stderr).toContain(`vcd-token revoke ${tokenId}`);
  expect(r.stderr).not.toContain(old);
  expect(await accepted(old)).toBe(false);
  // The token record lives on with a secret nobody holds, as the message says.
  expect(kit.emulator.world.tokens.has(tokenId)).toBe(true);
});

test('a rotating token given on stdin: exit 2, the message says the token was rotated and was not kept', async () => {
  const file = await createdTokenFile('rotated-cli-stdin');
  const old = refreshTokenIn(file);
  const r = await cli(['exchange', '--token-stdin'], { env, stdin: `${old}\n` });
  expect(r.exitCode).toBe(2);
  expect(r.stderr).toContain('VCD rotated this API token on use');
  expect(r.stderr).toContain('--token-file');
  expect(r.stdout + r.stderr).not.toContain(old);
  expect(await accepted(old)).toBe(false);
});

test('rotate with rotation on: the token file and --env-output hold the rotated (live) token, not the one the verify killed', async () => {
  const file = await createdTokenFile('rotated-cli-rotate');
  const old = refreshTokenIn(file);
  const envOutput = path.join(home, 'tokens', 'rotate.env');
  const r = await cli(['rotate', '--token-file', file, '--env-output', envOutput], { env });
  expect({ exitCode: r.exitCode, stderr: r.stderr }).toEqual({ exitCode: 0, stderr: '' });
  const saved = refreshTokenIn(file);
  expect(saved).not.toBe(old);
  expect(fs.readFileSync(envOutput, 'utf8')).toContain(`VCD_API_TOKEN=${saved}\n`);
  expect(r.stdout).not.toContain(saved);
  // The file works for the next exchange (which rotates it again and saves that).
  const next = await cli(['exchange', '--token-file', file], { env: tokenFileOnlyEnv() });
  expect({ exitCode: next.exitCode, stderr: next.stderr }).toEqual({ exitCode: 0, stderr: '' });
  expect(await accepted(saved)).toBe(false);
});

test('two exchanges of one rotating token file at once both succeed (serialised by the file lock, re-read inside it)', async () => {
  const file = await createdTokenFile('rotated-cli-concurrent');
  // Hold the first answer so that both runs have read the file before either rotation is saved.
  const stall = kit.emulator.faults.add({ method: 'POST', path: '/oauth/tenant/acme/token', action: { type: 'stall', ms: 100 } });
  const [a, b] = await Promise.all([cli(['exchange', '--token-file', file], { env: tokenFileOnlyEnv() }), cli(['exchange', '--token-file', file], { env: tokenFileOnlyEnv() })]);
  expect(stall.applied).toBe(1);
  expect([a, b].map((r) => ({ exitCode: r.exitCode, stderr: r.stderr }))).toEqual([{ exitCode: 0, stderr: '' }, { exitCode: 0, stderr: '' }]);
  expect(fs.existsSync(`${file}.lock`)).toBe(false);
  expect(await accepted(refreshTokenIn(file))).toBe(true);
});

test.each([['whoami'], ['list']])('%s with a rotating token file saves the rotation too (it used to leave a dead token behind)', async (command) => {
  const file = await createdTokenFile(`rotated-cli-${command}`);
  for (let round = 1; round <= 2; round++) {
    const before = refreshTokenIn(file);
    // No user or password, so the command runs on an API-token session made from the file.
    const r = await cli([command, '--token-file', file], { env: { ...env, VCD_USER: undefined, VCD_PASSWORD: undefined } });
    expect({ round, exitCode: r.exitCode, stderr: r.stderr }).toEqual({ round, exitCode: 0, stderr: '' });
    expect(refreshTokenIn(file)).not.toBe(before);
    expect(r.stdout).not.toContain(refreshTokenIn(file));
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  }
  expect(await accepted(refreshTokenIn(file))).toBe(true);
});

test('revoke --token-file on a rotating token: its own session rotates it first, then the token is revoked and the file deleted', async () => {
  const file = await createdTokenFile('rotated-cli-revoke');
  const tokenId = (JSON.parse(fs.readFileSync(file, 'utf8')) as { token_id: string }).token_id;
  const old = refreshTokenIn(file);
  const r = await cli(['revoke', '--token-file', file, '--delete-file'], { env: { ...env, VCD_USER: undefined, VCD_PASSWORD: undefined } });
  expect({ exitCode: r.exitCode, stderr: r.stderr }).toEqual({ exitCode: 0, stderr: '' });
  expect(r.stdout).toContain(`${tokenId}: revoked`);
  expect(fs.existsSync(file)).toBe(false);
  expect(fs.existsSync(`${file}.lock`)).toBe(false);
  expect(kit.emulator.world.tokens.has(tokenId)).toBe(false);
  expect(r.stdout + r.stderr).not.toContain(old);
});
