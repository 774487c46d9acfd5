// The `--to` flags of `enroll` and `rotate`, and the SecretStore they open. Store tokens come from the
// environment only (GH_TOKEN / GITHUB_TOKEN, GITLAB_TOKEN); the stores register them for redaction.
import * as path from 'node:path';
import { apiTokenVariableName, defaultTokenDir, serviceAccountTokenVariableName } from '../bootstrap';
import { FileSecretStore, GitHubSecretStore, GitLabVariableStore, type SecretStore } from '../stores';
import { booleanOption, type OptionSpecs, type ParsedArguments, stringOption } from './arguments';
import type { CliIo } from './cli-io';
import { resolvePath } from './connection';
import { CliUsageError } from './usage-error';

export const STORE_OPTIONS: OptionSpecs = {
  to: { type: 'string', valueName: 'file|github|gitlab', description: 'Where the token goes [default: file]' },
  'token-dir': { type: 'string', valueName: 'dir', description: '--to file: the directory of <env>-<tenant>.json/.env (env VCD_TOKEN_DIR)' },
  repo: { type: 'string', valueName: 'owner/name', description: '--to github: the repository (token from GH_TOKEN or GITHUB_TOKEN; API from GITHUB_API_URL)' },
  environment: { type: 'string', valueName: 'name', description: '--to github: an environment\'s secrets instead of the repository\'s ({env} and {tenant} are replaced)' },
  project: { type: 'string', valueName: 'id|path', description: '--to gitlab: the project (token from GITLAB_TOKEN)' },
  'environment-scope': { type: 'string', valueName: 'scope', description: '--to gitlab: the variable\'s environment scope [default: *] ({env} and {tenant} are replaced)' },
  'gitlab-url': { type: 'string', valueName: 'url', description: '--to gitlab: the GitLab URL [default: CI_API_V4_URL, else https://gitlab.com]' },
  'no-protect': { type: 'boolean', description: '--to gitlab: also give the variable to unprotected branches (default: protected only)' },
  force: { type: 'boolean', description: '--to file: allow a directory inside a git work tree or cdktf.out' },
};

export interface StoreTarget {
  readonly env: string;
  readonly tenant: string;
}

/** Opens the store for one target (GitHub environments and GitLab scopes may differ per tenant). */
export type StoreFactory = (target: StoreTarget) => SecretStore;

const placeholders = (text: string, target: StoreTarget) => text.split('{env}').join(target.env).split('{tenant}').join(target.tenant);

/**
 * Checks the --to flags up front (before any token exists) and returns a factory for each target's store.
 * `ownFlags`: flags the command itself also uses (e.g. `--force` for a token file), never reported as stray.
 */
export function storeFactory(values: ParsedArguments['values'], io: CliIo, debugLog?: (line: string) => void, timeoutMs?: number, ownFlags: readonly string[] = []): { kind: string; open: StoreFactory } {
  const to = stringOption(values, 'to') ?? 'file';
  const given = (name: string) => !ownFlags.includes(name) && (stringOption(values, name) !== undefined || booleanOption(values, name));
  const allowed: Record<string, readonly string[]> = { file: ['token-dir', 'force'], github: ['repo', 'environment'], gitlab: ['project', 'environment-scope', 'gitlab-url', 'no-protect'] };
  if (!(to in allowed)) throw new CliUsageError(`--to must be file, github or gitlab (got ${JSON.stringify(to.slice(0, 20))}).`);
  const stray = Object.values(allowed).flat().filter((flag) => !allowed[to].includes(flag) && given(flag));
  if (stray.length > 0) throw new CliUsageError(`${stray.map((f) => `--${f}`).join(', ')} ${stray.length === 1 ? 'does' : 'do'} not apply to --to ${to}.`);
  // One timeout for the command (--timeout / VCD_TIMEOUT), for VCD and the store alike.
  const common = { env: io.env, ...(debugLog ? { debugLog } : {}), ...(timeoutMs !== undefined ? { timeoutMs } : {}) };
  if (to === 'github') {
    const repository = stringOption(values, 'repo');
    if (!repository) throw new CliUsageError('--to github needs --repo owner/name.');
    const environment = stringOption(values, 'environment');
    return { kind: to, open: (t) => new GitHubSecretStore({ ...common, repository, ...(environment !== undefined ? { environment: placeholders(environment, t) } : {}) }) };
  }
  if (to === 'gitlab') {
    const project = stringOption(values, 'project') ?? (io.env.CI_PROJECT_ID || undefined);
    if (!project) throw new CliUsageError('--to gitlab needs --project <id|group/project> (or CI_PROJECT_ID).');
    const scope = stringOption(values, 'environment-scope');
    const url = stringOption(values, 'gitlab-url');
    // Checked here to name the flag; the value is not echoed (it could carry credentials).
    if (url !== undefined && !/^https:\/\/[^/@\s?#]+(\/[^\s?#@]*)?$/i.test(url)) {
      throw new CliUsageError('--gitlab-url must be the https URL of the GitLab instance, without credentials or query, e.g. https://gitlab.example.com.');
    }
    return {
      kind: to,
      open: (t) => new GitLabVariableStore({ ...common, project, protected: !booleanOption(values, 'no-protect'), ...(scope !== undefined ? { environmentScope: placeholders(scope, t) } : {}), ...(url !== undefined ? { apiUrl: url } : {}) }),
    };
  }
  const dirOption = stringOption(values, 'token-dir');
  const directory = dirOption ? resolvePath(io, dirOption) : defaultTokenDir(io.env, io.cwd);
  return {
    kind: to,
    open: (t) => new FileSecretStore({ directory: path.resolve(directory), force: booleanOption(values, 'force'), fileBaseName: (name) => (name === apiTokenVariableName(t.env, t.tenant) || name === serviceAccountTokenVariableName(t.env, t.tenant) ? `${t.env}-${t.tenant}` : name) }),
  };
}
