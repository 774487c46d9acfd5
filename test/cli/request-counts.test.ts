// Requests per command in a fresh process, as a user pays them: the built CLI is spawned, and what reached the
// emulator is read from its request log (and its TLS handshakes from the server). A change that adds a
// request to a command fails here; the bench prints the same figures for the README. Token files a command
// needs are made in this process, so that each test spawns only the commands it measures.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type CliCountContext, countCommand } from '../../bench/cli-request-counts';
import { VcdClient } from '../../src/client';
import { type RunningEmulator, startEmulator } from '../../src/emulator';
import { writeTokenFile } from '../../src/handoff';
import { assertCliBuilt, CLI, tempHome } from './cli-harness';

const PASSWORD_ENV = { VCD_USER: 'automation', VCD_PASSWORD: 'vcd-emulator-demo' };
let emu: RunningEmulator;
let ctx: CliCountContext;

beforeAll(async () => {
  assertCliBuilt();
  emu = await startEmulator({ vcdVersion: '10.5.1' });
});
afterAll(async () => {
  await emu?.close();
  // undici leaves a ref'd ~1 s internal timer after a Pool closes; let it fire so the jest worker exits cleanly.
  await new Promise((resolve) => setTimeout(resolve, 1100));
});
beforeEach(() => {
  ctx = { emu, cli: CLI, home: tempHome('request-counts-') };
});
afterEach(() => fs.rmSync(ctx.home, { recursive: true, force: true }));

/** A token file for automation@acme, made with the library in this process (not counted). */
async function tokenFile(name: string): Promise<string> {
  const client = new VcdClient({ url: `${emu.url}/api`, caFile: emu.caFile });
  try {
    const session = await client.loginWithPassword({ org: 'acme', user: 'automation', password: PASSWORD_ENV.VCD_PASSWORD });
    const created = await client.createApiToken(session, { name });
    const file = path.join(ctx.home, `${name}.json`);
    await writeTokenFile(file, { apiToken: created.apiToken, tokenId: created.id, tokenName: created.name, org: 'acme', vcdUrl: `${emu.url}/api` });
    await client.logout(session);
    return file;
  } finally {
    await client.close();
  }
}

const run = async (args: readonly string[], env: Record<string, string> = {}) => {
  const r = await countCommand(ctx, args, env);
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
  const first = await run(['create', '--name', 'twice', '--token-file', path.join(ctx.home, 'a.json')], PASSWORD_ENV);
  expect(first.kinds).toEqual(['versions', 'login', 'register', 'grant', 'list', 'logout']);
  expect(first.tlsConnections).toBe(1);
  expect(first.stderr).not.toContain('other live token');
  const firstId = (JSON.parse(fs.readFileSync(path.join(ctx.home, 'a.json'), 'utf8')) as { token_id: string }).token_id;
  const second = await run(['create', '--name', 'twice', '--token-file', path.join(ctx.home, 'b.json')], PASSWORD_ENV);
  expect(second.stderr).toContain(`1 other live token(s) of automation were created as twice: ${firstId}`);
  expect(emu.world.tokens.has(firstId)).toBe(true);
});

test('bootstrap: reuse is one request per tenant and no version call; create is login, register, grant, leftover check, logout per tenant plus one version call', async () => {
  const config = path.join(ctx.home, 'environments.json');
  const tenants = ['acme', 'globex'];
  fs.writeFileSync(
    config,
    JSON.stringify({
      environments: [
        {
          name: 'dev',
          vcdUrl: 'https://vcd-dev.invalid/api',
          vcdVersion: '10.5.1',
          tenants: tenants.map((name, i) => ({ name, automationUser: 'automation', network: { name: `${name}-net`, gateway: `10.${i + 1}.0.1`, prefixLength: 24 } })),
        },
      ],
    }),
  );
  const bootstrap = (env: Record<string, string> = {}) => run(['bootstrap', '--config', config, '--vcd-url', `dev=${emu.url}/api`], { VCD_TOKEN_DIR: path.join(ctx.home, 'tokens'), ...env });
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
