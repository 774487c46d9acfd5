// enroll and rotate --to end to end: the in-process CLI against the VCD emulator and the GitHub/GitLab API doubles
// (real HTTPS on loopback). The stored value opens/reads back to a token that exchanges; the old token is revoked
// only after the store confirmed the new one; a store that fails after the VCD token was created leaves the new
// token revoked, the old one working and no orphan; store tokens and API tokens never reach any output.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openTokenApi } from '../../src/bootstrap';
import type { RunningEmulator } from '../../src/emulator';
import { readTokenFile } from '../../src/handoff';
import { useStoreDoubles } from '../helpers/store-doubles';
import { noBackoffWaits } from '../helpers/no-backoff-waits';
import { DEMO_PASSWORD, testEnv, useCliEmulator } from './cli-harness';
import { expectNoSecrets } from './secret-scan';

noBackoffWaits();

const fx = useCliEmulator((emu) => ({ VCD_CA_FILE: emu.caFile, VCD_PASSWORD_DEV_ACME: DEMO_PASSWORD, VCD_PASSWORD_DEV_GLOBEX: DEMO_PASSWORD }));
const stores = useStoreDoubles(['dev-acme', 'dev-globex']);

/** A one-environment config in the test's home, pointing at nothing (the tests pass --url). */
function config(): string {
  const file = path.join(fx.home, 'environments.json');
  const tenant = (name: string, i: number) => ({ name, automationUser: 'automation', network: { name: `${name}-app`, gateway: `10.${i}.1.1`, prefixLength: 24 } });
  fs.writeFileSync(file, JSON.stringify({ environments: [{ name: 'dev', vcdUrl: 'https://vcd.invalid/api', vcdVersion: '10.5.1', tenants: [tenant('acme', 1), tenant('globex', 2)] }] }));
  return file;
}

const target = () => ['--config', config(), '--env', 'dev', '--url', `${fx.emu.url}/api`];
const github = ['--to', 'github', '--repo', 'acme/infra', '--environment', '{env}-{tenant}'];
const gitlab = ['--to', 'gitlab', '--project', 'acme/infra', '--environment-scope', 'dev'];
const storeEnv = () => ({ ...fx.env, ...stores.access(fx.home) });

async function exchanges(emu: RunningEmulator, org: string, apiToken: string): Promise<boolean> {
  const client = openTokenApi({ url: `${emu.url}/api`, ca: emu.caPem });
  try {
    await client.exchangeApiToken({ org, apiToken });
    return true;
  } catch (err) {
    expect((err as { code?: string }).code).toBe('VCD_INVALID_GRANT');
    return false;
  } finally {
    await client.close();
  }
}

test('enroll to GitHub environment secrets, then rotate: values open to working tokens, the old one is revoked, nothing secret printed', async () => {
  const env = storeEnv();
  const enrolled = await fx.cli(['enroll', ...target(), ...github, '--json', '--debug'], { env });
  expect({ exit: enrolled.exitCode, stderr: enrolled.stderr.replace(/^debug: .*\n/gm, '') }).toEqual({ exit: 0, stderr: '' });
  const doc = enrolled.json<{ results: { tenant: string; secretName: string; tokenId: string; receipt: { location: string; confirmedBy: string } }[] }>();
  expect(doc.results.map((r) => [r.tenant, r.secretName])).toEqual([['acme', 'VCD_API_TOKEN_DEV_ACME'], ['globex', 'VCD_API_TOKEN_DEV_GLOBEX']]);
  expect(doc.results[0].receipt.location).toContain('environment (dev-acme) secret VCD_API_TOKEN_DEV_ACME of acme/infra');
  expect(doc.results[0].receipt.confirmedBy).toMatch(/^updated_at moved/);
  const acme1 = stores.gh.secretValue('acme/infra', 'VCD_API_TOKEN_DEV_ACME', 'dev-acme') as string;
  const globex = stores.gh.secretValue('acme/infra', 'VCD_API_TOKEN_DEV_GLOBEX', 'dev-globex') as string;
  expect(await exchanges(fx.emu, 'acme', acme1)).toBe(true);
  expect(await exchanges(fx.emu, 'globex', globex)).toBe(true);
  expect(fx.liveTokens('vcd-api-tokens-dev-acme').map((t) => t.id)).toEqual([doc.results[0].tokenId]);

  const rotated = await fx.cli(['rotate', ...target(), '--tenant', 'acme', ...github, '--debug'], { env });
  expect(rotated.exitCode).toBe(0);
  expect(rotated.stdout).toMatch(/^dev\/acme: new token vcd-api-tokens-dev-acme~[0-9a-f]{8} \(urn:vcloud:token:[^)]+\) stored as VCD_API_TOKEN_DEV_ACME in GitHub Actions environment \(dev-acme\) secret/m);
  expect(rotated.stdout).toContain(`revoke ${doc.results[0].tokenId}: revoked`);
  const acme2 = stores.gh.secretValue('acme/infra', 'VCD_API_TOKEN_DEV_ACME', 'dev-acme') as string;
  expect(acme2).not.toBe(acme1);
  expect(await exchanges(fx.emu, 'acme', acme2)).toBe(true);
  expect(await exchanges(fx.emu, 'acme', acme1)).toBe(false);
  expect(fx.liveTokens('vcd-api-tokens-dev-acme')).toHaveLength(1);
  expect(stores.gh.unopenedBoxes).toBe(0);
  expectNoSecrets({ ...stores.secrets(), acme1, acme2, globex, password: DEMO_PASSWORD }, { outputs: [enrolled, rotated], emulator: fx.emu, directory: fx.home });
});

test('enroll and rotate to GitLab: masked, protected, raw variables per scope that read back to working tokens', async () => {
  const env = storeEnv();
  const enrolled = await fx.cli(['enroll', ...target(), '--tenant', 'globex', ...gitlab], { env });
  expect(enrolled.exitCode).toBe(0);
  const first = stores.gl.variable('acme/infra', 'VCD_API_TOKEN_DEV_GLOBEX', 'dev');
  expect(first).toMatchObject({ masked: true, protected: true, raw: true });
  expect(await exchanges(fx.emu, 'globex', first?.value as string)).toBe(true);
  const rotated = await fx.cli(['rotate', ...target(), '--tenant', 'globex', ...gitlab, '--json'], { env });
  expect(rotated.exitCode).toBe(0);
  expect(rotated.json<{ results: { receipt: { confirmedBy: string } }[] }>().results[0].receipt.confirmedBy).toBe('value read back');
  const second = stores.gl.variable('acme/infra', 'VCD_API_TOKEN_DEV_GLOBEX', 'dev')?.value as string;
  expect(await exchanges(fx.emu, 'globex', second)).toBe(true);
  expect(await exchanges(fx.emu, 'globex', first?.value as string)).toBe(false);
  expectNoSecrets({ ...stores.secrets(), first: first?.value as string, second }, { outputs: [enrolled, rotated], directory: fx.home });
});

test.each([
  ['GitHub PUT 503', 'github', () => stores.gh.addFault({ method: 'PUT', path: /secrets\/VCD_API_TOKEN_DEV_ACME$/, fault: { type: 'status', status: 503 } }), 6],
  ['GitHub PUT stalled past the timeout', 'github', () => stores.gh.addFault({ method: 'PUT', path: /secrets\/VCD_API_TOKEN_DEV_ACME$/, fault: { type: 'stall' } }), 6],
  ['GitLab PUT 500', 'gitlab', () => stores.gl.addFault({ method: 'PUT', path: /variables\/VCD_API_TOKEN_DEV_ACME$/, fault: { type: 'status', status: 500 } }), 6],
  ['GitHub token lacks the secrets permission', 'github-readonly', () => undefined, 5],
])('a store that fails after the VCD token was created (%s): the new token is revoked, the old one still works, no orphan', async (_what, store, inject, exit) => {
  const storeFlags = store === 'gitlab' ? gitlab : github;
  const env = storeEnv();
  const enrolled = await fx.cli(['enroll', ...target(), '--tenant', 'acme', ...storeFlags], { env });
  expect(enrolled.exitCode).toBe(0);
  const read = () => (store === 'gitlab' ? stores.gl.variable('acme/infra', 'VCD_API_TOKEN_DEV_ACME', 'dev')?.value : stores.gh.secretValue('acme/infra', 'VCD_API_TOKEN_DEV_ACME', 'dev-acme')) as string;
  const old = read();
  const before = fx.liveTokens('vcd-api-tokens-dev-acme').map((t) => t.id);
  inject();
  const readOnly = store === 'github-readonly' ? { GH_TOKEN: stores.gh.issueToken({ repositories: ['acme/infra'], secrets: false }) } : {};
  // VCD_TIMEOUT bounds the store's requests too: the stalled PUT gives up after a second.
  const r = await fx.cli(['rotate', ...target(), '--tenant', 'acme', ...storeFlags], { env: { ...env, ...readOnly, VCD_TIMEOUT: '1' } });
  expect(r.exitCode).toBe(exit);
  expect(fx.liveTokens('vcd-api-tokens-dev-acme').map((t) => t.id)).toEqual(before);
  expect(read()).toBe(old);
  expect(await exchanges(fx.emu, 'acme', old)).toBe(true);
  if (store === 'github-readonly') expect(r.stderr).toContain('Secrets: read and write');
  else expect(r.stderr).toMatch(/it was revoked, so no unused token stays valid/);
});

test('enroll --token-stdin stores a token made in the VCD UI (MFA orgs); a revoked one is refused with exit 4 and nothing stored', async () => {
  const client = openTokenApi({ url: `${fx.emu.url}/api`, ca: fx.emu.caPem });
  const session = await client.loginWithPassword({ org: 'acme', user: 'automation', password: DEMO_PASSWORD });
  const made = await client.createApiToken(session, { name: 'made-in-the-ui' });
  await client.logout(session);
  await client.close();
  const tokenDir = path.join(fx.home, 'store');
  const env = { ...fx.env, VCD_PASSWORD_DEV_ACME: undefined, VCD_PASSWORD_DEV_GLOBEX: undefined };
  const r = await fx.cli(['enroll', ...target(), '--tenant', 'acme', '--token-stdin', '--token-dir', tokenDir], { env, stdin: `${made.apiToken.reveal()}\n` });
  expect(r.exitCode).toBe(0);
  expect(readTokenFile(path.join(tokenDir, 'dev-acme.json')).apiToken).toBe(made.apiToken.reveal());
  expect(r.stdout).toContain('note: If VCD_API_TOKEN_DEV_ACME held another token before');
  fx.emu.world.revokeToken(made.id);
  const refused = await fx.cli(['enroll', ...target(), '--tenant', 'acme', '--token-stdin', '--token-dir', path.join(fx.home, 'other')], { env, stdin: made.apiToken.reveal() });
  expect(refused.exitCode).toBe(4);
  expect(fs.existsSync(path.join(fx.home, 'other', 'dev-acme.json'))).toBe(false);
  const twoTenants = await fx.cli(['enroll', ...target(), '--token-stdin'], { env, stdin: 'x' });
  expect(twoTenants.exitCode).toBe(2);
  expect(twoTenants.stderr).toContain('--token-stdin reads one secret, for one tenant: add --tenant <name>');
});

test('rotate without the tenant password says why a password is needed (exit 2); bad store flags cost no token', async () => {
  const before = fx.liveTokens('vcd-api-tokens-dev-acme').length;
  const env = { ...storeEnv(), VCD_PASSWORD_DEV_ACME: undefined, VCD_PASSWORD: undefined };
  const r = await fx.cli(['rotate', ...target(), '--tenant', 'acme', ...github], { env });
  expect(r.exitCode).toBe(2);
  expect(r.stderr).toContain('a session made from an API token cannot create tokens');
  for (const [argv, message] of [
    [['--to', 'github'], '--to github needs --repo owner/name'],
    [['--to', 'gitlab', '--repo', 'a/b'], '--repo does not apply to --to gitlab'],
    [['--to', 's3'], '--to must be file, github or gitlab'],
  ] as const) {
    const bad = await fx.cli(['enroll', ...target(), ...argv], { env: storeEnv() });
    expect({ exit: bad.exitCode, message: bad.stderr.includes(message) }).toEqual({ exit: 2, message: true });
  }
  const noToken = await fx.cli(['enroll', ...target(), ...github], { env: testEnv(fx.home, { VCD_CA_FILE: fx.emu.caFile, VCD_PASSWORD: DEMO_PASSWORD }) });
  expect(noToken.exitCode).toBe(2);
  expect(noToken.stderr).toContain('set GH_TOKEN or GITHUB_TOKEN');
  expect(fx.liveTokens('vcd-api-tokens-dev-acme')).toHaveLength(before);
});
