// Seed files: the sample loads; every kind of mistake names the file, the field path and what was expected.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildWorldFromSeed, hashPassword, loadSeedFile, SeedError } from '../../src/emulator/world';

const SAMPLE = resolve(__dirname, '../../src/emulator/world/seeds/sample-seed.json');
let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'world-seed-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HASH = hashPassword('seed-pass');

function seedWith(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    vcdVersion: '10.5',
    orgs: [
      { name: 'System', roles: [{ name: 'System Administrator', rights: '*' }], users: [{ name: 'administrator', role: 'System Administrator', passwordHash: HASH }] },
      { name: 'acme', roles: [{ name: 'CI', rights: ['API Tokens: Manage'] }], users: [{ name: 'ci', role: 'CI', passwordHash: HASH }] },
      { name: 'globex', roles: [{ name: 'CI', rights: ['Organization: View'] }], users: [{ name: 'ci', role: 'CI', passwordHash: HASH }] },
    ],
    rightsBundles: [{ name: 'Tokens', rights: ['API Tokens: Manage'], tenants: ['acme'] }],
    ...overrides,
  };
}

function writeSeed(name: string, content: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

function seedErrorOf(fn: () => unknown): SeedError {
  try {
    fn();
  } catch (err) {
    if (err instanceof SeedError) return err;
    throw err;
  }
  throw new Error('expected a SeedError');
}

test('the sample seed loads and its pipeline user can manage its own token', () => {
  const world = loadSeedFile(SAMPLE);
  expect(world.vcdVersion).toBe('10.5');
  const contoso = world.findOrgByName('contoso')!;
  const pipeline = world.findUser(contoso.id, 'pipeline')!;
  expect(world.verifyPassword(pipeline, 'vcd-emulator-demo')).toBe(true);
  expect(world.hasRight(pipeline.id, 'API Tokens: Manage')).toBe(true);
  expect(world.hasRight(pipeline.id, 'API Tokens: Manage All')).toBe(false);
});

test('a valid seed builds orgs, roles, users and bundles with rights capped by publication', () => {
  const world = loadSeedFile(writeSeed('valid.json', seedWith()));
  const acmeCi = world.findUser(world.findOrgByName('acme')!.id, 'ci')!;
  const globexCi = world.findUser(world.findOrgByName('globex')!.id, 'ci')!;
  expect(world.hasRight(acmeCi.id, 'API Tokens: Manage')).toBe(true);
  expect(world.hasRight(globexCi.id, 'Organization: View')).toBe(false); // no bundle published to globex
  expect(loadSeedFile(writeSeed('valid2.json', seedWith())).toJSON().orgs).toEqual(world.toJSON().orgs);
});

test('unknown role: file, field path and the roles that exist', () => {
  const seed = seedWith();
  (seed.orgs as any)[2].users[0].role = 'Foo';
  const file = writeSeed('unknown-role.json', seed);
  const err = seedErrorOf(() => loadSeedFile(file));
  expect(err.code).toBe('SEED_UNKNOWN_REFERENCE');
  expect(err.filePath).toBe(file);
  expect(err.fieldPath).toBe('orgs[2].users[0].role');
  expect(err.message).toBe(`${file}: orgs[2].users[0].role: unknown role "Foo" (expected a role of org "globex": "CI")`);
});

test('unknown right names the index; rights of later releases are dropped silently', () => {
  const seed = seedWith();
  (seed.orgs as any)[1].roles[0].rights = ['API Tokens: Manage', 'api tokens: manage all'];
  const err = seedErrorOf(() => loadSeedFile(writeSeed('unknown-right.json', seed)));
  expect(err.fieldPath).toBe('orgs[1].roles[0].rights[1]');
  expect(err.message).toMatch(/unknown right "api tokens: manage all".*case-sensitive/);

  const older = seedWith({ vcdVersion: '10.3.1' });
  (older.orgs as any)[1].roles[0].rights = ['API Tokens: Manage', 'Manage Service Accounts'];
  const world = loadSeedFile(writeSeed('later-right.json', older));
  expect(world.findRightByName('Manage Service Accounts')).toBeUndefined();
});

test.each([
  ['not JSON', '{"orgs": [', 'SEED_NOT_JSON', ''],
  ['an array root', [], 'SEED_INVALID_FIELD', ''],
  ['no orgs', { vcdVersion: '10.5' }, 'SEED_INVALID_FIELD', 'orgs'],
  ['an unknown field', seedWith({ org: [] }), 'SEED_INVALID_FIELD', 'org'],
  ['a bad release', seedWith({ vcdVersion: 'latest' }), 'SEED_INVALID_FIELD', 'vcdVersion'],
  ['a duplicate org', seedWith({ orgs: [{ name: 'acme' }, { name: 'ACME' }] }), 'SEED_DUPLICATE_NAME', 'orgs[1].name'],
  ['two provider orgs', seedWith({ orgs: [{ name: 'System' }, { name: 'Root', isProvider: true }] }), 'SEED_INVALID_FIELD', 'orgs[1].isProvider'],
  ['a bundle for an unknown tenant', seedWith({ rightsBundles: [{ name: 'B', rights: [], tenants: ['hooli'] }] }), 'SEED_UNKNOWN_REFERENCE', 'rightsBundles[0].tenants[0]'],
  ['a bundle published to System', seedWith({ rightsBundles: [{ name: 'B', rights: [], tenants: ['System'] }] }), 'SEED_INVALID_FIELD', 'rightsBundles[0].tenants[0]'],
  ['a bad rightType', seedWith({ extraRights: [{ name: 'X: Y', category: 'X', rightType: 'EDIT' }] }), 'SEED_INVALID_FIELD', 'extraRights[0].rightType'],
  ['a non-hash passwordHash', seedWith({ orgs: [{ name: 'a', roles: [{ name: 'r', rights: [] }], users: [{ name: 'u', role: 'r', passwordHash: 'plain' }] }] }), 'SEED_INVALID_FIELD', 'orgs[0].users[0].passwordHash'],
  ['no password at all', seedWith({ orgs: [{ name: 'a', roles: [{ name: 'r', rights: [] }], users: [{ name: 'u', role: 'r' }] }] }), 'SEED_INVALID_FIELD', 'orgs[0].users[0]'],
])('%s is refused with code and field path', (_what, content, code, fieldPath) => {
  const file = writeSeed('bad.json', content);
  const err = seedErrorOf(() => loadSeedFile(file));
  expect(err.code).toBe(code);
  expect(err.fieldPath).toBe(fieldPath);
  expect(err.message.startsWith(fieldPath ? `${file}: ${fieldPath}: ` : `${file}: `)).toBe(true);
  expect(err.expected.length).toBeGreaterThan(0);
});

test('a missing file is SEED_FILE_UNREADABLE', () => {
  const err = seedErrorOf(() => loadSeedFile(join(dir, 'absent.json')));
  expect(err.code).toBe('SEED_FILE_UNREADABLE');
  expect(err.message).toContain('ENOENT');
});

test('plain passwords are refused in files and never echoed', () => {
  const seed = seedWith({ orgs: [{ name: 'a', roles: [{ name: 'r', rights: [] }], users: [{ name: 'u', role: 'r', password: 'Hunter2-Secret' }] }] });
  const err = seedErrorOf(() => loadSeedFile(writeSeed('plain.json', seed)));
  expect(err.fieldPath).toBe('orgs[0].users[0].password');
  expect(err.message).not.toContain('Hunter2-Secret');
  const numeric = seedWith({ orgs: [{ name: 'a', roles: [{ name: 'r', rights: [] }], users: [{ name: 'u', role: 'r', password: 987654321 }] }] });
  const err2 = seedErrorOf(() => buildWorldFromSeed(numeric, { source: '<mem>', allowPlainPasswords: true }));
  expect(err2.message).not.toContain('987654321');
});

test('passwordEnv reads the password from the given environment', () => {
  const seed = seedWith({ orgs: [{ name: 'a', roles: [{ name: 'r', rights: [] }], users: [{ name: 'u', role: 'r', passwordEnv: 'SEED_TEST_PASSWORD' }] }], rightsBundles: [] });
  const world = buildWorldFromSeed(seed, { source: '<mem>', env: { SEED_TEST_PASSWORD: 'from-env-1' } });
  const user = world.findUser(world.findOrgByName('a')!.id, 'u')!;
  expect(world.verifyPassword(user, 'from-env-1')).toBe(true);
  const err = seedErrorOf(() => buildWorldFromSeed(seed, { source: '<mem>', env: {} }));
  expect(err.fieldPath).toBe('orgs[0].users[0].passwordEnv');
  expect(err.message).toContain('SEED_TEST_PASSWORD is not set');
});
