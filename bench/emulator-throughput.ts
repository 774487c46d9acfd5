// Emulator throughput and memory: the emulator runs as `node dist/src/emulator/cli.js` in a child process;
// this process is the only client (undici, keep-alive). Figures: refresh-token exchanges per second
// (target ≥ 2,000/s on 2 cores) and the emulator's RSS over 100,000 requests (should stay flat).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Agent, request } from 'undici';

const CLI = join(__dirname, '..', 'src', 'emulator', 'cli.js');
const CONCURRENCY = 32;
const EXCHANGE_SECONDS = 6;
const MEMORY_REQUESTS = 100_000;
const SAMPLE_EVERY = 10_000;

interface Ready {
  url: string;
  caFile: string;
}

function startEmulatorProcess(): Promise<{ child: ChildProcessWithoutNullStreams; ready: Ready }> {
  const child = spawn(process.execPath, ['--expose-gc', CLI], { env: { ...process.env } }); // gc: see retainedHeap
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const newline = stdout.indexOf('\n');
      if (newline >= 0) resolve({ child, ready: JSON.parse(stdout.slice(0, newline)) as Ready });
    });
    child.on('exit', (code) => reject(new Error(`emulator exited ${code}: ${stderr}`)));
  });
}

export async function run(): Promise<{ name: string; lines: string[] }> {
  // The box is shared; the load average puts the absolute rate in context.
  const loadAverage = (await import('node:os')).loadavg()[0].toFixed(1);
  const { child, ready } = await startEmulatorProcess();
  const agent = new Agent({ connect: { ca: readFileSync(ready.caFile, 'utf8') }, connections: CONCURRENCY, pipelining: 1 });
  const call = async (method: string, path: string, headers: Record<string, string>, body?: string) => {
    const res = await request(`${ready.url}${path}`, { method: method as 'GET', headers, body, dispatcher: agent });
    const text = await res.body.text();
    return { status: res.statusCode, headers: res.headers, text };
  };
  try {
    const login = await call('POST', '/cloudapi/1.0.0/sessions', {
      authorization: `Basic ${Buffer.from('automation@acme:vcd-emulator-demo').toString('base64')}`,
    });
    const jwt = String(login.headers['x-vmware-vcloud-access-token']);
    const registered = await call('POST', '/oauth/tenant/acme/register', { authorization: `Bearer ${jwt}`, 'content-type': 'application/json' }, JSON.stringify({ client_name: 'bench' }));
    const clientId = JSON.parse(registered.text).client_id as string;
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const grant = await call('POST', '/oauth/tenant/acme/token', form, new URLSearchParams({
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: jwt, client_id: clientId,
    }).toString());
    const refreshBody = `grant_type=refresh_token&refresh_token=${JSON.parse(grant.text).refresh_token as string}`;
    const exchange = async (): Promise<string> => {
      const res = await call('POST', '/oauth/tenant/acme/token', form, refreshBody);
      if (res.status !== 200) throw new Error(`exchange failed with ${res.status}`);
      return JSON.parse(res.text).access_token as string;
    };

    // Warm-up, then timed exchanges with CONCURRENCY workers.
    const warmUntil = Date.now() + 1000;
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => { while (Date.now() < warmUntil) await exchange(); }));
    const stats = async () => JSON.parse((await call('GET', '/__emulator/stats', {})).text) as { cpuUsage: { user: number; system: number }; memoryUsage: { rss: number } };
    const cpuBefore = (await stats()).cpuUsage;
    let exchanges = 0;
    const started = process.hrtime.bigint();
    const stopAt = Date.now() + EXCHANGE_SECONDS * 1000;
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < stopAt) {
        await exchange();
        exchanges++;
      }
    }));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const perSecond = exchanges / seconds;
    const cpuAfter = (await stats()).cpuUsage;
    const emulatorCpuUs = cpuAfter.user + cpuAfter.system - cpuBefore.user - cpuBefore.system;
    const cpuPerExchangeUs = emulatorCpuUs / exchanges;
    const emulatorCoreShare = emulatorCpuUs / 1e6 / seconds;

    // Memory: 100,000 requests alternating exchange and a bearer GET; RSS sampled via /__emulator/stats.
    const rss: number[] = [];
    const retainedHeap: number[] = []; // heapUsed right after a full GC: what a leak would grow
    const sample = async () => {
      rss.push((await stats()).memoryUsage.rss);
      const afterGc = JSON.parse((await call('GET', '/__emulator/stats?gc=1', {})).text) as { memoryUsage: { heapUsed: number } };
      retainedHeap.push(afterGc.memoryUsage.heapUsed);
    };
    await sample();
    let issued = 0;
    let bearer = await exchange();
    const memStarted = Date.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      while (issued < MEMORY_REQUESTS) {
        const n = ++issued;
        if (n % 2 === 0) bearer = await exchange();
        else await call('GET', '/cloudapi/1.0.0/sessions/current', { authorization: `Bearer ${bearer}`, accept: 'application/json;version=38.0' });
        if (n % SAMPLE_EVERY === 0) await sample();
      }
    }));
    const memSeconds = (Date.now() - memStarted) / 1000;
    const mb = (b: number) => `${(b / 1048576).toFixed(1)} MiB`;
    const first = rss[0];
    const last = rss[rss.length - 1];
    const max = Math.max(...rss);
    const firstAfterWarm = rss[1] ?? first;
    return {
      name: 'emulator-throughput',
      lines: [
        `refresh-token exchanges: ${perSecond.toFixed(0)}/s over ${seconds.toFixed(1)} s (${exchanges} exchanges, ${CONCURRENCY} keep-alive connections; target ≥ 2000/s → ${perSecond >= 2000 ? 'met' : 'NOT met'})`,
        `emulator CPU: ${cpuPerExchangeUs.toFixed(0)} µs per exchange (user+system), ${(emulatorCoreShare * 100).toFixed(0)}% of one core during the run → CPU-bound ceiling ≈ ${(1e6 / cpuPerExchangeUs).toFixed(0)} exchanges/s per core (load average at start ${loadAverage})`,
        `memory run: ${MEMORY_REQUESTS} requests (exchange + bearer GET alternating) in ${memSeconds.toFixed(1)} s (${(MEMORY_REQUESTS / memSeconds).toFixed(0)} req/s)`,
        `emulator RSS: first ${mb(first)}, after 10k ${mb(firstAfterWarm)}, last ${mb(last)}, max ${mb(max)}; growth first→last ${mb(last - first)} (${((last / first - 1) * 100).toFixed(1)}%), 10k→last ${mb(last - firstAfterWarm)}`,
        `RSS samples (MiB, every ${SAMPLE_EVERY}): ${rss.map((r) => (r / 1048576).toFixed(0)).join(' ')}`,
        `heap retained after GC (MiB, every ${SAMPLE_EVERY}): ${retainedHeap.map((r) => (r / 1048576).toFixed(1)).join(' ')}; first→last ${mb(retainedHeap[retainedHeap.length - 1] - retainedHeap[0])}`,
      ],
    };
  } finally {
    await agent.close();
    child.kill('SIGTERM');
  }
}

if (require.main === module) {
  run().then(
    (result) => {
      process.stdout.write(`${result.name}\n${result.lines.map((l) => `  ${l}`).join('\n')}\n`);
    },
    (err: unknown) => {
      process.stderr.write(`${(err as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
