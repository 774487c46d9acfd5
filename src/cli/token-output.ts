// Handing a newly minted secret to its destinations, in the order that keeps it out of logs:
// 1. GitHub Actions: `::add-mask::` before any other output; 2. the token file (0600, atomic);
// 3. the env-file; 4. $GITHUB_ENV only with --github-env (heredoc, random delimiter); 5. stdout only with --reveal.
// $GITHUB_ENV is opt-in: VCD_API_TOKEN in every later step of the job silently turns a later password-auth deploy
// (the platform stack) into a token-authenticated one, because the provider prefers the token.
import {
  addMaskCommand,
  appendGithubEnv,
  CiEnvironment,
  detectCi,
  HandoffError,
  isCi,
  tokenEnvEntries,
  writeEnvFile,
  writeTokenFile,
  TokenFileContent,
} from '../handoff';
import { assertSafeSecretLocation, assertWritableLocation } from '../handoff/file-location';
import { booleanOption, OptionSpecs, ParsedArguments, stringOption } from './arguments';
import type { CliIo, CliOutput } from './cli-io';
import { resolvePath } from './connection';
import { CliUsageError } from './usage-error';

// Not `--env-file`: Node 20 consumes `--env-file` anywhere on its command line, even after the script name.
export const TOKEN_OUTPUT_OPTIONS: OptionSpecs = {
  'env-output': { type: 'string', valueName: 'path', description: 'Also write VCD_API_TOKEN= and TF_VAR_vcd_api_token= to this env-file (0600)' },
  'github-env': { type: 'boolean', description: 'On GitHub Actions, also export VCD_API_TOKEN and TF_VAR_vcd_api_token to $GITHUB_ENV for later steps' },
  'no-github-env': { type: 'boolean', description: 'Accepted for old scripts: $GITHUB_ENV is not written unless --github-env' },
  reveal: { type: 'boolean', description: 'Print the token on stdout (refused in CI unless --force)' },
  force: { type: 'boolean', description: 'Allow --reveal in CI and token files inside a git work tree or cdktf.out' },
};

export interface TokenOutputPlan {
  readonly ci: CiEnvironment;
  readonly tokenFile: string;
  readonly envFile?: string;
  readonly githubEnv?: string;
  readonly reveal: boolean;
  readonly force: boolean;
}

/** Decides and checks every destination before any token exists (so refusals cost no token). */
export function planTokenOutput(values: ParsedArguments['values'], io: CliIo, tokenFile: string): TokenOutputPlan {
  const ci = detectCi(io.env);
  const force = booleanOption(values, 'force');
  const reveal = booleanOption(values, 'reveal');
  if (reveal && isCi(ci) && !force) {
    throw new HandoffError(
      'HANDOFF_REVEAL_REFUSED',
      `--reveal is refused in CI (${ci.kind}): CI logs keep stdout${ci.kind === 'github-actions' ? '' : ' and cannot mask a secret minted at run time'}. Use the token file or --env-output instead, or add --force if you really must.`,
    );
  }
  const envFileOption = stringOption(values, 'env-output');
  const envFile = envFileOption === undefined ? undefined : resolvePath(io, envFileOption);
  for (const file of [tokenFile, envFile]) {
    if (file === undefined) continue;
    assertSafeSecretLocation(file, { force });
    assertWritableLocation(file);
  }
  if (booleanOption(values, 'github-env') && booleanOption(values, 'no-github-env')) throw new CliUsageError('--github-env and --no-github-env contradict each other; give one.');
  const githubEnv = ci.kind === 'github-actions' && booleanOption(values, 'github-env') ? ci.githubEnvFile : undefined;
  return { ci, tokenFile, envFile, githubEnv, reveal, force };
}

/** Registers a new secret with the CI log masker (GitHub Actions) before anything else is printed. */
export function maskNewSecret(plan: Pick<TokenOutputPlan, "ci">, out: CliOutput, secret: string): void {
  if (plan.ci.kind === 'github-actions') out.raw(addMaskCommand(secret));
}

export async function deliverToken(plan: TokenOutputPlan, out: CliOutput, content: TokenFileContent & { apiToken: { reveal(): string } }): Promise<void> {
  const value = content.apiToken.reveal();
  maskNewSecret(plan, out, value);
  await writeTokenFile(plan.tokenFile, content, { force: plan.force });
  if (plan.envFile) await writeEnvFile(plan.envFile, tokenEnvEntries(value), { force: plan.force });
  if (plan.githubEnv) appendGithubEnv(plan.githubEnv, tokenEnvEntries(value));
  if (plan.reveal) out.raw(`${value}\n`);
}
