// The cdktf app entry (`npm run synth`, `cdktf synth|deploy`, `vcd-token bootstrap --synth`): loads
// stacks/environments.json (or $VCD_ENVIRONMENTS_FILE), builds every stack and synthesizes to cdktf.out (or
// $CDKTF_OUTDIR), with the VCD URLs of $VCD_URL_OVERRIDES ({"<env>": "https://…/api"}) instead of the configured
// ones. `--hcl` or VCD_SYNTH_HCL=1 writes formatted HCL instead of JSON. Bad input prints its message and exits 2.
// `--list-stacks --json` prints the synthesized stacks as one line of JSON instead of the text list (for CI
// matrices: one job per tenant stack, with the secret each one reads), `--env <name>` lists only that environment.
import './disable-checkpoint'; // first: before anything loads cdktf
import * as path from 'node:path';
import { isConfigError, loadEnvironmentsConfig } from '../src/config';
import { isVcdApiTokensError } from '../src/errors';
import { vcdUrlOverridesFromEnvironment, VCD_ENVIRONMENTS_FILE_ENV } from '../src/synth/app-environment';
import { projectRoot } from '../src/synth/project-root';
import { isCdktfValidationFailure } from '../src/synth/synthesize-app';
import { apiTokenVariableName, serviceAccountTokenVariableName } from '../src/bootstrap/target-variables';
import { synthesizeEnvironments, type SynthesisResult } from './app';

export const CONFIG_ERROR_EXIT_CODE = 2;

export function main(argv: readonly string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): number {
  const args = parseMainArguments(argv);
  if (typeof args === 'string') {
    process.stderr.write(`${args}\nusage: node dist/stacks/main.js [--hcl] [--list-stacks [--json] [--env <name>]]\n`);
    return CONFIG_ERROR_EXIT_CODE;
  }
  const hclOutput = args.hcl || env.VCD_SYNTH_HCL === '1' || env.VCD_SYNTH_HCL === 'true';
  const configured = env[VCD_ENVIRONMENTS_FILE_ENV];
  const file = configured ? path.resolve(configured) : path.join(projectRoot(), 'stacks', 'environments.json');
  try {
    const vcdUrlOverrides = vcdUrlOverridesFromEnvironment(env);
    const config = loadEnvironmentsConfig(file);
    if (args.env !== undefined && !config.environments.some((e) => e.name === args.env)) {
      process.stderr.write(`--env ${JSON.stringify(args.env)} is not an environment of ${file}; it defines ${config.environments.map((e) => e.name).join(', ')}.\n`);
      return CONFIG_ERROR_EXIT_CODE;
    }
    const result = synthesizeEnvironments(config, { hclOutput, vcdUrlOverrides, ...(env.CDKTF_OUTDIR ? { outdir: env.CDKTF_OUTDIR } : {}) });
    if (args.listStacks && args.json) {
      process.stdout.write(`${JSON.stringify(stackList(result, config, args.env))}\n`);
      return 0;
    }
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

interface MainArguments {
  readonly hcl: boolean;
  readonly listStacks: boolean;
  readonly json: boolean;
  readonly env?: string;
}

function parseMainArguments(argv: readonly string[]): MainArguments | string {
  const args: { hcl: boolean; listStacks: boolean; json: boolean; env?: string } = { hcl: false, listStacks: false, json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--hcl') args.hcl = true;
    else if (a === '--list-stacks') args.listStacks = true;
    else if (a === '--json') args.json = true;
    else if (a === '--env' && argv[i + 1] !== undefined) args.env = argv[++i];
    else return `unknown argument: ${/^--?[a-z-]{1,30}$/.test(a) ? a : '(not shown)'}`;
  }
  if (args.json && !args.listStacks) return '--json goes with --list-stacks';
  if (args.env !== undefined && !args.listStacks) return '--env goes with --list-stacks';
  return args;
}

/**
 * The stacks as CI wants them: every stack, and the tenant stacks alone with the environment, tenant, state
 * backend and the CI secret each reads (VCD_API_TOKEN_<ENV>_<TENANT>), so a matrix can be built from the config.
 * Tenants that deploy as a service account are listed apart (`serviceAccountStacks`, secret
 * VCD_SA_TOKEN_<ENV>_<TENANT>): their job writes the rotated token back, so it runs differently.
 */
export function stackList(result: SynthesisResult, config: ReturnType<typeof loadEnvironmentsConfig>, onlyEnv?: string) {
  const backendOf = (environment: string) => config.environments.find((e) => e.name === environment)?.backend.type ?? 'local';
  const identityOf = (environment: string, tenant: string) => config.environments.find((e) => e.name === environment)?.tenants.find((t) => t.name === tenant)?.identity;
  const tenantFields = (environment: string, tenant: string) => {
    const identity = identityOf(environment, tenant);
    return identity?.type === 'serviceAccount'
      ? { tenant, identity: identity.type, serviceAccount: identity.name, tokenVariable: serviceAccountTokenVariableName(environment, tenant) }
      : { tenant, identity: 'apiToken' as const, tokenVariable: apiTokenVariableName(environment, tenant) };
  };
  const stacks = result.stacks
    .filter((s) => onlyEnv === undefined || s.environment === onlyEnv)
    .map((s) => ({
      name: s.name,
      environment: s.environment,
      kind: s.kind,
      ...(s.tenant !== undefined ? tenantFields(s.environment, s.tenant) : {}),
      authType: s.authType,
      backend: backendOf(s.environment),
      dir: s.dir,
    }));
  return {
    outdir: result.outdir,
    stacks,
    tenantStacks: stacks.filter((s) => s.kind === 'tenant' && 'identity' in s && s.identity === 'apiToken'),
    serviceAccountStacks: stacks.filter((s) => s.kind === 'tenant' && 'identity' in s && s.identity === 'serviceAccount'),
    platformStacks: stacks.filter((s) => s.kind === 'platform'),
  };
}

if (require.main === module) {
  process.exitCode = main();
}
