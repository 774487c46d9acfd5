// Bootstrap benchmark. (1) Request counts per operation, measured from the emulator's request log:
// exchange, create, and the bootstrap's reuse and create paths per tenant. (2) Wall time of bootstrapping
// fifty environments at once versus one, with 100 ms of injected latency on every request: the bootstrap
// keeps one client per environment and works on targets concurrently, so the ratio should stay near 1.
import { spawn } from 'node:child_process';
import { createSecureContext, rootCertificates } from 'node:tls';
import { Pool } from 'undici';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bootstrapEnvironments, openTokenApi } from '../src/bootstrap';
import { VcdClient } from '../src/client';
import { parseEnvironmentsConfig, EnvironmentsConfig } from '../src/config';
import { EMULATOR_DEMO_TENANT_PASSWORD, RunningEmulator, startEmulator } from '../src/emulator';

function config(count: number, prefix: string): EnvironmentsConfig {
  const environments = Array.from({ length: count }, (_, i) => ({
    name: `${prefix}${String(i + 1).padStart(2, '0')}`,
    vcdUrl: 'https://vcd.invalid/api',
    vcdVersion: '10.5.1',
    tenants: [{ name: 'acme', automationUser: 'automation', network: { name: 'app', gateway: '10.1.1.1', prefixLength: 24 } }],
  }));
  return parseEnvironmentsConfig({ environments }, '/bench/environments.json');
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = process.hrtime.bigint();
  const value = await fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
}

function summarize(emu: RunningEmulator, from: number): string {
  const entries = emu.requestLog.entries().slice(from);
  const byRoute = new Map<string, number>();
  for (const e of entries) {
    const route = `${e.method} ${e.url.split('?')[0].replace(/urn:vcloud:[A-Za-z]+:[0-9a-f-]+/g, '{id}')}`;
    byRoute.set(route, (byRoute.get(route) ?? 0) + 1);
  }
  return `${entries.length} (${[...byRoute].map(([r, n]) => (n > 1 ? `${n}x ${r}` : r)).join(', ')})`;
}

async function requestCounts(emu: RunningEmulator): Promise<string[]> {
  const lines: string[] = [];
  const url = `${emu.url}/api`;
  const ca = emu.caPem;
  // Fresh client per measurement so the one versions call per host and process is visible.
  let client = openTokenApi({ url, ca });
  let mark = emu.requestLog.entries().length;
  const session = await client.loginWithPassword({ org: 'acme', user: 'automation', password: EMULATOR_DEMO_TENANT_PASSWORD });
  const created = await client.createApiToken(session, { name: 'bench-count' });
  lines.push(`create (fresh process: login + create): ${summarize(emu, mark)}`);
  mark = emu.requestLog.entries().length;
  const again = await client.createApiToken(session, { name: 'bench-count-2' });
  lines.push(`create (warm client, existing session): ${summarize(emu, mark)}`);
  await client.close();

  client = openTokenApi({ url, ca });
  mark = emu.requestLog.entries().length;
  await client.exchangeApiToken({ org: 'acme', apiToken: created.apiToken });
  lines.push(`exchange (fresh process): ${summarize(emu, mark)}`);
  mark = emu.requestLog.entries().length;
  await client.exchangeApiToken({ org: 'acme', apiToken: again.apiToken });
  lines.push(`exchange (warm client): ${summarize(emu, mark)}`);
  await client.close();

  const tokenDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-counts-'));
  const one = config(1, 'count');
  const opts = { tokenDir, vcdUrlOverrides: { count01: url }, ca, processEnv: {}, password: () => EMULATOR_DEMO_TENANT_PASSWORD };
  mark = emu.requestLog.entries().length;
  await bootstrapEnvironments(one, opts);
  lines.push(`bootstrap, create path, per tenant: ${summarize(emu, mark)}`);
  mark = emu.requestLog.entries().length;
  await bootstrapEnvironments(one, opts);
  lines.push(`bootstrap, reuse path, per tenant: ${summarize(emu, mark)}`);
  fs.rmSync(tokenDir, { recursive: true, force: true });
  return lines;
}

interface ChildEmulator {
  readonly url: string;
  readonly caPem: string;
  /** CPU time (user + system) the emulator process has used so far, in ms (Linux /proc; NaN elsewhere). */
  cpuMs(): number;
  stop(): Promise<void>;
}

/**
 * The scaling run uses the emulator as a separate process (as a real VCD is), so the bootstrap's client work
 * and the server's work do not share one event loop. Every request gets 100 ms of injected latency.
 */
async function startChildEmulator(latencyMs: number): Promise<ChildEmulator> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-emu-'));
  const faults = path.join(dir, 'faults.json');
  fs.writeFileSync(faults, JSON.stringify([{ path: '/', action: { type: 'latency', ms: latencyMs }, times: 'always' }]));
  const child = spawn(process.execPath, [path.join(__dirname, '..', 'src', 'emulator', 'cli.js'), '--vcd-version', '10.5.1', '--faults', faults], { stdio: ['ignore', 'pipe', 'ignore'] });
  const ready = await new Promise<{ url: string; caFile: string }>((resolve, reject) => {
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const newline = buffer.indexOf('\n');
      if (newline >= 0) resolve(JSON.parse(buffer.slice(0, newline)) as { url: string; caFile: string });
    });
    child.once('exit', (code) => reject(new Error(`vcd-emulator exited with ${code} before it was ready`)));
  });
  const caPem = fs.readFileSync(ready.caFile, 'utf8');
  return {
    url: ready.url,
    caPem,
    cpuMs: () => {
      try {
        const fields = fs.readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
        return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in 100 Hz ticks
      } catch {
        return Number.NaN;
      }
    },
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => {
          fs.rmSync(dir, { recursive: true, force: true });
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

async function scaling(): Promise<string[]> {
  const emu = await startChildEmulator(100);
  const url = `${emu.url}/api`;
  const lines: string[] = [];
  try {
    // Warm-up outside the timings: the first client of a process parses the root store with the emulator's CA
    // (~100 ms, once per process), which would otherwise inflate the one-environment baseline.
    const warm = new VcdClient({ url, ca: emu.caPem });
    await warm.negotiateVersion();
    await warm.close();
    for (const phase of ['create', 'reuse'] as const) {
      const results: Record<number, number> = {};
      const serverCpu: Record<number, number> = {};
      const clientCpu: Record<number, number> = {};
      for (const count of [1, 50]) {
        const cfg = config(count, `s${count}x`);
        const tokenDir = path.join(os.tmpdir(), `bench-scale-${process.pid}-${count}`);
        if (phase === 'create') fs.rmSync(tokenDir, { recursive: true, force: true });
        const overrides = Object.fromEntries(cfg.environments.map((e) => [e.name, url]));
        const cpuBefore = emu.cpuMs();
        const ownBefore = process.cpuUsage();
        const { ms, value } = await timed(() =>
          bootstrapEnvironments(cfg, { tokenDir, vcdUrlOverrides: overrides, ca: emu.caPem, processEnv: {}, password: () => EMULATOR_DEMO_TENANT_PASSWORD, concurrency: 50 }),
        );
        if (!value.results.every((r) => (phase === 'create' ? r.created : r.reused))) throw new Error(`unexpected ${phase} results`);
        results[count] = ms;
        serverCpu[count] = emu.cpuMs() - cpuBefore;
        const own = process.cpuUsage(ownBefore);
        clientCpu[count] = (own.user + own.system) / 1000;
        if (phase === 'reuse') fs.rmSync(tokenDir, { recursive: true, force: true });
      }
      lines.push(
        `${phase} path, 100 ms latency per request: 1 env ${results[1].toFixed(0)} ms, 50 envs ${results[50].toFixed(0)} ms, ratio ${(results[50] / results[1]).toFixed(2)}x (target <= 1.3x; sequential would be ~50x)`,
        `  CPU during the 50-env run: emulator ${serverCpu[50].toFixed(0)} ms, bootstrap ${clientCpu[50].toFixed(0)} ms (1 env: ${serverCpu[1].toFixed(0)} / ${clientCpu[1].toFixed(0)} ms) on ${os.cpus().length} shared cores`,
      );
    }
    lines.push(await transportFloor(emu));
  } finally {
    await emu.stop();
  }
  return lines;
}

/**
 * The floor under the reuse ratio: the same shape of work with bare undici (one new TLS connection per
 * environment, then two sequential requests), no bootstrap logic at all. What the bootstrap adds is the gap.
 */
async function transportFloor(emu: ChildEmulator): Promise<string> {
  const context = createSecureContext({ ca: [...rootCertificates, emu.caPem] });
  const once = async (): Promise<void> => {
    const pool = new Pool(emu.url, { connect: { secureContext: context } });
    try {
      for (let i = 0; i < 2; i++) await (await pool.request({ method: 'GET', path: '/api/versions' })).body.text();
    } finally {
      await pool.close();
    }
  };
  await once();
  const ms: Record<number, number> = {};
  for (const count of [1, 50]) ms[count] = (await timed(() => Promise.all(Array.from({ length: count }, once)))).ms;
  return `transport floor (bare undici, new TLS connection + 2 requests per environment): 1 env ${ms[1].toFixed(0)} ms, 50 envs ${ms[50].toFixed(0)} ms, ratio ${(ms[50] / ms[1]).toFixed(2)}x`;
}

export async function run(): Promise<{ name: string; lines: string[] }> {
  const emu = await startEmulator({ vcdVersion: '10.5.1' });
  try {
    const counts = await requestCounts(emu);
    await emu.close();
    return { name: 'bootstrap', lines: [...counts, ...(await scaling())] };
  } finally {
    await emu.close();
  }
}

if (require.main === module) {
  void run().then(
    (r) => {
      for (const line of r.lines) process.stdout.write(`${line}\n`);
    },
    (err: unknown) => {
      process.stderr.write(`bench failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
