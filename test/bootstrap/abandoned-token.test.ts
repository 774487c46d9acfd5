// A token created by rotate or bootstrap whose handover fails must be revoked at once and named in the error,
// and the token file must be left as it was (rotate) or not hold the revoked token (bootstrap).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bootstrapEnvironments, BootstrapError, enrollToken, rotateApiToken, TokenHandoverError } from '../../src/bootstrap';
import { openTokenApi } from '../../src/bootstrap/client-factory';
import { exitCodeFor } from '../../src/cli';
import { bootstrapConfig } from './bootstrap-fixtures';
import { RunningEmulator, startEmulator } from '../../src/emulator';
import { isTokenNamed } from '../../src/client/token-name';
import { readTokenFile } from '../../src/handoff';

const PASSWORD = 'vcd-emulator-demo';
let emu: RunningEmulator;
let tokenDir: string;

const config = bootstrapConfig(['acme']);
const options = () => ({ tokenDir, vcdUrlOverrides: { dev: `${emu.url}/api` }, ca: emu.caPem, processEnv: {} as NodeJS.ProcessEnv, password: () => PASSWORD });
const tokenFile = () => path.join(tokenDir, 'dev-acme.json');
const liveTokensNamed = (name: string) => [...emu.world.tokens.values()].filter((t) => isTokenNamed(t.name, name));

beforeAll(async () => {
  emu = await startEmulator({ vcdVersion: '10.5.1' });
});
afterAll(async () => {
  await emu.close();
});
beforeEach(() => {
  tokenDir = fs.mkdtempSync(path.join(os.tmpdir(), 'abandoned-token-'));
});
afterEach(() => fs.rmSync(tokenDir, { recursive: true, force: true }));

test('bootstrap: an env-file that cannot be written revokes the new token, names it and removes its token file', async () => {
  fs.mkdirSync(path.join(tokenDir, 'dev-acme.env'));
  const err = await bootstrapEnvironments(config, options()).then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(BootstrapError);
  expect(exitCodeFor(err)).toBe(8);
  const cause = (err as BootstrapError).failures[0].error;
  expect(cause).toBeInstanceOf(TokenHandoverError);
  const { tokenId, revoked, message } = cause as TokenHandoverError;
  expect(revoked).toBe(true);
  expect(message).toContain(`API token ${tokenId} had already been created; it was revoked`);
  expect((err as BootstrapError).failures[0].message).toContain(tokenId);
  expect(emu.world.tokens.has(tokenId)).toBe(false);
  expect(liveTokensNamed('vcd-api-tokens-dev-acme')).toHaveLength(0);
  expect(fs.existsSync(tokenFile())).toBe(false);
});

test('rotate: a token file that cannot be replaced revokes the new token, names it, and keeps the old one', async () => {
  const first = await bootstrapEnvironments(config, options());
  const before = fs.readFileSync(tokenFile(), 'utf8');
  const oldId = first.results[0].tokenId;
  // A .git next to the file makes it a "git work tree" location, refused at write time (after the create).
  fs.mkdirSync(path.join(tokenDir, '.git'));
  const client = openTokenApi({ url: `${emu.url}/api`, ca: emu.caPem });
  try {
    const err = await rotateApiToken(client, { tokenFile: tokenFile(), user: 'automation', password: PASSWORD }).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(TokenHandoverError);
    expect(exitCodeFor(err)).toBe(8);
    const { tokenId, message } = err as TokenHandoverError;
    expect(tokenId).not.toBe(oldId);
    expect(message).toContain(`API token ${tokenId} had already been created; it was revoked`);
    expect(emu.world.tokens.has(tokenId)).toBe(false);
  } finally {
    await client.close();
  }
  expect(fs.readFileSync(tokenFile(), 'utf8')).toBe(before);
  expect(readTokenFile(tokenFile()).tokenId).toBe(oldId);
  expect(liveTokensNamed('vcd-api-tokens-dev-acme').map((t) => t.id)).toEqual([oldId]);
});

describe('the revoke of the abandoned token is not confirmed: exit 7 naming the token (id and name) and the revoke to run', () => {
  const failRevokes = () => emu.faults.add({ method: 'DELETE', path: /^\/cloudapi\/1\.0\.0\/tokens\//, action: { type: 'status', status: 500 }, times: 'always' });
  afterEach(() => emu.faults.clear());
  const expectUnsettled = (err: unknown): TokenHandoverError => {
    expect(err).toBeInstanceOf(TokenHandoverError);
    const e = err as TokenHandoverError;
    expect([e.code, e.revoked, exitCodeFor(e)]).toEqual(['BOOTSTRAP_HANDOVER_UNSETTLED', false, 7]);
    const live = emu.world.tokens.get(e.tokenId);
    expect(live).toBeDefined();
    expect(e.message).toContain(`API token ${live?.name} (${e.tokenId}) had already been created and VCD did not confirm its revoke`);
    expect(e.message).toContain(`vcd-token revoke ${e.tokenId}`);
    emu.world.revokeToken(e.tokenId);
    return e;
  };

  test('bootstrap (create path): the env-file fails, the revoke too', async () => {
    fs.mkdirSync(path.join(tokenDir, 'dev-acme.env'));
    failRevokes();
    const err = await bootstrapEnvironments(config, options()).then(() => undefined, (e: unknown) => e);
    expect(exitCodeFor(err)).toBe(7);
    expectUnsettled((err as BootstrapError).failures[0].error);
  });

  test('rotate: the token file cannot be replaced, the revoke fails', async () => {
    await bootstrapEnvironments(config, options());
    fs.mkdirSync(path.join(tokenDir, '.git'));
    failRevokes();
    const client = openTokenApi({ url: `${emu.url}/api`, ca: emu.caPem });
    try {
      expectUnsettled(await rotateApiToken(client, { tokenFile: tokenFile(), user: 'automation', password: PASSWORD }).then(() => undefined, (e: unknown) => e));
    } finally {
      await client.close();
    }
  });

  test('enroll: the store refuses the write, the revoke fails', async () => {
    failRevokes();
    const store = {
      kind: 'refusing',
      put: async () => {
        throw new Error('the store refused the write (injected)');
      },
      describe: (name: string) => `refusing store ${name}`,
    };
    const client = openTokenApi({ url: `${emu.url}/api`, ca: emu.caPem });
    try {
      const err = await enrollToken(client, { env: 'dev', tenant: 'acme', user: 'automation', url: `${emu.url}/api`, store, password: PASSWORD }).then(() => undefined, (e: unknown) => e);
      expect(expectUnsettled(err).message).toContain('the store refused the write (injected)');
    } finally {
      await client.close();
    }
  });
});
