// Seed files may declare service accounts: ACTIVE with a refresh token taken from an environment variable
// (never from the file), or CREATED (waiting for the device flow). An ACTIVE one rotates over HTTPS like any.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Secret, VcdClient } from '../../src/client';
import { startEmulator } from '../../src/emulator';
import { buildWorldFromSeed, hashPassword, SeedError } from '../../src/emulator/world';

const HASH = hashPassword('seed-pass');
const TOKEN = 'seeded-service-account-refresh-token-0123456789';
let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'seed-sa-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function seed(serviceAccounts: unknown[], vcdVersion = '10.5'): Record<string, unknown> {
  return {
    vcdVersion,
    orgs: [
      { name: 'System', roles: [{ name: 'System Administrator', rights: '*' }], users: [{ name: 'administrator', role: 'System Administrator', passwordHash: HASH }] },
      { name: 'acme', roles: [{ name: 'CI', rights: ['API Tokens: Manage', 'Organization: View'] }], users: [{ name: 'ci', role: 'CI', passwordHash: HASH }], serviceAccounts },
    ],
    globalRoles: [{ name: 'Shared Bot', rights: ['Organization: View'], tenants: ['acme'] }],
    rightsBundles: [{ name: 'Tokens', rights: ['API Tokens: Manage', 'Organization: View'], tenants: ['acme'] }],
  };
}

function seedError(value: unknown, env: NodeJS.ProcessEnv = {}): SeedError {
  try {
    buildWorldFromSeed(value, { source: 'seed.json', env });
  } catch (err) {
    if (err instanceof SeedError) return err;
    throw err;
  }
  throw new Error('expected a SeedError');
}

test('ACTIVE (refreshTokenEnv) and CREATED accounts, with an org role or a published global role', () => {
  const world = buildWorldFromSeed(seed([{ name: 'deployer', role: 'CI', refreshTokenEnv: 'SA_TOKEN' }, { name: 'pending', role: 'Shared Bot' }]), { source: 'seed.json', env: { SA_TOKEN: TOKEN } });
  const accounts = world.listServiceAccounts();
  expect(accounts.map((a) => [a.name, a.status, world.roles.get(a.roleId)?.name ?? world.globalRoles.get(a.roleId)?.name])).toEqual([
    ['deployer', 'ACTIVE', 'CI'],
    ['pending', 'CREATED', 'Shared Bot'],
  ]);
  expect(accounts[0].id).toBe(`urn:vcloud:serviceAccount:${accounts[0].clientId}`);
  expect(world.findServiceAccountBySecretHash(accounts[0].secretHash as string)?.name).toBe('deployer');
  expect(accounts[1].secretHash).toBeNull();
  expect(JSON.stringify(accounts)).not.toContain(TOKEN);
});

test.each([
  ['service accounts before VCD 10.4', seed([{ name: 'x', role: 'CI' }], '10.3.1'), {}, 'SEED_INVALID_FIELD', /VCD 10\.3\.1 has no service accounts/],
  ['an unknown role', seed([{ name: 'x', role: 'Nope' }]), {}, 'SEED_UNKNOWN_REFERENCE', /unknown role "Nope"/],
  ['a duplicate name', seed([{ name: 'x', role: 'CI' }, { name: 'X', role: 'CI' }]), {}, 'SEED_DUPLICATE_NAME', /listed twice/],
  ['an unset variable', seed([{ name: 'x', role: 'CI', refreshTokenEnv: 'SA_TOKEN' }]), {}, 'SEED_INVALID_FIELD', /SA_TOKEN is not set/],
  ['a short token', seed([{ name: 'x', role: 'CI', refreshTokenEnv: 'SA_TOKEN' }]), { SA_TOKEN: 'short-secret' }, 'SEED_INVALID_FIELD', /shorter than 16/],
  ['an unknown field (a token in the file)', seed([{ name: 'x', role: 'CI', refreshToken: 'in-the-file-0123456789' }]), {}, 'SEED_INVALID_FIELD', /refreshToken/],
])('refuses %s', (_name, value, env, code, message) => {
  const err = seedError(value, env as NodeJS.ProcessEnv);
  expect(err.code).toBe(code);
  expect(err.message).toMatch(message);
  expect(err.message).not.toContain('short-secret');
  expect(err.message).not.toContain('in-the-file-0123456789');
});

test('a seed-file service account exchanges over HTTPS and rotates', async () => {
  const file = join(dir, 'seed.json');
  writeFileSync(file, JSON.stringify(seed([{ name: 'deployer', role: 'CI', refreshTokenEnv: 'VCD_TEST_SEEDED_SA_TOKEN' }])));
  process.env.VCD_TEST_SEEDED_SA_TOKEN = TOKEN;
  const emu = await startEmulator({ seedFile: file }).finally(() => delete process.env.VCD_TEST_SEEDED_SA_TOKEN);
  const vcd = new VcdClient({ url: `${emu.url}/api`, caFile: emu.caFile });
  try {
    const session = await vcd.exchangeApiToken({ org: 'acme', apiToken: TOKEN });
    expect(session.rotatedApiToken).toBeInstanceOf(Secret);
    expect((await vcd.verifyBearer(session)).orgNames).toContain('acme');
    await expect(vcd.exchangeApiToken({ org: 'acme', apiToken: TOKEN })).rejects.toMatchObject({ code: 'VCD_INVALID_GRANT' });
    await vcd.exchangeApiToken({ org: 'acme', apiToken: session.rotatedApiToken as Secret });
  } finally {
    await vcd.close();
    await emu.close();
    await new Promise((resolve) => setTimeout(resolve, 1100)); // undici's ref'd timer after Pool close
  }
});
