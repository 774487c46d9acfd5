// Synth benchmark: the real pipeline (config load and validation, the library's constructs, guard, validations,
// offline schema check) against a bare cdktf app that writes byte-for-byte the same files with the same program
// shape (a build function and stack classes) from the generated bindings and nothing else (bench/synth-bare.ts).
// Each run is its own child process (node dist/bench/synth-{ours,bare}.js), so CPU time (user+sys) and peak RSS
// are per run; ours and bare alternate, and every figure is min/median/max of the runs. Targets (issue 11): CPU and
// peak RSS within 1.10x of bare at 1,000 and 3,000 tenants, and a per-tenant cost that grows like bare's.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generatedEnvironments, toConfigDocument } from './synth-config';
import { alternate, isQuick, pairedRatios, runCount, spread } from './stats';

interface RunFigures { readonly cpuMs: number; readonly wallMs: number; readonly maxRssKb: number; readonly stacks: number }
interface Size { readonly label: string; readonly tenants: number; readonly oursArgs: readonly string[]; readonly bareArgs: readonly string[] }
interface Measured { readonly size: Size; readonly ours: RunFigures[]; readonly bare: RunFigures[] }

const ROOT = path.resolve(__dirname, '..', '..');
const EXAMPLE_CONFIG = path.join(ROOT, 'stacks', 'environments.json');
const TARGET = 1.1;

function runChild(entry: 'synth-ours.js' | 'synth-bare.js', args: readonly string[], outdir: string): RunFigures {
  fs.rmSync(outdir, { recursive: true, force: true });
  const start = process.hrtime.bigint();
  const stdout = execFileSync(process.execPath, [path.join(__dirname, entry), ...args, outdir], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1' }, maxBuffer: 1 << 20,
  });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  const r = JSON.parse(stdout.trim().split('\n').pop() as string) as { cpuMs: number; maxRssKb: number; stacks: number };
  return { cpuMs: r.cpuMs, wallMs, maxRssKb: r.maxRssKb, stacks: r.stacks };
}

/** Every file of both outputs, compared byte for byte: the floor must build exactly what the pipeline builds. */
function assertSameOutput(label: string, ours: string, bare: string): number {
  const files = (dir: string, rel = ''): string[] => fs.readdirSync(path.join(dir, rel), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? files(dir, path.join(rel, e.name)) : [path.join(rel, e.name)])).sort();
  const list = files(ours);
  if (JSON.stringify(list) !== JSON.stringify(files(bare))) throw new Error(`${label}: ours and bare wrote different files`);
  for (const f of list) {
    if (!fs.readFileSync(path.join(ours, f)).equals(fs.readFileSync(path.join(bare, f)))) throw new Error(`${label}: ${f} differs between ours and bare`);
  }
  return list.length;
}

async function measure(size: Size, runs: number, tmp: string): Promise<Measured> {
  const ours: RunFigures[] = [];
  const bare: RunFigures[] = [];
  const [oursOut, bareOut] = [path.join(tmp, 'ours'), path.join(tmp, 'bare')];
  await alternate(runs, {
    ours: async () => { ours.push(runChild('synth-ours.js', size.oursArgs, oursOut)); return 0; },
    bare: async () => { bare.push(runChild('synth-bare.js', size.bareArgs, bareOut)); return 0; },
  });
  if (ours[0].stacks !== bare[0].stacks) throw new Error(`${size.label}: ours built ${ours[0].stacks} stacks, bare ${bare[0].stacks}`);
  assertSameOutput(size.label, oursOut, bareOut);
  return { size, ours, bare };
}

const values = (xs: readonly RunFigures[], f: (x: RunFigures) => number): number[] => xs.map(f);
const cpu = (x: RunFigures): number => x.cpuMs;
const rss = (x: RunFigures): number => x.maxRssKb / 1024;
/** "min / median / max" of the values, the unit after. */
function mmm(xs: readonly number[], unit: string, decimals = 0): string {
  const s = spread(xs);
  return `${[s.min, s.median, s.max].map((v) => v.toFixed(decimals)).join(' / ')}${unit}`;
}
const ratioSpread = (m: Measured, f: (x: RunFigures) => number): string => mmm(pairedRatios(values(m.ours, f), values(m.bare, f)), 'x', 3);

/** Median CPU ms per tenant between two sizes (the start-up cost cancels out). */
function marginal(a: Measured, b: Measured, side: 'ours' | 'bare'): number {
  return (spread(values(b[side], cpu)).median - spread(values(a[side], cpu)).median) / (b.size.tenants - a.size.tenants);
}

export async function run(): Promise<{ name: string; lines: string[] }> {
  const quick = isQuick();
  const runs = runCount(3, 1);
  // Both sides write the same thousands of files; on tmpfs the comparison measures the work, not the disk.
  const scratch = fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();
  const tmp = fs.mkdtempSync(path.join(scratch, 'bench-synth-'));
  try {
    const scaled = (n: number): Size => {
      const file = path.join(tmp, `tenants-${n}.json`);
      fs.writeFileSync(file, JSON.stringify(toConfigDocument(generatedEnvironments(n))));
      return { label: `${n.toLocaleString('en')} tenants (${(n + 1).toLocaleString('en')} stacks)`, tenants: n, oursArgs: [file], bareArgs: [String(n)] };
    };
    const sizes: Size[] = [
      { label: 'example config (2 environments, 6 stacks)', tenants: 4, oursArgs: [EXAMPLE_CONFIG], bareArgs: ['example'] },
      ...(quick ? [300, 1000] : [1000, 3000]).map(scaled),
    ];
    const measured: Measured[] = [];
    for (const size of sizes) measured.push(await measure(size, runs, tmp));

    const lines = [`${runs} alternating run(s) per side and size, each a fresh process; outputs identical byte for byte; figures min / median / max; ratios per round`];
    for (const m of measured) {
      lines.push(
        `${m.size.label}: CPU ours ${mmm(values(m.ours, cpu), ' ms')}, bare ${mmm(values(m.bare, cpu), ' ms')}, ratio ${ratioSpread(m, cpu)}; ` +
          `peak RSS ours ${mmm(values(m.ours, rss), ' MiB')}, bare ${mmm(values(m.bare, rss), ' MiB')}, ratio ${ratioSpread(m, rss)}`,
      );
    }
    const [start, mid, big] = measured;
    const growth = (side: 'ours' | 'bare'): number => marginal(mid, big, side) / marginal(start, mid, side);
    lines.push(
      `CPU per tenant (median): ${start.size.tenants}→${mid.size.tenants} ours ${marginal(start, mid, 'ours').toFixed(2)} ms, bare ${marginal(start, mid, 'bare').toFixed(2)} ms; ` +
        `${mid.size.tenants}→${big.size.tenants} ours ${marginal(mid, big, 'ours').toFixed(2)} ms, bare ${marginal(mid, big, 'bare').toFixed(2)} ms`,
    );
    for (const m of measured.filter((x) => x.size.tenants >= 1000)) {
      const cpuMedian = spread(pairedRatios(values(m.ours, cpu), values(m.bare, cpu))).median;
      const rssMedian = spread(pairedRatios(values(m.ours, rss), values(m.bare, rss))).median;
      lines.push(`target at ${m.size.label}: CPU ≤ ${TARGET}x of bare: ${cpuMedian <= TARGET ? 'met' : 'NOT met'} (median ${cpuMedian.toFixed(3)}x); peak RSS ≤ ${TARGET}x: ${rssMedian <= TARGET ? 'met' : 'NOT met'} (median ${rssMedian.toFixed(3)}x)`);
    }
    // Linear: the pipeline's per-tenant cost grows no faster than bare cdktf's own from the smaller to the larger app.
    lines.push(`target per-tenant cost linear (grows like bare's, within ${TARGET}x): ${growth('ours') <= growth('bare') * TARGET ? 'met' : 'NOT met'} (marginal cost larger/smaller app: ours ${growth('ours').toFixed(2)}x, bare ${growth('bare').toFixed(2)}x)`);
    if (quick) lines.push('(--quick: 300 and 1,000 tenants, one run each; the targets are for 1,000 and 3,000 tenants with 3 runs)');
    return { name: 'synth', lines };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (require.main === module) {
  run().then((r) => { for (const l of r.lines) process.stdout.write(`${l}\n`); }, (err) => { process.stderr.write(`${err instanceof Error ? err.stack : err}\n`); process.exitCode = 1; });
}
