// The client side of the emulator benchmarks: an emulator (or another server) in a child process that prints a
// JSON ready line, an undici client with keep-alive connections, a fresh API token to exchange, and a loop that
// spreads requests over every connection.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { generateEmulatorCertificates } from '../src/emulator/tls/certificates';

export const EMULATOR_CLI = join(__dirname, '..', 'src', 'emulator', 'cli.js');
export const CONNECTIONS = 32;
export const TENANT = 'automation@acme:vcd-emulator-demo';

/** A fresh CA and server certificate, written to `dir` for servers started with `--cert`/`--key`. */
export async function writeCertificateFiles(dir: string): Promise<{ readonly cert: string; readonly key: string; readonly caPem: string }> {
  const tls = await generateEmulatorCertificates();
  const files = { cert: join(dir, 'cert.pem'), key: join(dir, 'key.pem') };
  writeFileSync(files.cert, tls.certPem);
  writeFileSync(files.key, tls.keyPem, { mode: 0o600 });
  return { ...files, caPem: tls.caPem };
}

export interface Child {
  readonly process: ChildProcessWithoutNullStreams;
  readonly url: string;
  stop(): Promise<void>;
}

/** Starts `command args` (node by default) and resolves once it prints its JSON ready line (`{ url }`). */
export function startChild(args: readonly string[], command: string = process.execPath): Promise<Child> {
  const child = spawn(command, args, { env: { ...process.env } });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const newline = stdout.indexOf('\n');
      if (newline < 0) return;
      const { url } = JSON.parse(stdout.slice(0, newline)) as { url: string };
      resolve({
        process: child,
        url,
        stop: () =>
          new Promise<void>((done) => {
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited ${code}: ${stderr}`)));
  });
}

export interface Client {
  call(method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; headers: Record<string, unknown>; text: string }>;
  close(): Promise<void>;
}

/** `slowServer`: a server under valgrind runs ~50x slower, past undici's default connect and header timeouts. */
export function client(url: string, caPem: string, slowServer = false): Client {
  const patience = slowServer ? { connectTimeout: 120_000, headersTimeout: 120_000, bodyTimeout: 120_000 } : {};
  const agent = new Agent({ connect: { ca: caPem, timeout: patience.connectTimeout }, connections: CONNECTIONS, pipelining: 1, headersTimeout: patience.headersTimeout, bodyTimeout: patience.bodyTimeout });
  return {
    async call(method, path, headers, body) {
      const res = await request(`${url}${path}`, { method: method as 'GET', headers, body, dispatcher: agent });
      return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
    },
    close: () => agent.close(),
  };
}

export const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/** A fresh API token of acme/automation on the emulator; returns the refresh-grant form body. */
export async function refreshBody(c: Client): Promise<string> {
  const basic = { authorization: `Basic ${Buffer.from(TENANT).toString('base64')}` };
  const login = await c.call('POST', '/cloudapi/1.0.0/sessions', basic);
  const jwt = String(login.headers['x-vmware-vcloud-access-token']);
  const registered = await c.call('POST', '/oauth/tenant/acme/register', { authorization: `Bearer ${jwt}`, 'content-type': 'application/json' }, JSON.stringify({ client_name: 'bench' }));
  const clientId = (JSON.parse(registered.text) as { client_id: string }).client_id;
  const grant = await c.call('POST', '/oauth/tenant/acme/token', FORM, new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: jwt, client_id: clientId }).toString());
  return new URLSearchParams({ grant_type: 'refresh_token', refresh_token: (JSON.parse(grant.text) as { refresh_token: string }).refresh_token }).toString();
}

/** Runs `op` `count` times over all connections. */
export async function times(count: number, op: (n: number) => Promise<void>): Promise<void> {
  let issued = 0;
  await Promise.all(Array.from({ length: CONNECTIONS }, async () => {
    while (issued < count) await op(++issued);
  }));
}
