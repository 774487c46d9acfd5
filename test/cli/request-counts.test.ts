// Requests per command in a fresh process, as a user pays them: what reached the emulator is read from its
// request log (and its TLS handshakes from the server). A change that adds a request to a command fails here;
// the bench prints the same figures for the README, spawning the built CLI. Here the CLI runs in-process
// (./cli-harness), which starts every run like a fresh process: no negotiated version is carried over, and
// each command opens its own connections. Token files a command needs are made with the library (not counted).
// The "Requests per command" tables of README.md and docs/cli.md are held against these counts by the last test.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type CommandRequests, countRequests } from '../../bench/cli-request-counts';
import { VcdClient } from '../../src/client';
import { writeTokenFile } from '../../src/handoff';
import { writeEnvironmentsConfig } from '../bootstrap/bootstrap-fixtures';
import { countTableMismatches, type MeasuredCounts, projectDoc } from '../docs/request-count-tables';
import { useStoreDoubles } from '../helpers/store-doubles';
import { DEMO_PASSWORD, useCliEmulator } from './cli-harness';

const PASSWORD_ENV = { VCD_USER: 'automation', VCD_PASSWORD: DEMO_PASSWORD };
// Only URL, CA and org: each test adds the credentials a command needs.
// Device-flow interval 0: authorize checks once, right after the (instant) grant below.
const fx = useCliEmulator((emu) => ({ VCD_URL: `${emu.url}/api`, VCD_CA_FILE: emu.caFile, VCD_ORG: 'acme' }), { vcdVersion: '10.5.1', deviceCodeIntervalSeconds: 0 });

/** A token file for automation@acme, made with the library in this process (not counted). */
async function tokenFile(name: string): Promise<string> {
  const client = new VcdClient({ url: `${fx.emu.url}/api`, caFile: fx.emu.caFile });
  try {
    const session = await client.loginWithPassword({ org: 'acme', user: 'automation', password: PASSWORD_ENV.VCD_PASSWORD });
    const created = await client.createApiToken(session, { name });
    const file = path.join(fx.home, `${name}.json`);
    await writeTokenFile(file, { apiToken: created.apiToken, tokenId: created.id, tokenName: created.name, org: 'acme', vcdUrl: `${fx.emu.url}/api` });
    await client.logout(session);
    return file;
  } finally {
    await client.close();
  }
}

const run = async (args: readonly string[], env: Record<string, string> = {}) => {
  const r = await countRequests(fx.emu, () => fx.cli(args, { env: { ...fx.env, ...env } }));
  expect({ args, exitCode: r.exitCode }).toEqual({ args, exitCode: 0 });
  return r;
};

// The counts each docs table row should state, by the row's Command cell, as the tests below measure them.
const measured = new Map<string, MeasuredCounts>();
/** Keeps a command's counts for its docs row; commands sharing a row (grant, deny) must agree. */
function record(row: string, counts: MeasuredCounts): void {
  const earlier = measured.get(row);
  if (earlier) expect({ row, counts }).toEqual({ row, counts: earlier });
  measured.set(row, counts);
}
const whole = (r: CommandRequests): MeasuredCounts => ({ requests: r.kinds.length, tlsConnections: r.tlsConnections });
/**
 * Bootstrap's rows count requests per tenant besides the version call per host, and TLS connections per tenant in
 * flight (one host here): at most one each, as how many tenants overlap is up to the scheduler.
 */
const perTenant = (r: CommandRequests, tenants: number): MeasuredCounts => ({
  requests: r.kinds.filter((k) => k !== 'versions').length / tenants,
  tlsConnections: Math.ceil(r.tlsConnections / tenants),
});

test('exchange: one request, the refresh-token grant (no version call); --verify adds versions and GET /api/org', async () => {
  const file = await tokenFile('count-exchange');
  const exchange = await run(['exchange', '--token-file', file]);
  expect(exchange.kinds).toEqual(['exchange']);
  const verify = await run(['exchange', '--verify', '--token-file', file]);
  expect(verify.kinds).toEqual(['exchange', 'versions', 'verify']);
  expect([exchange.tlsConnections, verify.tlsConnections]).toEqual([1, 1]);
  record('`exchange`', whole(exchange));
  record('`exchange --verify`', whole(verify));
});

test('create: versions, login, register, grant, then the same-name check and the logout; a second create names the first token and revokes nothing', async () => {
  const first = await run(['create', '--name', 'twice', '--token-file', path.join(fx.home, 'a.json')], PASSWORD_ENV);
  expect(first.kinds).toEqual(['versions', 'login', 'register', 'grant', 'list', 'logout']);
  expect(first.tlsConnections).toBe(1);
  expect(first.stderr).not.toContain('other live token');
  record('`create`', whole(first));
  const firstId = (JSON.parse(fs.readFileSync(path.join(fx.home, 'a.json'), 'utf8')) as { token_id: string }).token_id;
  const second = await run(['create', '--name', 'twice', '--token-file', path.join(fx.home, 'b.json')], PASSWORD_ENV);
  expect(second.stderr).toContain(`1 other live token(s) of automation were created as twice: ${firstId}`);
  expect(fx.emu.world.tokens.has(firstId)).toBe(true);
  // --replace: the same listing, then one revoke per other token, all after the handover.
  const third = await run(['create', '--name', 'twice', '--token-file', path.join(fx.home, 'c.json'), '--replace'], PASSWORD_ENV);
  expect(third.kinds).toEqual(['versions', 'login', 'register', 'grant', 'list', 'revoke', 'revoke', 'logout']);
  expect(third.tlsConnections).toBe(1);
});

test('bootstrap: reuse is one request per tenant and no version call; create is login, register, grant, leftover check, logout per tenant plus one version call', async () => {
  const config = path.join(fx.home, 'environments.json');
  writeEnvironmentsConfig(config, ['acme', 'globex']);
  const bootstrap = (env: Record<string, string> = {}) => run(['bootstrap', '--config', config, '--vcd-url', `dev=${fx.emu.url}/api`], { VCD_TOKEN_DIR: path.join(fx.home, 'tokens'), ...env });
  const created = await bootstrap({ VCD_PASSWORD: PASSWORD_ENV.VCD_PASSWORD });
  // The tenants run concurrently, so their requests interleave: count them by kind.
  const byKind = (kinds: readonly string[]) => Object.fromEntries([...new Set(kinds)].sort().map((k) => [k, kinds.filter((x) => x === k).length]));
  expect(byKind(created.kinds)).toEqual({ versions: 1, login: 2, register: 2, grant: 2, list: 2, logout: 2 });
  const reused = await bootstrap();
  expect(reused.kinds).toEqual(['exchange', 'exchange']);
  record('`bootstrap`, creating a token', perTenant(created, 2));
  record('`bootstrap`, reusing a token', perTenant(reused, 2));
});

test('whoami reads the login answer (password) or the session (token); rotate verifies before it replaces, then revokes; revoke --token-file exchanges first', async () => {
  const file = await tokenFile('count-session');
  const whoamiPassword = await run(['whoami'], PASSWORD_ENV);
  expect(whoamiPassword.kinds).toEqual(['versions', 'login', 'logout']);
  const whoamiToken = await run(['whoami', '--token-file', file]);
  expect(whoamiToken.kinds).toEqual(['exchange', 'versions', 'session']);
  const rotate = await run(['rotate', '--token-file', file], PASSWORD_ENV);
  expect(rotate.kinds).toEqual(['versions', 'login', 'register', 'grant', 'exchange', 'verify', 'list', 'revoke', 'logout']);
  expect(rotate.tlsConnections).toBe(1);
  const revoke = await run(['revoke', '--token-file', file, '--delete-file']);
  expect(revoke.kinds).toEqual(['exchange', 'versions', 'revoke']);
  record('`whoami` (password)', whole(whoamiPassword));
  record('`whoami` (token)', whole(whoamiToken));
  record('`rotate --token-file`', whole(rotate));
  record('`revoke --token-file`', whole(revoke));
});

describe('service-account commands (docs/cli.md "Requests per command")', () => {
  const ADMIN_ENV = { VCD_USER: 'orgadmin', VCD_PASSWORD: DEMO_PASSWORD };
  const ROLE = 'Token Automation';
  const stores = useStoreDoubles(['dev-acme']);
  let stopGranting: (() => void) | undefined;
  // An administrator who grants each device authorization the moment it is requested (in the world, not a request).
  beforeAll(() => {
    const world = fx.emu.world;
    stopGranting = world.onChange((change) => {
      if (change.entity === 'serviceAccount' && world.serviceAccounts.get(change.id)?.status === 'REQUESTED') world.updateServiceAccount(change.id, { status: 'GRANTED' });
    });
  });
  afterAll(() => stopGranting?.());

  test('create: versions, login, register, logout; create --authorize adds the device authorization and one check', async () => {
    const created = await run(['service-account', 'create', '--name', 'count-sa-create', '--role', ROLE], ADMIN_ENV);
    expect(created.kinds).toEqual(['versions', 'login', 'register', 'logout']);
    const authorized = await run(['service-account', 'create', '--name', 'count-sa-authorized', '--role', ROLE, '--authorize', '--token-file', path.join(fx.home, 'sa-created.json')], ADMIN_ENV);
    expect(authorized.kinds).toEqual(['versions', 'login', 'register', 'device-authorization', 'grant', 'logout']);
    record('`service-account create`', whole(created));
    record('`service-account create --authorize`', whole(authorized));
  });

  test('authorize --name: versions, login, the account by name, the device authorization, one check, logout; --id reads it by id', async () => {
    await run(['service-account', 'create', '--name', 'count-sa-authorize', '--role', ROLE], ADMIN_ENV);
    const byName = await run(['service-account', 'authorize', '--name', 'count-sa-authorize', '--token-file', path.join(fx.home, 'sa-a.json')], ADMIN_ENV);
    expect(byName.kinds).toEqual(['versions', 'login', 'account', 'device-authorization', 'grant', 'logout']);
    record('`service-account authorize --name`', whole(byName));
    const id = [...fx.emu.world.serviceAccounts.values()].find((a) => a.name === 'count-sa-authorize')?.id as string;
    await run(['service-account', 'revoke', '--id', id], ADMIN_ENV);
    const byId = await run(['service-account', 'authorize', '--id', id, '--token-file', path.join(fx.home, 'sa-b.json')], ADMIN_ENV);
    expect(byId.kinds).toEqual(['versions', 'login', 'account', 'device-authorization', 'grant', 'logout']);
  });

  test('grant and deny: versions, login, the decision, logout', async () => {
    for (const decision of ['grant', 'deny']) {
      const r = await countRequests(fx.emu, () => fx.cli(['service-account', decision, '--user-code', 'BCDF-GHJK'], { env: { ...fx.env, ...ADMIN_ENV } }));
      // No pending request has that code: VCD refuses it after the same requests.
      expect(r.kinds).toEqual(['versions', 'login', 'decision', 'logout']);
      record('`service-account grant`, `deny`', whole(r));
    }
  });

  test('status, list, revoke, delete: 4, 4, 5, 6 (delete waits for its task: one check here)', async () => {
    await run(['service-account', 'create', '--name', 'count-sa-life', '--role', ROLE, '--authorize', '--token-file', path.join(fx.home, 'sa-life.json')], ADMIN_ENV);
    const account = ['--name', 'count-sa-life'];
    const status = await run(['service-account', 'status', ...account], ADMIN_ENV);
    expect(status.kinds).toEqual(['versions', 'login', 'account', 'logout']);
    const list = await run(['service-account', 'list'], ADMIN_ENV);
    expect(list.kinds).toEqual(['versions', 'login', 'account', 'logout']);
    const revoke = await run(['service-account', 'revoke', ...account], ADMIN_ENV);
    expect(revoke.kinds).toEqual(['versions', 'login', 'account', 'account-revoke', 'logout']);
    const remove = await run(['service-account', 'delete', ...account], ADMIN_ENV);
    expect(remove.kinds).toEqual(['versions', 'login', 'account', 'account-delete', 'task', 'logout']);
    record('`service-account status`', whole(status));
    record('`service-account list`', whole(list));
    record('`service-account revoke`', whole(revoke));
    record('`service-account delete`', whole(remove));
  });

  test('push: nothing to VCD, only the store\'s write', async () => {
    const file = path.join(fx.home, 'sa-push.json');
    await run(['service-account', 'create', '--name', 'count-sa-push', '--role', ROLE, '--authorize', '--token-file', file], ADMIN_ENV);
    const push = await run(['service-account', 'push', '--token-file', file, '--env', 'dev', '--to', 'github', '--repo', 'acme/infra', '--environment', '{env}-{tenant}'], stores.access(fx.home));
    expect(push.kinds).toEqual([]);
    const refreshToken = (JSON.parse(fs.readFileSync(file, 'utf8')) as { refresh_token: string }).refresh_token;
    expect(stores.gh.secretValue('acme/infra', 'VCD_SA_TOKEN_DEV_ACME', 'dev-acme')).toBe(refreshToken);
    record('`service-account push`', whole(push));
  });

  test('bootstrap of a service-account tenant: versions and the exchange', async () => {
    await run(['service-account', 'create', '--name', 'count-sa-boot', '--role', ROLE, '--authorize', '--token-file', path.join(fx.home, 'tokens-sa', 'dev-acme.json')], ADMIN_ENV);
    const config = path.join(fx.home, 'sa-environments.json');
    fs.writeFileSync(config, JSON.stringify({ environments: [{ name: 'dev', vcdUrl: 'https://vcd.invalid/api', vcdVersion: '10.5.1', tenants: [{ name: 'acme', identity: { type: 'serviceAccount', name: 'count-sa-boot', role: ROLE } }] }] }));
    // The token dir's file is the store here (written back in place): no store requests to count.
    const boot = await run(['bootstrap', '--config', config, '--vcd-url', `dev=${fx.emu.url}/api`], { VCD_TOKEN_DIR: path.join(fx.home, 'tokens-sa') });
    expect(boot.kinds).toEqual(['versions', 'exchange']);
    record('`bootstrap`, service-account tenant', whole(boot));
  });
});

// Last: needs every test above to have run (a -t filter leaves rows unmeasured, which fails here).
test('README.md and docs/cli.md state, row by row, the request counts (and TLS connections) measured above', () => {
  expect(countTableMismatches(['README.md', 'docs/cli.md'].map(projectDoc), measured)).toEqual([]);
});
