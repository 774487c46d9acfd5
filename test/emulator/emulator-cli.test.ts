// The built CLI in a child process: ready line, a real request, clean SIGTERM, usage errors.
import { execFileSync, spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { generateEmulatorCertificates } from '../../src/emulator/tls/certificates';
import { join } from 'node:path';
import https from 'node:https';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'src', 'emulator', 'cli.js');

interface Ready {
  url: string;
  caFile: string | null;
  vcdVersion: string;
  apiVersion: string;
}

function startCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ child: ChildProcessWithoutNullStreams; ready: Ready; stdout: () => string; stderr: () => string }> {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ready line; stderr: ${stderr}`)), 20_000);
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const newline = stdout.indexOf('\n');
      if (newline >= 0 && timer) {
        clearTimeout(timer);
        resolve({ child, ready: JSON.parse(stdout.slice(0, newline)), stdout: () => stdout, stderr: () => stderr });
      }
    });
    child.on('exit', (code) => reject(new Error(`exited ${code} before ready; stderr: ${stderr}`)));
  });
}

function exitCode(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

function get(url: string, ca: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method, ca, headers, agent: false }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('vcd-emulator CLI', () => {
  beforeAll(() => {
    if (!existsSync(CLI)) execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.json')], { stdio: 'ignore' });
  }, 120_000);

  test('prints exactly one JSON ready line, serves HTTPS with the CA file, exits 0 on SIGTERM and removes the CA file', async () => {
    const { child, ready, stdout, stderr } = await startCli(['--vcd-version', '10.4'], { VCD_EMULATOR_ADMIN_PASSWORD: 'from-env-123' });
    expect(Object.keys(ready)).toEqual(['url', 'caFile', 'vcdVersion', 'apiVersion']);
    expect(ready.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(ready).toEqual(expect.objectContaining({ vcdVersion: '10.4.0', apiVersion: '37.0' }));
    const ca = readFileSync(ready.caFile!, 'utf8');
    const versions = await get(`${ready.url}/api/versions`, ca);
    expect(versions.status).toBe(200);
    expect(versions.body).toContain('<Version>37.0</Version>');
    const login = await get(`${ready.url}/cloudapi/1.0.0/sessions/provider`, ca, {
      authorization: `Basic ${Buffer.from('administrator@System:from-env-123').toString('base64')}`,
    }, 'POST');
    expect(login.status).toBe(200);
    const exited = exitCode(child);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stdout().trim().split('\n')).toHaveLength(1);
    expect(stderr()).toContain('SIGTERM');
    expect(stderr()).not.toContain('from-env-123');
    expect(existsSync(ready.caFile!)).toBe(false);
  }, 30_000);

  test('--http serves plain HTTP with caFile null; SIGINT exits 0', async () => {
    const { child, ready } = await startCli(['--http']);
    expect(ready.url).toMatch(/^http:\/\//);
    expect(ready.caFile).toBeNull();
    const res = await fetch(`${ready.url}/api/versions`, { headers: { accept: 'application/json' } });
    expect(res.status).toBe(200);
    const exited = exitCode(child);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  }, 30_000);

  test('--faults FILE is active from the start; --cert/--key/--ca serve the given certificate', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'e1-cli-'));
    writeFileSync(join(dir, 'faults.json'), JSON.stringify([{ path: '/api/versions', action: { type: 'status', status: 503, retryAfter: 7 } }]));
    const material = await generateEmulatorCertificates();
    writeFileSync(join(dir, 'cert.pem'), material.certPem);
    writeFileSync(join(dir, 'key.pem'), material.keyPem);
    writeFileSync(join(dir, 'ca.pem'), material.caPem);
    const { child, ready } = await startCli([
      '--faults', join(dir, 'faults.json'),
      '--cert', join(dir, 'cert.pem'), '--key', join(dir, 'key.pem'), '--ca', join(dir, 'ca.pem'),
    ]);
    try {
      expect(readFileSync(ready.caFile!, 'utf8')).toBe(material.caPem);
      const first = await get(`${ready.url}/api/versions`, material.caPem);
      expect(first.status).toBe(503);
      expect(first.headers['retry-after']).toBe('7');
      expect((await get(`${ready.url}/api/versions`, material.caPem)).status).toBe(200);
    } finally {
      const exited = exitCode(child);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  }, 30_000);

  test('--help prints usage and exits 0', () => {
    const res = spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' });
    expect(res.status).toBe(0);
    expect(res.stdout).toContain('Usage: vcd-emulator');
  });

  test.each([
    [['--bogus'], /Unknown option "--bogus"/],
    [['--port'], /--port needs a value/],
    [['--port', 'abc'], /--port expects a non-negative integer/],
    [['--vcd-version', '9.0'], /Unsupported VCD version "9.0"/],
    [['--host', '0.0.0.0'], /only listens on loopback/],
    [['--cert', 'x.pem'], /--cert and --key go together/],
    [['--admin-password', 'secret-on-argv'], /refused: secrets on the command line/],
    [['--admin-password-env', 'E1_SURELY_UNSET_VAR'], /not set or empty/],
  ])('bad arguments %p → exit 64 with a clear message', (args, message) => {
    const res = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
    expect(res.status).toBe(64);
    expect(res.stderr).toMatch(message);
    expect(res.stdout).toBe('');
    expect(res.stderr).not.toContain('secret-on-argv');
  });

  test('a seed file that does not exist → exit 1 naming the file', () => {
    const res = spawnSync(process.execPath, [CLI, '--seed', '/nonexistent/seed.json'], { encoding: 'utf8' });
    expect(res.status).toBe(1);
    expect(res.stderr).toContain('/nonexistent/seed.json');
  });
});
