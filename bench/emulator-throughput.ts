// Emulator throughput and memory, each figure from several runs (min/median/max), contenders alternated:
// - refresh-token exchanges per second of the emulator vs a trivial Node HTTPS server answering fixed JSON (the
//   ceiling), same certificate, same client (undici, 32 keep-alive connections), both child processes;
// - emulator CPU µs per exchange vs per password login (from the emulator's own process.cpuUsage);
// - emulator RSS and heap retained after a full GC at the start and the end of 200,000 requests (exchange and
//   bearer GET alternating).
// `--quick`: one run of each, fewer requests (a smoke test, well under a minute).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { client, CONNECTIONS, EMULATOR_CLI, FORM, refreshBody, startChild, TENANT, times, writeCertificateFiles } from './emulator-load';
import { alternate, formatSpread, isQuick, pairedRatios, runCount } from './stats';

const TRIVIAL_SERVER = join(__dirname, 'trivial-https-server.js');

interface Settings {
  readonly runs: number;
  /**
   * Requests before any measurement: V8 needs a few thousand requests to optimise the emulator's code (its CPU
   * per exchange falls about fourfold over the first 5,000), and the figures are about the steady state.
   */
  readonly warmUpRequests: number;
  readonly throughputSeconds: number;
  readonly cpuRequests: number;
  readonly memoryRequests: number;
}

function settings(): Settings {
  return isQuick()
    ? { runs: runCount(), warmUpRequests: 4_000, throughputSeconds: 2, cpuRequests: 3_000, memoryRequests: 20_000 }
    : { runs: runCount(), warmUpRequests: 8_000, throughputSeconds: 5, cpuRequests: 20_000, memoryRequests: 200_000 };
}

/** Runs `op` on every connection until `seconds` pass (after `warmUp` operations); returns operations per second. */
async function rate(op: () => Promise<void>, seconds: number, warmUp: number): Promise<number> {
  await times(warmUp, op);
  let done = 0;
  const started = process.hrtime.bigint();
  const stopAt = Date.now() + seconds * 1000;
  await Promise.all(Array.from({ length: CONNECTIONS }, async () => {
    while (Date.now() < stopAt) {
      await op();
      done++;
    }
  }));
  return done / (Number(process.hrtime.bigint() - started) / 1e9);
}

interface Stats {
  cpuUsage: { user: number; system: number };
  memoryUsage: { rss: number; heapUsed: number };
}

export async function run(): Promise<{ name: string; lines: string[] }> {
  const s = settings();
  const dir = mkdtempSync(join(tmpdir(), 'vcd-bench-throughput-'));
  try {
    const tls = await writeCertificateFiles(dir);
    const { cert: certFile, key: keyFile } = tls;
    const startEmulator = () => startChild(['--expose-gc', EMULATOR_CLI, '--cert', certFile, '--key', keyFile, '--ca', certFile]);

    // 1. Exchanges per second, emulator vs the trivial server, alternating which goes first.
    const throughput = await alternate(s.runs, {
      emulator: async () => {
        const emu = await startEmulator();
        const c = client(emu.url, tls.caPem);
        try {
          const body = await refreshBody(c);
          return await rate(async () => {
            const res = await c.call('POST', '/oauth/tenant/acme/token', FORM, body);
            if (res.status !== 200) throw new Error(`exchange answered ${res.status}`);
          }, s.throughputSeconds, s.warmUpRequests);
        } finally {
          await c.close();
          await emu.stop();
        }
      },
      trivial: async () => {
        const server = await startChild([TRIVIAL_SERVER, certFile, keyFile]);
        const c = client(server.url, tls.caPem);
        try {
          const body = `grant_type=refresh_token&refresh_token=${'x'.repeat(43)}`;
          return await rate(async () => {
            const res = await c.call('POST', '/oauth/tenant/acme/token', FORM, body);
            if (res.status !== 200) throw new Error(`trivial server answered ${res.status}`);
          }, s.throughputSeconds, s.warmUpRequests);
        } finally {
          await c.close();
          await server.stop();
        }
      },
    });

    // 2. Emulator CPU per exchange and per password login, measured in the emulator process.
    const cpu: { exchange: number[]; login: number[] } = { exchange: [], login: [] };
    // 3. Memory over many requests: RSS and heap retained after GC, at the start and at the end.
    const memory = { rssStart: [] as number[], rssEnd: [] as number[], heapStart: [] as number[], heapEnd: [] as number[] };
    for (let r = 0; r < s.runs; r++) {
      const emu = await startEmulator();
      const c = client(emu.url, tls.caPem);
      try {
        const stats = async (gc = false) => JSON.parse((await c.call('GET', `/__emulator/stats${gc ? '?gc=1' : ''}`, {})).text) as Stats;
        const body = await refreshBody(c);
        const exchange = async () => {
          const res = await c.call('POST', '/oauth/tenant/acme/token', FORM, body);
          if (res.status !== 200) throw new Error(`exchange answered ${res.status}`);
        };
        const basic = { authorization: `Basic ${Buffer.from(TENANT).toString('base64')}` };
        const login = async () => {
          const res = await c.call('POST', '/cloudapi/1.0.0/sessions', basic);
          if (res.status !== 200) throw new Error(`login answered ${res.status}`);
        };
        // Both warmed up first, then measured in alternating chunks, so that neither profits from the other's
        // warm-up nor from a quieter moment of the machine.
        await times(s.warmUpRequests, exchange);
        await times(s.warmUpRequests, login);
        const chunks = 6;
        const spent = { exchange: 0, login: 0 };
        for (let chunk = 0; chunk < chunks; chunk++) {
          const order = (chunk + r) % 2 === 0 ? (['exchange', 'login'] as const) : (['login', 'exchange'] as const);
          for (const which of order) {
            const before = (await stats()).cpuUsage;
            await times(s.cpuRequests / chunks, which === 'exchange' ? exchange : login);
            const after = (await stats()).cpuUsage;
            spent[which] += after.user + after.system - before.user - before.system;
          }
        }
        cpu.exchange.push(spent.exchange / s.cpuRequests);
        cpu.login.push(spent.login / s.cpuRequests);

        let bearer = JSON.parse((await c.call('POST', '/oauth/tenant/acme/token', FORM, body)).text).access_token as string;
        await times(2000, async (n) => {
          if (n % 2 === 0) await exchange();
          else await c.call('GET', '/cloudapi/1.0.0/sessions/current', { authorization: `Bearer ${bearer}` });
        });
        const start = await stats(true);
        memory.rssStart.push(start.memoryUsage.rss);
        memory.heapStart.push(start.memoryUsage.heapUsed);
        await times(s.memoryRequests, async (n) => {
          if (n % 2 === 0) {
            const res = await c.call('POST', '/oauth/tenant/acme/token', FORM, body);
            bearer = JSON.parse(res.text).access_token as string;
          } else {
            await c.call('GET', '/cloudapi/1.0.0/sessions/current', { authorization: `Bearer ${bearer}` });
          }
        });
        const end = await stats(true);
        memory.rssEnd.push(end.memoryUsage.rss);
        memory.heapEnd.push(end.memoryUsage.heapUsed);
      } finally {
        await c.close();
        await emu.stop();
      }
    }

    const mib = (values: number[]) => values.map((v) => v / 1048576);
    const ratio = pairedRatios(throughput.emulator, throughput.trivial);
    const cpuRatio = pairedRatios(cpu.exchange, cpu.login);
    const growth = memory.rssEnd.map((end, i) => end / memory.rssStart[i] - 1).map((g) => g * 100);
    return {
      name: 'emulator-throughput',
      lines: [
        `refresh-token exchanges/s, ${CONNECTIONS} keep-alive connections: emulator ${formatSpread(throughput.emulator, '/s')}; trivial HTTPS server ${formatSpread(throughput.trivial, '/s')}`,
        `  ratio emulator / trivial (paired runs): ${formatSpread(ratio, '', 2)} (target ≥ 0.5)`,
        `emulator CPU: ${formatSpread(cpu.exchange, 'µs')} per exchange, ${formatSpread(cpu.login, 'µs')} per password login; exchange / login ${formatSpread(cpuRatio, '', 2)} (target ≤ 1)`,
        `emulator memory over ${s.memoryRequests.toLocaleString('en-US')} requests (exchange + bearer GET): RSS start ${formatSpread(mib(memory.rssStart), 'MiB', 1)}, end ${formatSpread(mib(memory.rssEnd), 'MiB', 1)}, growth ${formatSpread(growth, '%', 1)}`,
        `  heap retained after GC: start ${formatSpread(mib(memory.heapStart), 'MiB', 1)}, end ${formatSpread(mib(memory.heapEnd), 'MiB', 1)}`,
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  run().then(
    (result) => process.stdout.write(`${result.name}\n${result.lines.map((l) => `  ${l}`).join('\n')}\n`),
    (err: unknown) => {
      process.stderr.write(`${(err as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
