// `npm run bench`: runs every benchmark module in bench/ (each exports `run()`), one after the other so they
// don't compete for the two cores, and prints their figures. Timing never gates a test; this prints ratios.
import * as fs from 'node:fs';
import * as path from 'node:path';

interface BenchResult {
  readonly name: string;
  readonly lines: readonly string[];
}

const BENCHMARKS = ['synth', 'emulator-throughput', 'bootstrap'];

async function main(): Promise<void> {
  // Flags (`--quick`) are read by the benchmarks themselves (bench/stats.ts); the rest names benchmarks to run.
  const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  // An explicit list: other files in bench/ are child entry points that must not run on import.
  const modules = BENCHMARKS.map((name) => `${name}.js`)
    .filter((f) => fs.existsSync(path.join(__dirname, f)))
    .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)));
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
