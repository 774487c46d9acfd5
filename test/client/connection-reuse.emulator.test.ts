// One TLS connection per host for a sequential flow: every request of a token lifecycle after the first
// reuses the keep-alive connection. Counted on the emulator's side (completed TLS handshakes), not guessed
// from the client.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bootstrapEnvironments } from '../../src/bootstrap';
import { VcdClient } from '../../src/client';
import { type RunningEmulator, startEmulator } from '../../src/emulator';
import { bootstrapConfig } from '../bootstrap/bootstrap-fixtures';

const PASSWORD = 'vcd-emulator-demo';
let emu: RunningEmulator;
let handshakes = 0;
const countHandshake = (): void => {
  handshakes++;
};

beforeAll(async () => {
  emu = await startEmulator({ vcdVersion: '10.5.1' });
  emu.server.on('secureConnection', countHandshake);
});

afterAll(async () => {
  await emu.close();
  // undici leaves a ref'd ~1 s internal timer after a Pool closes; let it fire so the jest worker exits cleanly.
  await new Promise((resolve) => setTimeout(resolve, 1100));
});

beforeEach(() => {
  handshakes = 0;
});

test('a whole token lifecycle (versions, login, create, exchange, verify, list, revoke, logout) uses one TLS connection', async () => {
  const client = new VcdClient({ url: `${emu.url}/api`, caFile: emu.caFile });
  const before = emu.requestLog.totalRequests;
  try {
    const session = await client.loginWithPassword({ org: 'acme', user: 'automation', password: PASSWORD });
    const created = await client.createApiToken(session, { name: 'one-connection' });
    const bearer = await client.exchangeApiToken({ org: 'acme', apiToken: created.apiToken });
    await client.verifyBearer(bearer);
    await client.listTokens(session, { owner: 'automation' });
    await client.revokeToken(session, created.id);
    await client.logout(session);
  } finally {
    await client.close();
  }
  expect(emu.requestLog.totalRequests - before).toBeGreaterThanOrEqual(7);
  expect(handshakes).toBe(1);
});

test('concurrent requests still get their own connections (the pool is not serialised)', async () => {
  const client = new VcdClient({ url: `${emu.url}/api`, caFile: emu.caFile });
  try {
    const session = await client.loginWithPassword({ org: 'acme', user: 'automation', password: PASSWORD });
    handshakes = 0;
    emu.faults.add({ method: 'GET', path: '/cloudapi/1.0.0/sessions/current', action: { type: 'latency', ms: 200 }, times: 3 });
    await Promise.all([client.whoami(session), client.whoami(session), client.whoami(session)]);
    await client.logout(session);
  } finally {
    emu.faults.clear();
    await client.close();
  }
  // The login's connection serves one of them; the two others could not wait for it.
  expect(handshakes).toBe(2);
});

test('maxConnections: 1 keeps even concurrent requests on the one connection (they queue); bad values are refused', async () => {
  const client = new VcdClient({ url: `${emu.url}/api`, caFile: emu.caFile, maxConnections: 1 });
  try {
    const session = await client.loginWithPassword({ org: 'acme', user: 'automation', password: PASSWORD });
    await Promise.all([client.whoami(session), client.whoami(session), client.whoami(session)]);
    await client.logout(session);
  } finally {
    await client.close();
  }
  expect(handshakes).toBe(1);
  for (const bad of [0, 1.5, -1]) {
    expect(() => new VcdClient({ url: `${emu.url}/api`, maxConnections: bad })).toThrow(expect.objectContaining({ code: 'VCD_INVALID_ARGUMENT' }));
  }
});

test('bootstrap of two tenants of one environment, one at a time: one TLS connection for both', async () => {
  const tokenDir = fs.mkdtempSync(path.join(os.tmpdir(), 'one-connection-'));
  const options = { tokenDir, vcdUrlOverrides: { dev: `${emu.url}/api` }, ca: emu.caPem, processEnv: {} as NodeJS.ProcessEnv, concurrency: 1 };
  try {
    const created = await bootstrapEnvironments(bootstrapConfig(['acme', 'globex']), { ...options, password: () => PASSWORD });
    expect(created.results.map((r) => r.created)).toEqual([true, true]);
    expect(handshakes).toBe(1);
    handshakes = 0;
    const reused = await bootstrapEnvironments(bootstrapConfig(['acme', 'globex']), options);
    expect(reused.results.map((r) => r.reused)).toEqual([true, true]);
    expect(handshakes).toBe(1);
  } finally {
    fs.rmSync(tokenDir, { recursive: true, force: true });
  }
});
