// Synth benchmark: our pipeline (config load + validation, constructs, guard, validations, schema check) against
// a bare cdktf app building the same stacks from the generated bindings with no checks. Each run is a separate
// child process (node dist/bench/synth-{ours,bare}.js), so peak RSS is per run. The machine is shared, so each
// figure is the best of its runs, and CPU time (user+sys of the whole process) is shown next to wall time: it is
// much less disturbed by other load. Target: ours/bare <= 1.2x; per-tenant cost flat from 100 to 1,000 tenants.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generatedEnvironments, toConfigDocument } from './synth-config';

interface RunFigures { wallMs: number; workMs: number; cpuMs: number; maxRssKb: number; stacks: number }
interface Pair { label: string; tenants: number; ours: RunFigures; bare: RunFigures }

const ROOT = path.resolve(__dirname, '..', '..');
const EXAMPLE_CONFIG = path.join(ROOT, 'stacks', 'environments.json');

function runChild(entry: string, args: string[], outdir: string): RunFigures {
  fs.rmSync(outdir, { recursive: true, force: true });
  const start = process.hrtime.bigint();
  const stdout = execFileSync(process.execPath, [path.join(__dirname, entry), ...args, outdir], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1' }, maxBuffer: 1 << 20,
  });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  const r = JSON.parse(stdout.trim().split('\n').pop()!) as { ms: number; cpuMs: number; maxRssKb: number; stacks: number };
  return { wallMs, workMs: r.ms, cpuMs: r.cpuMs, maxRssKb: r.maxRssKb, stacks: r.stacks };
}

/** Best (minimum) of each figure over `runs` alternating runs. */
function measure(label: string, tenants: number, oursArgs: string[], bareArgs: string[], runs: number, tmp: string): Pair {
  const ours: RunFigures[] = [];
  const bare: RunFigures[] = [];
  for (let i = 0; i < runs; i++) {
    // Alternate the order so neither side always runs on a warmer disk cache.
    if (i % 2 === 0) { ours.push(runChild('synth-ours.js', oursArgs, path.join(tmp, 'ours'))); bare.push(runChild('synth-bare.js', bareArgs, path.join(tmp, 'bare'))); }
    else { bare.push(runChild('synth-bare.js', bareArgs, path.join(tmp, 'bare'))); ours.push(runChild('synth-ours.js', oursArgs, path.join(tmp, 'ours'))); }
  }
  const best = (xs: RunFigures[]): RunFigures => ({
    wallMs: Math.min(...xs.map((x) => x.wallMs)), workMs: Math.min(...xs.map((x) => x.workMs)),
    cpuMs: Math.min(...xs.map((x) => x.cpuMs)), maxRssKb: Math.min(...xs.map((x) => x.maxRssKb)), stacks: xs[0].stacks,
  });
  const pair = { label, tenants, ours: best(ours), bare: best(bare) };
  if (pair.ours.stacks !== pair.bare.stacks) throw new Error(`${label}: ours built ${pair.ours.stacks} stacks, bare ${pair.bare.stacks}`);
  return pair;
}

const f0 = (n: number): string => n.toFixed(0);
const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}x`;

export async function run(): Promise<{ name: string; lines: string[] }> {
  // Both sides write the same 1,000+ files; on tmpfs the comparison measures the work, not disk-journal noise.
  const scratch = fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();
  const tmp = fs.mkdtempSync(path.join(scratch, 'bench-synth-'));
  try {
    const configFor = (n: number): string => {
      const file = path.join(tmp, `tenants-${n}.json`);
      fs.writeFileSync(file, JSON.stringify(toConfigDocument(generatedEnvironments(n))));
      return file;
    };
    const pairs: Pair[] = [
      measure('example (2 envs, 6 stacks)', 2, [EXAMPLE_CONFIG], ['example'], 3, tmp),
      ...([[100, 2], [500, 1], [1000, 3]] as const).map(([n, runs]) => measure(`${n} tenants (${n + 1} stacks)`, n, [configFor(n)], [String(n)], runs, tmp)),
    ];
    const lines: string[] = ['best of runs; wall = whole child process, work = load+build+synth(+checks), cpu = user+sys of the process'];
    for (const p of pairs) {
      lines.push(
        `${p.label}: wall ours ${f0(p.ours.wallMs)} ms / bare ${f0(p.bare.wallMs)} ms = ${ratio(p.ours.wallMs, p.bare.wallMs)}; ` +
        `work ${f0(p.ours.workMs)} / ${f0(p.bare.workMs)} ms = ${ratio(p.ours.workMs, p.bare.workMs)}; ` +
        `cpu ${f0(p.ours.cpuMs)} / ${f0(p.bare.cpuMs)} ms = ${ratio(p.ours.cpuMs, p.bare.cpuMs)}; ` +
        `peak RSS ${f0(p.ours.maxRssKb / 1024)} / ${f0(p.bare.maxRssKb / 1024)} MiB = ${ratio(p.ours.maxRssKb, p.bare.maxRssKb)}`,
      );
    }
    // CPU time per tenant, net of the example run's fixed cost (node start-up, module loading).
    const [example, ...scaled] = pairs;
    const perTenant = (p: Pair, side: 'ours' | 'bare'): string => ((p[side].cpuMs - example[side].cpuMs) / (p.tenants - example.tenants)).toFixed(2);
    lines.push('cpu ms per tenant (net of fixed start-up): ' + scaled.map((p) => `${p.tenants}: ours ${perTenant(p, 'ours')}, bare ${perTenant(p, 'bare')}`).join('; '));
    for (let i = 1; i < scaled.length; i++) {
      const [a, b] = [scaled[i - 1], scaled[i]];
      const n = b.tenants - a.tenants;
      lines.push(`marginal ${a.tenants}->${b.tenants} tenants: cpu ours ${((b.ours.cpuMs - a.ours.cpuMs) / n).toFixed(2)} ms/tenant, bare ${((b.bare.cpuMs - a.bare.cpuMs) / n).toFixed(2)} ms/tenant; ` +
        `peak RSS ours +${((b.ours.maxRssKb - a.ours.maxRssKb) / n).toFixed(1)} KiB/tenant, bare +${((b.bare.maxRssKb - a.bare.maxRssKb) / n).toFixed(1)} KiB/tenant`);
    }
    const big = pairs[pairs.length - 1];
    const cpuRatio = big.ours.cpuMs / big.bare.cpuMs;
    lines.push(`target ours/bare <= 1.2x at 1,000 tenants (cpu, the figure least disturbed by other load): ${cpuRatio <= 1.2 ? 'met' : 'NOT met'} (${cpuRatio.toFixed(2)}x; wall ${(big.ours.wallMs / big.bare.wallMs).toFixed(2)}x, peak RSS ${(big.ours.maxRssKb / big.bare.maxRssKb).toFixed(2)}x)`);
    return { name: 'synth', lines };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (require.main === module) {
  run().then((r) => { for (const l of r.lines) process.stdout.write(`${l}\n`); }, (err) => { process.stderr.write(`${err instanceof Error ? err.stack : err}\n`); process.exitCode = 1; });
}
