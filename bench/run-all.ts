// `npm run bench`: runs the benchmark modules of bench/ (each exports `run()`), one after the other so they
// don't compete for the two cores, and prints their figures; names on the command line pick some (exact names).
// Timing never gates a test; this prints ratios.
import * as fs from 'node:fs';
import * as path from 'node:path';

interface BenchResult {
  readonly name: string;
  readonly lines: readonly string[];
}

const BENCHMARKS = ['synth', 'emulator-throughput', 'bootstrap'];
/** Run only when named (`npm run bench -- synth-instructions`): they count instructions under valgrind, slowly. */
const OPT_IN = ['synth-instructions', 'emulator-instructions'];
const KNOWN = [...BENCHMARKS, ...OPT_IN];

async function main(): Promise<void> {
  // Flags (`--quick`) are read by the benchmarks themselves (bench/stats.ts); the rest names benchmarks to run.
  const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  // An explicit list: other files in bench/ are child entry points that must not run on import.
  const chosen = only.length === 0 ? BENCHMARKS : KNOWN.filter((name) => only.includes(name));
  const unknown = only.filter((o) => !KNOWN.includes(o));
  if (unknown.length > 0) {
    process.stderr.write(`Unknown benchmark(s) ${unknown.join(', ')}; known: ${KNOWN.join(', ')}\n`);
    process.exitCode = 2;
    return;
  }
  const modules = chosen.map((name) => `${name}.js`).filter((f) => fs.existsSync(path.join(__dirname, f)));
  let failed = 0;
  for (const file of modules) {
    const mod = require(path.join(__dirname, file)) as { run?: () => Promise<BenchResult> };
    if (typeof mod.run !== 'function') continue;
    process.stdout.write(`\n== ${file.replace(/\.js$/, '')}\n`);
    try {
      const result = await mod.run();
      for (const line of result.lines) process.stdout.write(`  ${line}\n`);
    } catch (err) {
      failed++;
      process.stdout.write(`  FAILED: ${err instanceof Error ? err.message : String(err)}\n`);
    }
  }
  if (failed > 0) process.exitCode = 1;
}

void main();
