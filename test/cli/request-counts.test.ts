// Requests per command in a fresh process, as a user pays them: what reached the emulator is read from its
// request log (and its TLS handshakes from the server). A change that adds a request to a command fails here;
// the bench prints the same figures for the README, spawning the built CLI. Here the CLI runs in-process
// (./cli-harness), which starts every run like a fresh process: no negotiated version is carried over, and
// each command opens its own connections. Token files a command needs are made with the library (not counted).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { countRequests } from '../../bench/cli-request-counts';
import { VcdClient } from '../../src/client';
import { writeTokenFile } from '../../src/handoff';
import { writeEnvironmentsConfig } from '../bootstrap/bootstrap-fixtures';
import { DEMO_PASSWORD, useCliEmulator } from './cli-harness';

const PASSWORD_ENV = { VCD_USER: 'automation', VCD_PASSWORD: DEMO_PASSWORD };
// Only URL, CA and org: each test adds the credentials a command needs.
const fx = useCliEmulator((emu) => ({ VCD_URL: `${emu.url}/api`, VCD_CA_FILE: emu.caFile, VCD_ORG: 'acme' }));

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

test('exchange: one request, the refresh-token grant (no version call); --verify adds versions and GET /api/org', async () => {
  const file = await tokenFile('count-exchange');
  const exchange = await run(['exchange', '--token-file', file]);
  expect(exchange.kinds).toEqual(['exchange']);
  const verify = await run(['exchange', '--verify', '--token-file', file]);
  expect(verify.kinds).toEqual(['exchange', 'versions', 'verify']);
  expect([exchange.tlsConnections, verify.tlsConnections]).toEqual([1, 1]);
});

test('create: versions, login, register, grant, then the same-name check and the logout; a second create names the first token and revokes nothing', async () => {
  const first = await run(['create', '--name', 'twice', '--token-file', path.join(fx.home, 'a.json')], PASSWORD_ENV);
  expect(first.kinds).toEqual(['versions', 'login', 'register', 'grant', 'list', 'logout']);
  expect(first.tlsConnections).toBe(1);
  expect(first.stderr).not.toContain('other live token');
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
});

test('whoami reads the login answer (password) or the session (token); rotate verifies before it replaces, then revokes', async () => {
  const file = await tokenFile('count-session');
  expect((await run(['whoami'], PASSWORD_ENV)).kinds).toEqual(['versions', 'login', 'logout']);
  expect((await run(['whoami', '--token-file', file])).kinds).toEqual(['exchange', 'versions', 'session']);
  const rotate = await run(['rotate', '--token-file', file], PASSWORD_ENV);
  expect(rotate.kinds).toEqual(['versions', 'login', 'register', 'grant', 'exchange', 'verify', 'list', 'revoke', 'logout']);
  expect(rotate.tlsConnections).toBe(1);
});
