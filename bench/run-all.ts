// `npm run bench`: runs every benchmark module in bench/ (each exports `run()`), one after the other so they
// don't compete for the two cores, and prints their figures. Timing never gates a test; this prints ratios.
import * as fs from 'node:fs';
import * as path from 'node:path';

interface BenchResult {
  readonly name: string;
  readonly lines: readonly string[];
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const modules = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.js') && f !== 'run-all.js' && !f.includes('-child') && !f.startsWith('_'))
    .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
    .sort();
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
