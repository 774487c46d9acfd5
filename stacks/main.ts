// The cdktf app entry (`npm run synth`, `cdktf synth|deploy`): loads stacks/environments.json (or
// $VCD_ENVIRONMENTS_FILE), builds every stack and synthesizes to cdktf.out (or $CDKTF_OUTDIR).
// `--hcl` or VCD_SYNTH_HCL=1 writes formatted HCL instead of JSON. A bad config prints its message and exits 2.
import './disable-checkpoint'; // first: before anything loads cdktf
import * as path from 'node:path';
import { isConfigError, loadEnvironmentsConfig } from '../src/config';
import { VcdConstructError } from '../src/constructs';
import { synthesizeEnvironments } from './app';
import { projectRoot } from './project-root';
import { SynthError } from '../src/synth/synth-error';

export const CONFIG_ERROR_EXIT_CODE = 2;

export function main(argv: readonly string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): number {
  const unknown = argv.filter((a) => a !== '--hcl');
  if (unknown.length > 0) {
    process.stderr.write(`unknown argument(s): ${unknown.join(' ')}\nusage: node dist/stacks/main.js [--hcl]\n`);
    return CONFIG_ERROR_EXIT_CODE;
  }
  const hclOutput = argv.includes('--hcl') || env.VCD_SYNTH_HCL === '1' || env.VCD_SYNTH_HCL === 'true';
  const file = env.VCD_ENVIRONMENTS_FILE ? path.resolve(env.VCD_ENVIRONMENTS_FILE) : path.join(projectRoot(), 'stacks', 'environments.json');
  try {
    const config = loadEnvironmentsConfig(file);
    const result = synthesizeEnvironments(config, { hclOutput });
    const rel = (p: string): string => path.relative(process.cwd(), p) || '.';
    process.stdout.write(`synthesized ${result.stacks.length} stacks from ${rel(file)} into ${rel(result.outdir)}${hclOutput ? ' (HCL)' : ''}:\n`);
    for (const s of result.stacks) process.stdout.write(`  ${s.name.padEnd(24)} ${s.authType.padEnd(10)} ${rel(s.dir)}\n`);
    return 0;
  } catch (err) {
    if (isConfigError(err) || err instanceof SynthError) {
      process.stderr.write(`${err.message}\n`);
      return CONFIG_ERROR_EXIT_CODE;
    }
    if (VcdConstructError.isVcdConstructError(err) || isCdktfValidationFailure(err)) {
      // Bad input found by the constructs or by their validations (e.g. the auth guard): a message for the
      // user, not a crash, so no stack trace.
      process.stderr.write(`synth stopped: ${err.message.trim()}\n`);
      return CONFIG_ERROR_EXIT_CODE;
    }
    throw err;
  }
}

// cdktf 0.21 reports failed construct validations and error annotations as plain Errors; only their wording
// tells them apart from real crashes.
const CDKTF_VALIDATION_FAILURE = /^(Validation failed with the following errors:|App-level validation failed with the following errors:|Encountered Annotations with level "ERROR":)/;

function isCdktfValidationFailure(err: unknown): err is Error {
  return err instanceof Error && CDKTF_VALIDATION_FAILURE.test(err.message);
}

if (require.main === module) {
  process.exitCode = main();
}
