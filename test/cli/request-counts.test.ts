// Requests per command in a fresh process, as a user pays them: the built CLI is spawned, and what reached the
// emulator is read from its request log (and its TLS handshakes from the server). A change that adds a
// request to a command fails here; the bench prints the same figures for the README.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type CommandRequests, countCommand, measureBootstrapCommands, measureSessionCommands, measureTokenCommands } from '../../bench/cli-request-counts';
import { type RunningEmulator, startEmulator } from '../../src/emulator';
import { assertCliBuilt, CLI, tempHome } from './cli-harness';

let emu: RunningEmulator;

beforeAll(async () => {
  assertCliBuilt();
  emu = await startEmulator({ vcdVersion: '10.5.1' });
});
afterAll(async () => {
  await emu?.close();
});

/** Every sequential command of a process uses one TLS connection to the host. */
function expectOneConnectionEach(counts: Readonly<Record<string, CommandRequests>>): void {
  const rows = Object.entries(counts);
  expect(rows.map(([name, r]) => [name, r.tlsConnections])).toEqual(rows.map(([name]) => [name, 1]));
}

test('exchange: one request, the refresh-token grant; create: versions, login, register, grant, then the same-name check and the logout', async () => {
  const counts = await measureTokenCommands(emu, CLI);
  expect(counts.exchange.kinds).toEqual(['exchange']);
  expect(counts.exchangeVerify.kinds).toEqual(['exchange', 'versions', 'verify']);
  expect(counts.create.kinds).toEqual(['versions', 'login', 'register', 'grant', 'list', 'logout']);
  expectOneConnectionEach({ ...counts });
});

test('bootstrap reuse: one request per tenant; create path: versions, login, register, grant, leftover check, logout', async () => {
  const counts = await measureBootstrapCommands(emu, CLI);
  expect(counts.bootstrapReuse.kinds).toEqual(['exchange']);
  expect(counts.bootstrapReuseTwoTenants.kinds).toEqual(['exchange', 'exchange']);
  expect(counts.bootstrapCreate.kinds).toEqual(['versions', 'login', 'register', 'grant', 'list', 'logout']);
  // Two tenants are worked on concurrently, so they may use two connections.
  expectOneConnectionEach({ bootstrapCreate: counts.bootstrapCreate, bootstrapReuse: counts.bootstrapReuse });
});

test('whoami reads the login answer (password) or the session (token); rotate verifies before it replaces and revokes', async () => {
  const counts = await measureSessionCommands(emu, CLI);
  expect(counts.whoamiPassword.kinds).toEqual(['versions', 'login', 'logout']);
  expect(counts.whoamiToken.kinds).toEqual(['exchange', 'versions', 'session']);
  expect(counts.rotate.kinds).toEqual(['versions', 'login', 'register', 'grant', 'exchange', 'verify', 'list', 'revoke', 'logout']);
  expect(counts.revokeTokenFile.kinds).toEqual(['exchange', 'versions', 'revoke']);
  expectOneConnectionEach({ ...counts });
});

test('create names other live tokens created under the same name (found after the handover), and revokes none', async () => {
  const home = tempHome('request-counts-');
  try {
    const ctx = { emu, cli: CLI, home };
    const env = { VCD_USER: 'automation', VCD_PASSWORD: 'vcd-emulator-demo' };
    const first = await countCommand(ctx, ['create', '--name', 'twice', '--token-file', path.join(home, 'a.json')], env);
    expect(first.exitCode).toBe(0);
    expect(first.stderr).not.toContain('other live token');
    const firstId = (JSON.parse(fs.readFileSync(path.join(home, 'a.json'), 'utf8')) as { token_id: string }).token_id;
    const second = await countCommand(ctx, ['create', '--name', 'twice', '--token-file', path.join(home, 'b.json')], env);
    expect(second.exitCode).toBe(0);
    expect(second.stderr).toContain(`1 other live token(s) of automation were created as twice: ${firstId}`);
    expect(emu.world.tokens.has(firstId)).toBe(true);
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
});
