// State persistence: round trip, mode 0600, atomic replacement without leftovers, typed read errors.
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createDemoWorld,
  DEMO_TOKEN_BUNDLE_NAME,
  hashTokenSecret,
  loadStateFile,
  persistWorld,
  WorldStateError,
} from '../../src/emulator/world';

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'world-state-')); });
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const REFRESH_TOKEN = 'refresh-token-value-that-must-never-be-stored-0123456789abcdef';

function changedDemoWorld() {
  const world = createDemoWorld({ adminPassword: 'admin-pass-rt', demoPassword: 'demo-pass-rt' });
  const initech = world.findOrgByName('initech')!;
  const bundle = [...world.rightsBundles.values()].find((b) => b.name === DEMO_TOKEN_BUNDLE_NAME)!;
  world.updateRightsBundle(bundle.id, { tenantOrgIds: [...bundle.tenantOrgIds, initech.id] });
  const automation = world.findUser(initech.id, 'automation')!;
  const clientId = '6d0a1b2c-3d4e-4f50-8a9b-0c1d2e3f4a5b';
  world.addToken({ id: `urn:vcloud:token:${clientId}`, clientId, name: 'ci', ownerUserId: automation.id, orgId: initech.id, type: 'REFRESH', secretHash: hashTokenSecret(REFRESH_TOKEN), grantConsumed: true });
  return { world, automation };
}

test('round trip keeps every record, rights, passwords and token lookup', () => {
  const { world, automation } = changedDemoWorld();
  const file = join(dir, 'state.json');
  persistWorld(world, file);
  const restored = loadStateFile(file);
  expect(restored.toJSON()).toEqual(world.toJSON());
  expect(restored.hasRight(automation.id, 'API Tokens: Manage')).toBe(true);
  expect(restored.verifyPassword(restored.users.get(automation.id)!, 'demo-pass-rt')).toBe(true);
  expect(restored.findTokenBySecretHash(hashTokenSecret(REFRESH_TOKEN))?.name).toBe('ci');
});

test('the state file is mode 0600, even when replacing a 0644 file, and holds no secrets', () => {
  const { world } = changedDemoWorld();
  const file = join(dir, 'state.json');
  writeFileSync(file, '{}');
  chmodSync(file, 0o644);
  persistWorld(world, file);
  expect(statSync(file).mode & 0o777).toBe(0o600);
  const text = readFileSync(file, 'utf8');
  for (const secret of [REFRESH_TOKEN, 'admin-pass-rt', 'demo-pass-rt']) expect(text).not.toContain(secret);
});

test('atomic writes leave no temp file behind, also after repeated writes', () => {
  const { world } = changedDemoWorld();
  const file = join(dir, 'state.json');
  persistWorld(world, file);
  world.addOrg({ name: 'hooli' });
  persistWorld(world, file);
  expect(readdirSync(dir)).toEqual(['state.json']);
  expect(loadStateFile(file).findOrgByName('hooli')).toBeDefined();
});

test('a failed write is STATE_WRITE_FAILED and leaves nothing', () => {
  const { world } = changedDemoWorld();
  const err = (() => { try { persistWorld(world, join(dir, 'missing-dir', 'state.json')); } catch (e) { return e; } return undefined; })();
  expect(err).toBeInstanceOf(WorldStateError);
  expect((err as WorldStateError).code).toBe('STATE_WRITE_FAILED');
  expect(readdirSync(dir)).toEqual([]);
});

test.each([
  ['missing', undefined, 'STATE_FILE_UNREADABLE'],
  ['garbage', 'not json', 'STATE_NOT_JSON'],
  ['foreign JSON', '{"hello":1}', 'STATE_INVALID'],
])('loading a %s state file fails with %s', (_what, content, code) => {
  const file = join(dir, 'state.json');
  if (content !== undefined) writeFileSync(file, content);
  expect(() => loadStateFile(file)).toThrow(expect.objectContaining({ code, filePath: file }));
});

test('a state file with a broken reference is STATE_INVALID', () => {
  const { world } = changedDemoWorld();
  const state = JSON.parse(JSON.stringify(world.toJSON()));
  state.users[0].roleId = 'urn:vcloud:role:00000000-0000-0000-0000-000000000000';
  const file = join(dir, 'state.json');
  writeFileSync(file, JSON.stringify(state));
  expect(() => loadStateFile(file)).toThrow(expect.objectContaining({ code: 'STATE_INVALID' }));
});
