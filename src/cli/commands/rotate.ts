// `vcd-token rotate`: replace the token in a token file with a new one of the same name, then revoke the old
// one and any orphans. Concurrent rotations of one file on one host are serialised by `<file>.lock`.
import { rotateApiToken } from '../../bootstrap';
import { describeCleanup } from '../../bootstrap/replaced-tokens';
import { appendGithubEnv, detectCi, tokenEnvEntries, writeEnvFile } from '../../handoff';
import { booleanOption, checkedTokenName, COMMON_OPTIONS, CONNECTION_OPTIONS, numberOption, stringOption } from '../arguments';
import type { CliCommand } from '../command';
import { requirePassword, requireUser, resolveConnection, resolvePath, tokenFileFallback } from '../connection';
import { EXIT_CODES } from '../exit-codes';
import { closeQuietly, openClient } from '../session';
import { maskNewSecret, planTokenOutput, TOKEN_OUTPUT_OPTIONS } from '../token-output';
import { CliUsageError } from '../usage-error';
import { readTokenFile } from '../../handoff';
import { runStoreEnrollment, TARGET_OPTIONS } from '../store-enrollment';
import { STORE_OPTIONS } from '../store-options';

export const rotateCommand: CliCommand = {
  name: 'rotate',
  summary: 'Rotate an API token: in a token file, or the CI-held tokens of an environment (--env … --to …)',
  usage: [
    'vcd-token rotate --token-file <path> [--env-output <path>] [--json]',
    'vcd-token rotate --env <env> [--tenant <t>]... --to file|github|gitlab [store flags] [--json]',
    '',
    'Needs a password login: API-token sessions cannot create tokens.',
    'With --token-file: VCD_USER and VCD_PASSWORD (or --password-stdin); the URL and org default to the token',
    "file's vcd_url and org.",
    "With --env: per tenant, its automationUser's password (VCD_PASSWORD_<ENV>_<TENANT> or VCD_PASSWORD); a new",
    'token is verified, written to the store (see `vcd-token enroll --help` for the store flags and tokens) and',
    'confirmed there, and only then are the old token and leftovers of its name revoked. If the store write',
    'fails, the new token is revoked and the old one stays.',
    "Exit 7 if an old token's revoke is unconfirmed.",
  ],
  options: {
    ...COMMON_OPTIONS,
    ...CONNECTION_OPTIONS,
    ...TARGET_OPTIONS,
    ...STORE_OPTIONS,
    'token-file': { type: 'string', valueName: 'path', description: 'The token file to rotate (env VCD_API_TOKEN_FILE)' },
    name: { type: 'string', valueName: 'name', description: 'Token name if the file does not record one' },
    'lock-timeout': {
      type: 'string',
      valueName: 'seconds',
      description: 'How long to wait for a concurrent rotation, 0 to 86400 [default: 120]',
      number: { unit: 'seconds', min: 0, max: 86_400, default: 120 },
    },
    ...TOKEN_OUTPUT_OPTIONS,
  },
  async run(ctx) {
    const { io, out, values } = ctx;
    if (stringOption(values, 'env') !== undefined || stringOption(values, 'to') !== undefined) {
      if (stringOption(values, 'token-file') !== undefined) throw new CliUsageError('--token-file rotates one token file; --env/--to rotate the CI-held tokens of an environment. Use one of the two.');
      return runStoreEnrollment(ctx, 'rotate');
    }
    const fileOption = stringOption(values, 'token-file') ?? (io.env.VCD_API_TOKEN_FILE || undefined);
    if (!fileOption) throw new CliUsageError('Missing --token-file <path> (or VCD_API_TOKEN_FILE): the token file to rotate.');
    const tokenFile = resolvePath(io, fileOption);
    const givenName = stringOption(values, 'name');
    const current = readTokenFile(tokenFile);
    const settings = resolveConnection(values, io, tokenFileFallback({ ...current, path: tokenFile }));
    const user = requireUser(values, io);
    const plan = planTokenOutput(values, io, tokenFile);
    const password = await requirePassword(values, io);
    const lockTimeout = numberOption(values, 'lock-timeout');
    const client = openClient(settings, io, out);
    let newToken: string | undefined;
    try {
      const result = await rotateApiToken(client, {
        tokenFile,
        org: settings.org,
        user,
        password,
        name: givenName === undefined ? undefined : checkedTokenName(givenName),
        vcdUrl: settings.url,
        force: plan.force,
        lock: lockTimeout === undefined ? undefined : { timeoutMs: Math.round(lockTimeout * 1000) },
        onNewSecret: (token) => {
          newToken = token;
          maskNewSecret(plan, out, token);
        },
      });
      if (newToken !== undefined) {
        if (plan.envFile) await writeEnvFile(plan.envFile, tokenEnvEntries(newToken), { force: plan.force });
        if (plan.githubEnv && detectCi(io.env).kind === 'github-actions') appendGithubEnv(plan.githubEnv, tokenEnvEntries(newToken));
        if (booleanOption(values, 'reveal')) out.raw(`${newToken}\n`);
      }
      const unconfirmed = result.revoked.filter((r) => r.status === 'unconfirmed');
      out.result(
        { ...result, tokenName: out.safe(result.tokenName), owner: out.safe(result.owner), org: out.safe(result.org), tokenFile },
        [
          `Rotated ${out.safe(result.tokenName)}: new token ${result.tokenId} written to ${tokenFile}`,
          ...result.revoked.map((r) => `  ${describeCleanup(r)}`),
          ...(unconfirmed.length > 0 ? ['Some revokes were not confirmed; check with `vcd-token list` and revoke again.'] : []),
        ],
      );
      return unconfirmed.length > 0 ? EXIT_CODES.REVOKE_UNCONFIRMED : EXIT_CODES.OK;
    } finally {
      await closeQuietly(client);
    }
  },
};
