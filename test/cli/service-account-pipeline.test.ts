// Service-account pipelines end to end: the in-process CLI against the VCD emulator (VCD 10.5.1, real device flow)
// and the GitHub/GitLab API doubles (real HTTPS on loopback). An administrator authorizes the account once
// straight into the secret store; from then on CI holds only the store's token and VCD_SA_TOKEN_<ENV>_<TENANT>:
// bootstrap rotates the token and writes it back (confirmed) before the deploy's file, the provider rotates it
// again and rewrites the file, push writes that back. Faults between the rotation and the store's confirmation
// leave the live token in a named file, from which push recovers.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { VcdClient } from '../../src/client';
import { useStoreDoubles } from '../helpers/store-doubles';
import { noBackoffWaits } from '../helpers/no-backoff-waits';
import { type CliResult, connectionEnv, DEMO_PASSWORD, testEnv, useCliEmulator, waitFor } from './cli-harness';
import { expectNoSecrets } from './secret-scan';
import { serviceAccountTokenWorks } from './service-account-probe';

noBackoffWaits();

const ROLE = 'Token Automation';
const SECRET = 'VCD_SA_TOKEN_DEV_ACME';
const fx = useCliEmulator((emu) => connectionEnv(emu, { user: 'orgadmin' }), { vcdVersion: '10.5.1', deviceCodeIntervalSeconds: 0 });
const stores = useStoreDoubles(['dev-acme']);
let counter = 0;

type StoreKind = 'github' | 'gitlab';
const STORE_FLAGS: Record<StoreKind, string[]> = {
  github: ['--to', 'github', '--repo', 'acme/infra', '--environment', '{env}-{tenant}'],
  gitlab: ['--to', 'gitlab', '--project', 'acme/infra', '--environment-scope', '{env}'],
};
const stored = (kind: StoreKind): string | undefined => (kind === 'github' ? stores.gh.secretValue('acme/infra', SECRET, 'dev-acme') : stores.gl.variable('acme/infra', SECRET, 'dev')?.value);
const failWrites = (kind: StoreKind) =>
  kind === 'github'
    ? stores.gh.addFault({ method: 'PUT', path: new RegExp(`secrets/${SECRET}$`), fault: { type: 'status', status: 503 } })
    : stores.gl.addFault({ path: new RegExp(`variables(/${SECRET})?$`), method: 'POST', fault: { type: 'status', status: 500 } });

/** The store doubles' tokens, API URLs and CAs. */
const storeAccess = (): Record<string, string> => stores.access(fx.home);

/** A CI job's environment: the store's token and the service-account secret; no VCD user or password. */
function ciEnv(token: string | undefined): NodeJS.ProcessEnv {
  return testEnv(fx.home, { VCD_CA_FILE: fx.emu.caFile, ...storeAccess(), [SECRET]: token });
}

function writeConfig(name: string): string {
  const file = path.join(fx.home, 'environments.json');
  fs.writeFileSync(file, JSON.stringify({ environments: [{ name: 'dev', vcdUrl: 'https://vcd.invalid/api', vcdVersion: '10.5.1', tenants: [{ name: 'acme', identity: { type: 'serviceAccount', name, role: ROLE } }] }] }));
  return file;
}

/** The one-time administrator step: create the account and run the device flow straight into the store. */
async function createAuthorizedInto(kind: StoreKind, name: string, extra: string[] = []): Promise<CliResult> {
  let stderr = '';
  const env = { ...fx.env, ...storeAccess() };
  const run = fx.cli(['service-account', 'create', '--name', name, '--role', ROLE, '--authorize', '--env', 'dev', ...STORE_FLAGS[kind], ...extra, '--json', '--debug'], { env, onStderr: (t) => (stderr += t) });
  await waitFor(() => /User code: [A-Z]{4}-[A-Z]{4}/.test(stderr), 'the user code on stderr');
  const userCode = /User code: ([A-Z]{4}-[A-Z]{4})/.exec(stderr)?.[1] as string;
  expect((await fx.cli(['service-account', 'grant', '--user-code', userCode])).exitCode).toBe(0);
  return run;
}


/** What terraform-provider-vcd does with service_account_token_file: use the token, rewrite the file with the next. */
async function providerUse(tokenFile: string): Promise<string> {
  const vcd = new VcdClient({ url: `${fx.emu.url}/api`, caFile: fx.emu.caFile, maxConnections: 1 });
  try {
    const used = (JSON.parse(fs.readFileSync(tokenFile, 'utf8')) as { refresh_token: string }).refresh_token;
    const tokens = await vcd.serviceAccounts.exchange({
      org: 'acme',
      refreshToken: used,
      persist: (next) => fs.writeFileSync(tokenFile, JSON.stringify({ token_type: 'Service Account', refresh_token: next.reveal(), updated_by: 'terraform-provider-vcd/v3.14.1', updated_on: new Date().toISOString() }), { mode: 0o600 }),
    });
    // The deploy then works with the access token.
    expect((await vcd.whoami(tokens.session)).org).toMatchObject({ name: 'acme' });
    return used;
  } finally {
    await vcd.close();
  }
}

const tokenIn = (file: string): string => (JSON.parse(fs.readFileSync(file, 'utf8')) as { refresh_token: string }).refresh_token;

test.each<StoreKind>(['github', 'gitlab'])(
  'done when (%s): from nothing to deploy-ready with one admin grant, then ten deploys (bootstrap + provider rotation + push) with no password in CI, the token read back from the store each time',
  async (kind) => {
    const name = `pipeline-${kind}-${++counter}`;
    const authorized = await createAuthorizedInto(kind, name);
    expect(authorized.exitCode).toBe(0);
    const doc = authorized.json<{ tokenFile: string | null; stored: { secretName: string; location: string; confirmedBy: string } }>();
    expect(doc.stored).toMatchObject({ secretName: SECRET, location: expect.stringContaining('acme/infra') });
    // The safety copy is gone: the store holds the only copy.
    expect(doc.tokenFile).toBeNull();
    expect(fs.readdirSync(path.join(fx.home, 'state', 'vcd-api-tokens')).filter((f) => f.endsWith('.json'))).toEqual([]);
    const config = writeConfig(name);
    const outputs: CliResult[] = [authorized];
    const seen: string[] = [stored(kind) as string];
    for (let run = 1; run <= 10; run++) {
      const tokenDir = path.join(fx.home, `runner-${run}`); // an ephemeral runner: nothing survives between runs
      const env = ciEnv(stored(kind));
      expect(Object.keys(env).filter((k) => /PASSWORD|VCD_USER/.test(k))).toEqual([]);
      const boot = await fx.cli(['bootstrap', '--config', config, '--token-dir', tokenDir, '--vcd-url', `dev=${fx.emu.url}/api`, '--no-create', ...STORE_FLAGS[kind], '--json', '--debug'], { env });
      expect({ run, exit: boot.exitCode, stderr: boot.stderr.replace(/^debug: .*\n/gm, '') }).toEqual({ run, exit: 0, stderr: '' });
      const [result] = boot.json<{ results: { source: string; tokenFile: string; envFile: string; storedIn: string }[] }>().results;
      expect(result.source).toBe('service-account');
      const afterBootstrap = stored(kind) as string;
      expect(tokenIn(result.tokenFile)).toBe(afterBootstrap);
      expect(fs.readFileSync(result.envFile, 'utf8')).toContain(`TF_VAR_vcd_service_account_token_file=${result.tokenFile}`);
      const used = await providerUse(result.tokenFile);
      stores.gh.advanceClock(120); // the deploy's minutes
      expect(used).toBe(afterBootstrap);
      const push = await fx.cli(['service-account', 'push', '--token-file', result.tokenFile, '--env', 'dev', '--org', 'acme', ...STORE_FLAGS[kind], '--json', '--debug'], { env });
      expect({ run, exit: push.exitCode }).toEqual({ run, exit: 0 });
      expect(push.json<{ secretName: string }>().secretName).toBe(SECRET);
      const afterPush = stored(kind) as string;
      expect(afterPush).toBe(tokenIn(result.tokenFile));
      seen.push(afterBootstrap, afterPush);
      outputs.push(boot, push);
      fs.rmSync(tokenDir, { recursive: true, force: true });
      stores.gh.advanceClock(3600); // the next pipeline run
    }
    // Two rotations per deploy, every token different, only the stored one alive.
    expect(new Set(seen).size).toBe(21);
    expect(await serviceAccountTokenWorks(fx.emu, seen[19])).toBe(false);
    expect(await serviceAccountTokenWorks(fx.emu, seen[20])).toBe(true);
    if (kind === 'github') expect(stores.gh.unopenedBoxes).toBe(0);
    expectNoSecrets({ ...Object.fromEntries(seen.map((t, i) => [`token${i}`, t])), ...stores.secrets(), password: DEMO_PASSWORD }, { outputs, emulator: fx.emu, directory: fx.home, designated: (file) => file.endsWith('.json') });
  },
);

test.each<StoreKind>(['github', 'gitlab'])('the store fails after the bootstrap rotated the token (%s): exit 8 naming the file with the live token and the push that recovers', async (kind) => {
  const name = `fault-${kind}-${++counter}`;
  expect((await createAuthorizedInto(kind, name)).exitCode).toBe(0);
  const config = writeConfig(name);
  const held = stored(kind) as string;
  const tokenDir = path.join(fx.home, 'runner');
  failWrites(kind);
  if (kind === 'gitlab') stores.gl.addFault({ method: 'PUT', path: new RegExp(`variables/${SECRET}$`), fault: { type: 'status', status: 500 } });
  const env = ciEnv(held);
  const boot = await fx.cli(['bootstrap', '--config', config, '--token-dir', tokenDir, '--vcd-url', `dev=${fx.emu.url}/api`, '--no-create', ...STORE_FLAGS[kind]], { env });
  const tokenFile = path.join(tokenDir, 'dev-acme.json');
  expect(boot.exitCode).toBe(8);
  expect(boot.stdout).toContain('dev/acme: FAILED (exit 8, BOOTSTRAP_ROTATION_NOT_STORED)');
  expect(boot.stderr).toContain(`the one in ${SECRET} is dead`);
  expect(boot.stderr).toContain(`It is in ${tokenFile} on this machine (mode 0600)`);
  expect(boot.stderr).toContain(`vcd-token service-account push --token-file ${tokenFile} --env dev --org acme`);
  expect(boot.stderr).toContain('vcd-token service-account authorize --name');
  // Nothing lost: the store still has the dead token, the file the live one; no env-file for a deploy.
  expect(stored(kind)).toBe(held);
  const live = tokenIn(tokenFile);
  expect(live).not.toBe(held);
  expect(fs.existsSync(path.join(tokenDir, 'dev-acme.env'))).toBe(false);

  // Recovery: the store is back; push the file, and the next run works from the store.
  stores.gh.clearFaults();
  stores.gl.clearFaults();
  const push = await fx.cli(['service-account', 'push', '--token-file', tokenFile, '--env', 'dev', ...STORE_FLAGS[kind]], { env });
  expect(push.exitCode).toBe(0);
  expect(stored(kind)).toBe(live);
  const again = await fx.cli(['bootstrap', '--config', config, '--token-dir', path.join(fx.home, 'runner-2'), '--vcd-url', `dev=${fx.emu.url}/api`, '--no-create', ...STORE_FLAGS[kind]], { env: ciEnv(stored(kind)) });
  expect(again.exitCode).toBe(0);
  expect(await serviceAccountTokenWorks(fx.emu, held)).toBe(false);
  expectNoSecrets({ held, live, ...stores.secrets() }, { outputs: [boot, push, again] });
});

test('authorize --to with a store that fails: the safety copy holds the live token and the error says how to push it', async () => {
  const name = `authorize-fault-${++counter}`;
  failWrites('github');
  const r = await createAuthorizedInto('github', name);
  expect(r.exitCode).toBe(6);
  const safety = path.join(fx.home, 'state', 'vcd-api-tokens', `${name}.json`);
  const message = r.json<{ error: { code: string; message: string } }>().error;
  expect(message.code).toBe('STORE_UNAVAILABLE');
  expect(message.message).toContain(`The live token of service account ${name} is in ${safety} (0600) and nowhere else`);
  expect(message.message).toContain(`vcd-token service-account push --token-file ${safety} --env dev --org acme --to github`);
  expect(stored('github')).not.toBe(tokenIn(safety));
  stores.gh.clearFaults();
  const push = await fx.cli(['service-account', 'push', '--token-file', safety, '--env', 'dev', ...STORE_FLAGS.github], { env: { ...fx.env, ...storeAccess() } });
  expect(push.exitCode).toBe(0);
  expect(push.stdout).toContain(`as ${SECRET} (confirmed: updated_at moved`);
  expect(stored('github')).toBe(tokenIn(safety));
  expect(await serviceAccountTokenWorks(fx.emu, stored('github') as string)).toBe(true);
});

test('push refuses an API token file, needs --to and --env, and a token from a CI variable needs a store for bootstrap', async () => {
  const apiFile = path.join(fx.home, 'api.json');
  fs.writeFileSync(apiFile, JSON.stringify({ token_type: 'API Token', refresh_token: 'x'.repeat(40), org: 'acme' }), { mode: 0o600 });
  const wrongType = await fx.cli(['service-account', 'push', '--token-file', apiFile, '--env', 'dev', ...STORE_FLAGS.github], { env: { ...fx.env, ...storeAccess() } });
  expect([wrongType.exitCode, wrongType.stderr]).toEqual([2, expect.stringContaining('HANDOFF_WRONG_TOKEN_TYPE')]);
  const noTo = await fx.cli(['service-account', 'push', '--token-file', apiFile, '--env', 'dev']);
  expect([noTo.exitCode, noTo.stderr]).toEqual([2, expect.stringContaining('Missing --to file|github|gitlab')]);
  const noEnv = await fx.cli(['service-account', 'push', '--token-file', apiFile, '--to', 'github', '--repo', 'acme/infra']);
  expect([noEnv.exitCode, noEnv.stderr]).toEqual([2, expect.stringContaining('--to needs --env <name>')]);
  const mark = fx.requestMark();
  const boot = await fx.cli(['bootstrap', '--config', writeConfig('no-store'), '--token-dir', path.join(fx.home, 'runner'), '--vcd-url', `dev=${fx.emu.url}/api`], { env: ciEnv('y'.repeat(43)) });
  expect([boot.exitCode, boot.stdout]).toEqual([2, expect.stringContaining('dev/acme: FAILED (exit 2, BOOTSTRAP_NO_SECRET_STORE)')]);
  expect(boot.stderr).toContain('Nothing was sent to VCD.');
  expect(fx.requestsSince(mark)).toEqual([]);
});

test('bootstrap --to file: the store is a directory of <env>-<tenant>.json that the next run reads back', async () => {
  const name = `file-${++counter}`;
  const storeDir = path.join(fx.home, 'persistent');
  let stderr = '';
  const run = fx.cli(['service-account', 'create', '--name', name, '--role', ROLE, '--authorize', '--env', 'dev', '--to', 'file', '--token-dir', storeDir], { onStderr: (t) => (stderr += t) });
  await waitFor(() => /User code: [A-Z]{4}-[A-Z]{4}/.test(stderr), 'the user code on stderr');
  await fx.cli(['service-account', 'grant', '--user-code', /User code: ([A-Z]{4}-[A-Z]{4})/.exec(stderr)?.[1] as string]);
  expect((await run).exitCode).toBe(0);
  const storeFile = path.join(storeDir, 'dev-acme.json');
  expect(JSON.parse(fs.readFileSync(storeFile, 'utf8'))).toMatchObject({ token_type: 'Service Account', token_name: name, org: 'acme' });
  expect(fs.readFileSync(path.join(storeDir, 'dev-acme.env'), 'utf8')).toBe(`VCD_SA_TOKEN_FILE=${storeFile}\nTF_VAR_vcd_service_account_token_file=${storeFile}\n`);
  const config = writeConfig(name);
  for (const runner of ['a', 'b']) {
    const first = tokenIn(storeFile);
    const env = testEnv(fx.home, { VCD_CA_FILE: fx.emu.caFile, VCD_SA_TOKEN_FILE_DEV_ACME: storeFile });
    const boot = await fx.cli(['bootstrap', '--config', config, '--token-dir', path.join(fx.home, runner), '--vcd-url', `dev=${fx.emu.url}/api`, '--to', 'file', '--store-dir', storeDir, '--json'], { env });
    expect(boot.exitCode).toBe(0);
    expect(tokenIn(storeFile)).not.toBe(first);
    expect(tokenIn(path.join(fx.home, runner, 'dev-acme.json'))).toBe(tokenIn(storeFile));
  }
});

test('authorize --to a repository the store token cannot see: refused before the device flow starts', async () => {
  const name = `unseen-${++counter}`;
  expect((await fx.cli(['service-account', 'create', '--name', name, '--role', ROLE])).exitCode).toBe(0);
  const r = await fx.cli(['service-account', 'authorize', '--name', name, '--env', 'dev', '--to', 'github', '--repo', 'acme/elsewhere', '--json'], { env: { ...fx.env, ...storeAccess() } });
  expect(r.exitCode).toBe(2);
  expect(r.json<{ error: { code: string } }>().error.code).toBe('STORE_NOT_FOUND');
  expect(r.stderr).not.toContain('User code');
  const status = await fx.cli(['service-account', 'status', '--name', name, '--json']);
  expect(status.json<{ serviceAccount: { status: string } }>().serviceAccount.status).toBe('CREATED');
});
