// Emulator cost of a refresh-token exchange against a password login, counted in instructions (valgrind's
// callgrind) instead of CPU time. bench/emulator-throughput.ts measures the same thing with process.cpuUsage, where
// the two are within a few per cent of each other and a shared VM's noise moves single runs across 1.0.
// The emulator runs under callgrind (V8 --single-threaded, so that the count does not depend on how valgrind
// interleaves V8's background threads). Each run sends a warm-up and then N requests of one kind; the cost per
// request is the slope between two values of N, so start-up, set-up and warm-up cancel out. Only user-space
// instructions are counted: the kernel's share of socket I/O is not in the figure.
// Opt-in (about 20 minutes): `npm run bench -- emulator-instructions` (`--quick`: fewer requests, one round).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { client, EMULATOR_CLI, FORM, refreshBody, startChild, TENANT, times, writeCertificateFiles } from './emulator-load';
import { formatSpread, isQuick, pairedRatios, runCount, spread } from './stats';

type Kind = 'exchange' | 'login';

interface Settings {
  readonly runs: number;
  /** V8 optimises the request path over the first few thousand requests; the slope is about the steady state. */
  readonly warmUp: number;
  readonly fewer: number;
  readonly more: number;
}

const settings = (): Settings => (isQuick() ? { runs: runCount(3, 1), warmUp: 2_000, fewer: 500, more: 1_500 } : { runs: runCount(3, 1), warmUp: 5_000, fewer: 1_000, more: 5_000 });

/** Instructions of one emulator process that served set-up, `warmUp` and then `count` requests of `kind`. */
async function countedRun(kind: Kind, warmUp: number, count: number, certs: { cert: string; key: string; caPem: string }): Promise<number> {
  const emu = await startChild(
    ['--tool=callgrind', '--callgrind-out-file=/dev/null', process.execPath, '--single-threaded', EMULATOR_CLI, '--cert', certs.cert, '--key', certs.key],
    'valgrind',
  );
  let stderr = '';
  emu.process.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const closed = new Promise<void>((resolve) => emu.process.once('close', () => resolve()));
  const c = client(emu.url, certs.caPem, true);
  try {
    const body = await refreshBody(c);
    const basic = { authorization: `Basic ${Buffer.from(TENANT).toString('base64')}` };
    const send = kind === 'exchange'
      ? () => c.call('POST', '/oauth/tenant/acme/token', FORM, body)
      : () => c.call('POST', '/cloudapi/1.0.0/sessions', basic);
    const op = async () => {
      const res = await send();
      if (res.status !== 200) throw new Error(`${kind} answered ${res.status}`);
    };
    await times(warmUp + count, op);
  } finally {
    await c.close();
    emu.process.kill('SIGTERM');
    await closed;
  }
  const collected = /Collected : (\d+)/.exec(stderr);
  if (!collected) throw new Error(`the emulator under callgrind printed no count: ${stderr.split('\n').slice(-5).join(' ')}`);
  return Number(collected[1]);
}

export async function run(): Promise<{ name: string; lines: string[] }> {
  if (spawnSync('valgrind', ['--version']).status !== 0) throw new Error('emulator-instructions needs valgrind on the PATH (Debian: apt-get install valgrind)');
  const s = settings();
  const dir = mkdtempSync(join(tmpdir(), 'vcd-bench-instructions-'));
  try {
    const certs = await writeCertificateFiles(dir);
    const perRequest: Record<Kind, number[]> = { exchange: [], login: [] };
    for (let round = 0; round < s.runs; round++) {
      // Exchange and login side by side, one per core: a count does not care that the other core is busy.
      const [exchangeFewer, loginFewer] = await Promise.all([countedRun('exchange', s.warmUp, s.fewer, certs), countedRun('login', s.warmUp, s.fewer, certs)]);
      const [exchangeMore, loginMore] = await Promise.all([countedRun('exchange', s.warmUp, s.more, certs), countedRun('login', s.warmUp, s.more, certs)]);
      perRequest.exchange.push((exchangeMore - exchangeFewer) / (s.more - s.fewer));
      perRequest.login.push((loginMore - loginFewer) / (s.more - s.fewer));
    }
    const ratios = pairedRatios(perRequest.exchange, perRequest.login);
    const median = spread(ratios).median;
    return {
      name: 'emulator-instructions',
      lines: [
        `${s.runs} round(s); per request = slope between ${s.fewer.toLocaleString('en-US')} and ${s.more.toLocaleString('en-US')} requests after ${s.warmUp.toLocaleString('en-US')} of warm-up, emulator under callgrind (node --single-threaded)`,
        `emulator instructions per exchange ${formatSpread(perRequest.exchange.map((n) => n / 1000), 'k')}, per password login ${formatSpread(perRequest.login.map((n) => n / 1000), 'k')}`,
        `exchange / login ${formatSpread(ratios, 'x', 3)}; target ≤ 1: ${median <= 1 ? 'met' : 'NOT met'} (median ${median.toFixed(3)}x)`,
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
