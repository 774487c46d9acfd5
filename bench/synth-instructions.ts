// Synth cost counted in instructions (valgrind's callgrind) instead of CPU time: the same two children as
// bench/synth.ts (the real pipeline and the bare cdktf app writing the same files), at 1,000 and 3,000 tenants.
// Why: on a shared 2-core VM one CPU-time run of a 3,000-tenant synth moves by 20 % with the neighbours' load, so a
// 10 % line can flip from one bench run to the next; an instruction count does not depend on what else runs.
// V8 runs with --single-threaded: its background compiler and GC threads otherwise make the count depend on how
// valgrind interleaves threads (about ±5 % between runs; ±0.5 % single-threaded). Both sides run the same way.
// Opt-in, it takes about 20 minutes (callgrind runs code ~45x slower; ours and bare run side by side, one per
// core): `npm run bench -- synth-instructions` (`--quick`: 100 and 300 tenants, one round).
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeGeneratedConfig } from './synth-config';
import { formatSpread, isQuick, pairedRatios, runCount, spread } from './stats';

const ROOT = path.resolve(__dirname, '..', '..');
const TARGET = 1.1;

interface Counted { readonly instructions: number; readonly stacks: number }

/** Runs one synth child under callgrind; resolves with the instructions it executed (every thread) and its stacks. */
function counted(entry: 'synth-ours.js' | 'synth-bare.js', args: readonly string[], outdir: string): Promise<Counted> {
  fs.rmSync(outdir, { recursive: true, force: true });
  const child = spawn('valgrind', [
    '--tool=callgrind', '--callgrind-out-file=/dev/null',
    process.execPath, '--single-threaded', path.join(__dirname, entry), ...args, outdir,
  ], { cwd: ROOT, env: { ...process.env, CHECKPOINT_DISABLE: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      fs.rmSync(outdir, { recursive: true, force: true });
      const collected = /Collected : (\d+)/.exec(stderr);
      if (code !== 0 || !collected) {
        reject(new Error(`${entry} under callgrind exited ${code}: ${stderr.split('\n').slice(-5).join(' ')}`));
        return;
      }
      const result = JSON.parse(stdout.trim().split('\n').pop() as string) as { stacks: number };
      resolve({ instructions: Number(collected[1]), stacks: result.stacks });
    });
  });
}

const scaled = (xs: readonly number[], by: number): number[] => xs.map((x) => x / by);

export async function run(): Promise<{ name: string; lines: string[] }> {
  const probe = spawnSync('valgrind', ['--version'], { encoding: 'utf8' });
  if (probe.status !== 0) throw new Error('synth-instructions needs valgrind on the PATH (Debian: apt-get install valgrind)');
  const quick = isQuick();
  const runs = runCount(3, 1);
  const tenants = quick ? [100, 300] : [1000, 3000];
  const scratch = fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();
  const tmp = fs.mkdtempSync(path.join(scratch, 'bench-synth-instructions-'));
  try {
    const sizes = tenants.map((n) => {
      const file = writeGeneratedConfig(tmp, n);
      return { tenants: n, oursArgs: [file], bareArgs: [String(n)], ours: [] as number[], bare: [] as number[] };
    });
    for (let round = 0; round < runs; round++) {
      for (const size of sizes) {
        // Side by side, one per core: an instruction count does not care that the other core is busy.
        const [ours, bare] = await Promise.all([
          counted('synth-ours.js', size.oursArgs, path.join(tmp, 'ours')),
          counted('synth-bare.js', size.bareArgs, path.join(tmp, 'bare')),
        ]);
        if (ours.stacks !== bare.stacks) throw new Error(`${size.tenants} tenants: ours built ${ours.stacks} stacks, bare ${bare.stacks}`);
        size.ours.push(ours.instructions);
        size.bare.push(bare.instructions);
      }
    }
    const lines = [`${runs} round(s); instructions of the whole process (start-up included), node --single-threaded under callgrind`];
    for (const s of sizes) {
      const ratio = spread(pairedRatios(s.ours, s.bare)).median;
      lines.push(`${s.tenants.toLocaleString('en')} tenants: ours ${formatSpread(scaled(s.ours, 1e9), 'G', 2)}, bare ${formatSpread(scaled(s.bare, 1e9), 'G', 2)}; ratio ${formatSpread(pairedRatios(s.ours, s.bare), 'x', 3)}; target ≤ ${TARGET}x: ${ratio <= TARGET ? 'met' : 'NOT met'}`);
    }
    const [small, big] = sizes;
    const added = big.tenants - small.tenants;
    const perTenant = (side: 'ours' | 'bare') => big[side].map((n, i) => (n - small[side][i]) / added);
    const ratios = pairedRatios(perTenant('ours'), perTenant('bare'));
    const median = spread(ratios).median;
    lines.push(`instructions per added tenant ${small.tenants}→${big.tenants}: ours ${formatSpread(scaled(perTenant('ours'), 1e6), 'M', 2)}, bare ${formatSpread(scaled(perTenant('bare'), 1e6), 'M', 2)}; ratio ${formatSpread(ratios, 'x', 3)}; target ≤ ${TARGET}x: ${median <= TARGET ? 'met' : 'NOT met'}`);
    if (quick) lines.push('(--quick: 100 and 300 tenants, one round; the targets are for 1,000 and 3,000 tenants)');
    return { name: 'synth-instructions', lines };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
