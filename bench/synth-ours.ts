// "Ours" child for bench/synth.ts: the real pipeline: load and validate the config file, build the stacks
// with the constructs, guard and validations, synthesize, check against the provider schema.
// Prints one JSON line: { ms, cpuMs, maxRssKb, stacks }. Usage: node dist/bench/synth-ours.js <config.json> <outdir>
import { loadEnvironmentsConfig } from '../src/config';
import { synthesizeEnvironments } from '../stacks/app';

function main(): void {
  const [configFile, outdir] = process.argv.slice(2);
  const start = process.hrtime.bigint();
  const result = synthesizeEnvironments(loadEnvironmentsConfig(configFile), { outdir });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const usage = process.resourceUsage();
  const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
  process.stdout.write(`${JSON.stringify({ ms, cpuMs, maxRssKb: usage.maxRSS, stacks: result.stacks.length })}\n`);
}

main();
