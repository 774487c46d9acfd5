// `vcd-token service-account …` in-process against the emulator (VCD 10.5.1, device-code interval 0 so the
// poller checks every 200 ms): the device flow end to end (create → authorize → grant → token file → bootstrap
// exchange rotates → file rewritten → old token refused), deny, deadline and expiry, the collection commands, the
// token-type checks, and the version gate.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startEmulator } from '../../src/emulator';
import { serviceAccountTokenWorks } from './service-account-probe';
import { cli, type CliResult, connectionEnv, tempHome, testEnv, useCliEmulator, waitFor } from './cli-harness';

const ROLE = 'Token Automation';
const fx = useCliEmulator((emu) => connectionEnv(emu, { user: 'orgadmin' }), { vcdVersion: '10.5.1', deviceCodeIntervalSeconds: 0 });

let counter = 0;
const unique = (prefix: string): string => `${prefix}-${++counter}`;

/** Starts `argv` (a command that waits for approval), returns the run and the user code it printed. */
async function awaitingApproval(argv: string[]): Promise<{ run: Promise<CliResult>; userCode: string }> {
  let stderr = '';
  const run = fx.cli(argv, { onStderr: (text) => (stderr += text) });
  await waitFor(() => /User code: [A-Z]{4}-[A-Z]{4}/.test(stderr), 'the user code on stderr');
  return { run, userCode: /User code: ([A-Z]{4}-[A-Z]{4})/.exec(stderr)?.[1] as string };
}

function tokenOf(file: string): string {
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { refresh_token: string }).refresh_token;
}


test('device flow end to end: create → authorize → grant → token file → bootstrap exchange rotates → file rewritten → old token refused', async () => {
  const name = unique('ci');
  const created = await fx.cli(['service-account', 'create', '--name', name, '--role', ROLE, '--json']);
  expect(created.exitCode).toBe(0);
  const { serviceAccount } = created.json<{ serviceAccount: { id: string; status: string; softwareId: string } }>();
  expect(serviceAccount).toMatchObject({ id: expect.stringMatching(/^urn:vcloud:serviceAccount:/), status: 'CREATED' });

  const tokenFile = path.join(fx.home, 'sa', `${name}.json`);
  const { run, userCode } = await awaitingApproval(['service-account', 'authorize', '--name', name, '--token-file', tokenFile, '--json']);
  const granted = await fx.cli(['service-account', 'grant', '--user-code', userCode, '--json']);
  expect([granted.exitCode, granted.json()]).toEqual([0, { userCode, decision: 'granted' }]);
  const authorized = await run;
  expect(authorized.exitCode).toBe(0);
  expect(authorized.json()).toEqual({ serviceAccount: { id: serviceAccount.id, name, org: 'acme', status: 'ACTIVE' }, tokenFile, stored: null });
  expect(authorized.stderr).toMatch(new RegExp(`Approve: +vcd-token service-account grant --user-code ${userCode}`));
  expect(fs.statSync(tokenFile).mode & 0o777).toBe(0o600);
  expect(JSON.parse(fs.readFileSync(tokenFile, 'utf8'))).toMatchObject({ token_type: 'Service Account', token_id: serviceAccount.id, token_name: name, org: 'acme' });
  const first = tokenOf(tokenFile);

  const status = await fx.cli(['service-account', 'status', '--token-file', tokenFile, '--json']);
  expect(status.json<{ serviceAccount: { status: string; role: string } }>().serviceAccount).toMatchObject({ status: 'ACTIVE', role: ROLE });

  // The deploy side: bootstrap reads the file (no store: the file itself is rewritten), exchange rotates.
  const configFile = path.join(fx.home, 'environments.json');
  fs.writeFileSync(
    configFile,
    JSON.stringify({ environments: [{ name: 'dev', vcdUrl: 'https://vcd.invalid/api', vcdVersion: '10.5.1', tenants: [{ name: 'acme', identity: { type: 'serviceAccount', name, role: ROLE } }] }] }),
  );
  const tokenDir = path.join(fx.home, 'tokens');
  const boot = await fx.cli(['bootstrap', '--config', configFile, '--token-dir', tokenDir, '--vcd-url', `dev=${fx.emu.url}/api`, '--json'], {
    env: { ...fx.env, VCD_SA_TOKEN_FILE_DEV_ACME: tokenFile },
  });
  expect(boot.exitCode).toBe(0);
  const rotated = tokenOf(tokenFile);
  expect(rotated).not.toBe(first);
  expect(tokenOf(path.join(tokenDir, 'dev-acme.json'))).toBe(rotated);
  expect(fs.readFileSync(path.join(tokenDir, 'dev-acme.env'), 'utf8')).toContain(`TF_VAR_vcd_service_account_token_file=${path.join(tokenDir, 'dev-acme.json')}`);
  expect(await serviceAccountTokenWorks(fx.emu, first)).toBe(false);
  expect(await serviceAccountTokenWorks(fx.emu, rotated)).toBe(true);
});

test('create --authorize, then deny: exit 5 with the denial, no token file', async () => {
  const name = unique('denied');
  const tokenFile = path.join(fx.home, `${name}.json`);
  const { run, userCode } = await awaitingApproval(['service-account', 'create', '--name', name, '--role', ROLE, '--authorize', '--token-file', tokenFile, '--json']);
  expect((await fx.cli(['service-account', 'deny', '--user-code', userCode])).exitCode).toBe(0);
  const r = await run;
  expect(r.exitCode).toBe(5);
  expect(r.json<{ error: { code: string; message: string } }>().error).toMatchObject({ code: 'VCD_DEVICE_AUTHORIZATION_DENIED', message: expect.stringContaining(userCode) });
  expect(fs.existsSync(tokenFile)).toBe(false);
  const status = await fx.cli(['service-account', 'status', '--name', name, '--json']);
  expect(status.json<{ serviceAccount: { status: string } }>().serviceAccount.status).toBe('CREATED');
});

test('still pending at --deadline: exit 6 naming the user code and how to grant it', async () => {
  const name = unique('slow');
  expect((await fx.cli(['service-account', 'create', '--name', name, '--role', ROLE])).exitCode).toBe(0);
  const r = await fx.cli(['service-account', 'authorize', '--name', name, '--deadline', '1']);
  expect(r.exitCode).toBe(6);
  const userCode = /User code: ([A-Z]{4}-[A-Z]{4})/.exec(r.stderr)?.[1] as string;
  expect(r.stderr).toMatch(new RegExp(`waiting for approval of user code ${userCode}: authorization pending; next check in 0.2 s, \\d+(\\.\\d)? s left`));
  expect(r.stderr).toContain('error [VCD_DEVICE_AUTHORIZATION_PENDING]: [vcd-api-tokens] No administrator granted the device authorization of service account');
  expect(r.stderr).toContain(`vcd-token service-account grant --user-code ${userCode}`);
});

test('create without --authorize refuses the device-flow flags, --deadline included (a checked number), before any request', async () => {
  const before = fx.emu.requestLog.totalRequests;
  for (const flags of [['--deadline', '30'], ['--token-file', path.join(fx.home, 'x.json')]]) {
    const r = await fx.cli(['service-account', 'create', '--name', unique('flags'), '--role', ROLE, ...flags]);
    expect([r.exitCode, r.stderr]).toEqual([2, expect.stringContaining('belong to the device flow: add --authorize')]);
  }
  expect(fx.emu.requestLog.totalRequests).toBe(before);
});

/** Grants every device authorization the moment it is requested (in the world), so the first check gets the token. */
function grantAtOnce(): () => void {
  const world = fx.emu.world;
  return world.onChange((change) => {
    if (change.entity === 'serviceAccount' && world.serviceAccounts.get(change.id)?.status === 'REQUESTED') world.updateServiceAccount(change.id, { status: 'GRANTED' });
  });
}

test('the answer carrying the first token is lost: authorize finds the account ACTIVE, revokes that token (nobody holds it) and says to authorize again', async () => {
  const name = unique('lost-first');
  const tokenFile = path.join(fx.home, `${name}.json`);
  const stop = grantAtOnce();
  const rule = fx.emu.faults.add({ method: 'POST', path: /^\/oauth\/tenant\/acme\/token$/, action: { type: 'reset', when: 'after' } });
  let r: CliResult;
  try {
    r = await fx.cli(['service-account', 'create', '--name', name, '--role', ROLE, '--authorize', '--token-file', tokenFile, '--json']);
  } finally {
    stop();
    fx.emu.faults.clear();
  }
  expect(rule.applied).toBe(1);
  const account = [...fx.emu.world.serviceAccounts.values()].find((a) => a.name === name);
  expect(account?.status).toBe('CREATED');
  expect(r.exitCode).toBe(6);
  expect(r.json<{ error: { code: string; message: string } }>().error).toEqual({
    code: 'VCD_NETWORK',
    exitCode: 6,
    message: expect.stringContaining(`VCD activated service account ${name} (${account?.id}), but its first token never arrived`),
  });
  expect(r.stderr).toContain('that token was revoked, so nothing is left live. Run authorize again.');
  expect(fs.existsSync(tokenFile)).toBe(false);
});

test('the first token is lost and the account cannot be checked either: exit 7 naming the account and the revoke to run', async () => {
  const name = unique('lost-unchecked');
  const stop = grantAtOnce();
  fx.emu.faults.add({ method: 'POST', path: /^\/oauth\/tenant\/acme\/token$/, action: { type: 'reset', when: 'after' } });
  fx.emu.faults.add({ method: 'GET', path: /^\/cloudapi\/1\.0\.0\/serviceAccounts\/urn:vcloud:serviceAccount:[0-9a-f-]+$/, action: { type: 'status', status: 500 }, times: 'always' });
  let r: CliResult;
  try {
    r = await fx.cli(['service-account', 'create', '--name', name, '--role', ROLE, '--authorize', '--token-file', path.join(fx.home, `${name}.json`)]);
  } finally {
    stop();
    fx.emu.faults.clear();
  }
  const account = [...fx.emu.world.serviceAccounts.values()].find((a) => a.name === name);
  expect(account?.status).toBe('ACTIVE');
  expect(r.exitCode).toBe(7);
  expect(r.stderr).toContain('error [VCD_REVOKE_UNCONFIRMED]');
  expect(r.stderr).toContain(`vcd-token service-account revoke --id ${account?.id} --org acme`);
});

test('status, list, revoke (the token dies), delete, then delete again is already gone', async () => {
  const name = unique('lifecycle');
  const tokenFile = path.join(fx.home, `${name}.json`);
  const { run, userCode } = await awaitingApproval(['service-account', 'create', '--name', name, '--role', ROLE, '--authorize', '--token-file', tokenFile]);
  await fx.cli(['service-account', 'grant', '--user-code', userCode]);
  expect((await run).exitCode).toBe(0);
  const list = await fx.cli(['service-account', 'list', '--name', name, '--json']);
  const [listed] = list.json<{ serviceAccounts: { id: string; name: string; status: string; org: string }[] }>().serviceAccounts;
  expect(listed).toMatchObject({ name, status: 'ACTIVE', org: 'acme' });
  const text = await fx.cli(['service-account', 'status', '--id', listed.id]);
  expect(text.stdout).toMatch(new RegExp(`^${name} \\(${listed.id}\\) in org acme: ACTIVE - holds a token`));

  const revoked = await fx.cli(['service-account', 'revoke', '--name', name, '--json']);
  expect(revoked.json()).toEqual({ serviceAccount: { id: listed.id, name, org: 'acme', status: 'CREATED' } });
  expect(await serviceAccountTokenWorks(fx.emu, tokenOf(tokenFile))).toBe(false);

  expect((await fx.cli(['service-account', 'delete', '--id', listed.id, '--json'])).json()).toEqual({ id: listed.id, status: 'deleted' });
  const again = await fx.cli(['service-account', 'delete', '--id', listed.id]);
  expect([again.exitCode, again.stdout]).toEqual([0, expect.stringContaining('does not exist')]);
  expect((await fx.cli(['service-account', 'status', '--id', listed.id])).exitCode).toBe(4);
});

test('usage: a missing name, both --name and --id, a token file of the other kind, an unknown subcommand', async () => {
  const missing = await fx.cli(['service-account', 'create', '--role', ROLE]);
  expect([missing.exitCode, missing.stderr]).toEqual([2, expect.stringContaining('Missing --name')]);
  const both = await fx.cli(['service-account', 'status', '--name', 'a', '--id', 'urn:vcloud:serviceAccount:00000000-0000-4000-8000-000000000000']);
  expect([both.exitCode, both.stderr]).toEqual([2, expect.stringContaining('exactly one of --name')]);

  const saFile = path.join(fx.home, 'sa.json');
  fs.writeFileSync(saFile, JSON.stringify({ token_type: 'Service Account', refresh_token: 'x'.repeat(43) }), { mode: 0o600 });
  const asApiToken = await fx.cli(['exchange', '--token-file', saFile, '--json']);
  expect([asApiToken.exitCode, asApiToken.json<{ error: { code: string } }>().error.code]).toEqual([2, 'HANDOFF_WRONG_TOKEN_TYPE']);
  const apiFile = path.join(fx.home, 'api.json');
  fs.writeFileSync(apiFile, JSON.stringify({ token_type: 'API Token', refresh_token: 'y'.repeat(43) }), { mode: 0o600 });
  const asServiceAccount = await fx.cli(['service-account', 'status', '--token-file', apiFile]);
  expect([asServiceAccount.exitCode, asServiceAccount.stderr]).toEqual([2, expect.stringContaining('holds an API token')]);

  const unknown = await fx.cli(['service-account', 'grnat']);
  expect([unknown.exitCode, unknown.stderr]).toEqual([2, expect.stringContaining('Did you mean `grant`?')]);
  const help = await fx.cli(['service-account', '--help']);
  expect([help.exitCode, help.stdout]).toEqual([0, expect.stringMatching(/create +Register a service account[\s\S]*delete +Delete a service account/)]);
});

test('a token-session user (no password) and a user without the rights get the exit codes of the table', async () => {
  const noRights = await fx.cli(['service-account', 'create', '--name', unique('x'), '--role', ROLE], { env: { ...fx.env, VCD_USER: 'automation' } });
  expect([noRights.exitCode, noRights.stderr]).toEqual([5, expect.stringContaining('Manage Service Accounts')]);
  const noPassword = await fx.cli(['service-account', 'list'], { env: { ...fx.env, VCD_PASSWORD: undefined } });
  expect([noPassword.exitCode, noPassword.stderr]).toEqual([2, expect.stringContaining('No password')]);
});

describe('short-lived device codes and old VCD', () => {
  test('the user code expires before anyone grants it: exit 4', async () => {
    const emu = await startEmulator({ vcdVersion: '10.4', deviceCodeIntervalSeconds: 0, deviceCodeExpiresInSeconds: 1 });
    const home = tempHome();
    try {
      const env = testEnv(home, connectionEnv(emu, { user: 'orgadmin' }));
      expect((await cli(['service-account', 'create', '--name', 'expiring', '--role', ROLE], { env })).exitCode).toBe(0);
      const r = await cli(['service-account', 'authorize', '--name', 'expiring', '--json'], { env });
      expect([r.exitCode, r.json<{ error: { code: string } }>().error.code]).toEqual([4, 'VCD_DEVICE_CODE_EXPIRED']);
    } finally {
      await emu.close();
      fs.rmSync(home, { recursive: true, force: true });
    }
  });

  test('VCD 10.3.1: exit 6 naming both versions, and no POST reached VCD', async () => {
    const emu = await startEmulator({ vcdVersion: '10.3.1' });
    const home = tempHome();
    try {
      const env = testEnv(home, connectionEnv(emu, { user: 'orgadmin' }));
      const r = await cli(['service-account', 'create', '--name', 'old', '--role', ROLE], { env });
      expect(r.exitCode).toBe(6);
      expect(r.stderr).toMatch(/Service accounts need VCD 10\.4\.0 \(API 37\.0\) or later; this VCD is VCD 10\.3\.1/);
      expect(emu.requestLog.entries().filter((e) => e.method === 'POST' && !e.url.includes('/sessions'))).toEqual([]);
    } finally {
      await emu.close();
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});
