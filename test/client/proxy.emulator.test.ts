// Proxy routing from the environment (HTTPS_PROXY / NO_PROXY) through a real local CONNECT proxy.
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { type RunningEmulator, startEmulator } from '../../src/emulator';
import { VcdClient } from '../../src/client';
import { failure } from './helpers/failure';

let emu: RunningEmulator;
let proxy: http.Server;
let proxyUrl: string;
const connects: string[] = [];
const plainRequests: string[] = [];
const tunnels = new Set<net.Socket>();

beforeAll(async () => {
  emu = await startEmulator();
  const emuPort = Number(new URL(emu.url).port);
  proxy = http.createServer((req, res) => {
    plainRequests.push(`${req.method} ${req.url}`);
    res.writeHead(502).end();
  });
  // Every CONNECT is tunnelled to the emulator, whatever host it names, and recorded.
  proxy.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    connects.push(String(req.url));
    const upstream = net.connect(emuPort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const s of [client, upstream]) {
      tunnels.add(s);
      s.on('error', () => undefined);
      s.on('close', () => tunnels.delete(s));
    }
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const s of tunnels) s.destroy();
  await new Promise<void>((resolve) => proxy.close(() => resolve()));
  await emu.close();
  // undici leaves a ref'd ~1 s internal timer after a Pool closes; let it fire so the jest worker exits cleanly.
  await new Promise((resolve) => setTimeout(resolve, 1100));
});

beforeEach(() => {
  connects.length = 0;
  plainRequests.length = 0;
});


test('HTTPS_PROXY: the proxy sees only CONNECT host:port, and TLS still verifies the VCD host name', async () => {
  const c = new VcdClient({ url: 'https://vcd.proxy-test.invalid/api', caFile: emu.caFile, env: { HTTPS_PROXY: proxyUrl }, retry: { maxAttempts: 1 } });
  try {
    const err = await failure(c.negotiateVersion());
    // The tunnel reached the emulator, whose certificate is for localhost/127.0.0.1, not vcd.proxy-test.invalid.
    expect(err.code).toBe('VCD_TLS');
    // The chain was trusted (caFile reached the tunnelled TLS handshake); only the host name did not match.
    expect(err.message).toContain('ERR_TLS_CERT_ALTNAME_INVALID');
    expect(connects).toEqual(['vcd.proxy-test.invalid:443']);
    expect(plainRequests).toEqual([]);
  } finally {
    await c.close();
  }
});

test('NO_PROXY and loopback hosts bypass the proxy', async () => {
  const bypass = new VcdClient({
    url: 'https://vcd.proxy-test.invalid/api',
    env: { HTTPS_PROXY: proxyUrl, NO_PROXY: 'localhost,.proxy-test.invalid' },
    retry: { maxAttempts: 1 },
  });
  const loopback = new VcdClient({ url: `${emu.url}/api`, caFile: emu.caFile, env: { HTTPS_PROXY: proxyUrl } });
  try {
    // Direct: the made-up host does not resolve.
    expect((await failure(bypass.negotiateVersion())).code).toBe('VCD_NETWORK');
    await expect(loopback.loginWithPassword({ org: 'acme', user: 'automation', password: 'vcd-emulator-demo' })).resolves.toMatchObject({ org: 'acme' });
    expect(connects).toEqual([]);
    expect(plainRequests).toEqual([]);
  } finally {
    await bypass.close();
    await loopback.close();
  }
});
