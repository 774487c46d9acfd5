// `vcd-token enroll`: a person, once per tenant, puts the tenant's API token where pipelines read it (a GitHub
// Actions secret, a GitLab CI/CD variable, or the token dir), so that CI never holds a password.
import { TOKEN_INPUT_OPTIONS, COMMON_OPTIONS } from '../arguments';
import type { CliCommand } from '../command';
import { runStoreEnrollment, TARGET_OPTIONS } from '../store-enrollment';
import { STORE_OPTIONS } from '../store-options';

export const enrollCommand: CliCommand = {
  name: 'enroll',
  summary: 'Store a tenant API token where pipelines read it (GitHub secret, GitLab variable, token dir)',
  usage: [
    'vcd-token enroll --env <env> [--tenant <t>]... [--to file|github|gitlab] [store flags] [--token-stdin] [--json]',
    '',
    "Per tenant of the environment: log in as its automationUser (VCD_PASSWORD_<ENV>_<TENANT>, VCD_PASSWORD or",
    '--password-stdin), create vcd-api-tokens-<env>-<tenant>, prove it with an exchange, write it as',
    'VCD_API_TOKEN_<ENV>_<TENANT> to the store and wait for the store to confirm it; then revoke older tokens of',
    'that name. If the store write fails, the new token is revoked and the old one stays.',
    'With --token-stdin (one tenant; orgs that require MFA): a token made in the VCD UI is verified and stored.',
    '  --to file    <token dir>/<env>-<tenant>.json and .env (the default)',
    '  --to github  --repo owner/name [--environment <name>]: token in GH_TOKEN or GITHUB_TOKEN with "Secrets:',
    '               read and write" (the workflow\'s own GITHUB_TOKEN cannot write secrets); GITHUB_API_URL for GHES',
    '  --to gitlab  --project <id|path> [--environment-scope <scope>] [--gitlab-url <url>]: token in GITLAB_TOKEN',
    '               with the api scope and the Maintainer role; masked, protected and raw',
    'Prints names, ids and where the token went, never the token.',
  ],
  options: { ...COMMON_OPTIONS, ...TARGET_OPTIONS, 'token-stdin': TOKEN_INPUT_OPTIONS['token-stdin'], ...STORE_OPTIONS },
  run: (ctx) => runStoreEnrollment(ctx, 'enroll'),
};
