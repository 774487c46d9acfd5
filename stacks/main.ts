// The cdktf app entry (`npm run synth`, `cdktf synth|deploy`, `vcd-token bootstrap --synth`): loads
// stacks/environments.json (or $VCD_ENVIRONMENTS_FILE), builds every stack and synthesizes to cdktf.out (or
// $CDKTF_OUTDIR), with the VCD URLs of $VCD_URL_OVERRIDES ({"<env>": "https://…/api"}) instead of the configured
// ones. `--hcl` or VCD_SYNTH_HCL=1 writes formatted HCL instead of JSON. Bad input prints its message and exits 2.
import './disable-checkpoint'; // first: before anything loads cdktf
import * as path from 'node:path';
import { isConfigError, loadEnvironmentsConfig } from '../src/config';
import { isVcdApiTokensError } from '../src/errors';
import { isCdktfValidationFailure, projectRoot, vcdUrlOverridesFromEnvironment, VCD_ENVIRONMENTS_FILE_ENV } from '../src/synth';
import { synthesizeEnvironments } from './app';

export const CONFIG_ERROR_EXIT_CODE = 2;

export function main(argv: readonly string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): number {
  const unknown = argv.filter((a) => a !== '--hcl');
  if (unknown.length > 0) {
    process.stderr.write(`unknown argument(s): ${unknown.join(' ')}\nusage: node dist/stacks/main.js [--hcl]\n`);
    return CONFIG_ERROR_EXIT_CODE;
  }
  const hclOutput = argv.includes('--hcl') || env.VCD_SYNTH_HCL === '1' || env.VCD_SYNTH_HCL === 'true';
  const configured = env[VCD_ENVIRONMENTS_FILE_ENV];
  const file = configured ? path.resolve(configured) : path.join(projectRoot(), 'stacks', 'environments.json');
  try {
    const vcdUrlOverrides = vcdUrlOverridesFromEnvironment(env);
    const config = loadEnvironmentsConfig(file);
    const result = synthesizeEnvironments(config, { hclOutput, vcdUrlOverrides, ...(env.CDKTF_OUTDIR ? { outdir: env.CDKTF_OUTDIR } : {}) });
    const rel = (p: string): string => path.relative(process.cwd(), p) || '.';
    process.stdout.write(`synthesized ${result.stacks.length} stacks from ${rel(file)} into ${rel(result.outdir)}${hclOutput ? ' (HCL)' : ''}:\n`);
    for (const s of result.stacks) process.stdout.write(`  ${s.name.padEnd(24)} ${s.authType.padEnd(10)} ${rel(s.dir)}\n`);
    return 0;
  } catch (err) {
    if (isConfigError(err)) {
      // Already names the file, the field and what is expected.
      process.stderr.write(`${err.message}\n`);
      return CONFIG_ERROR_EXIT_CODE;
    }
    if (isVcdApiTokensError(err) || isCdktfValidationFailure(err)) {
      // Bad input (config, constructs, their validations such as the auth guard, the schema check): a message
      // for the user, not a crash, so no stack trace.
      process.stderr.write(`synth stopped: ${err.message.trim()}\n`);
      return CONFIG_ERROR_EXIT_CODE;
    }
    throw err;
  }
}

if (require.main === module) {
  process.exitCode = main();
}
