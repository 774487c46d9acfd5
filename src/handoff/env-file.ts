// Env-file handoff for later pipeline steps (`set -a; . file; set +a`, `docker --env-file`, dotenv).
// Format: one `NAME=value` per line, unquoted. Values are restricted to a charset that means the same
// thing in every one of those readers (no quotes, spaces, `$`, backticks or newlines), so no quoting
// rules can be got wrong; anything else is refused rather than escaped.
import * as fs from 'node:fs';
import { writeFileAtomic } from './atomic-write';
import { assertSafeSecretLocation } from './file-location';
import { HandoffError } from './handoff-error';
import { revealSecret, SecretInput } from './secret-value';

const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
const VALUE_PATTERN = /^[A-Za-z0-9._~+/=:@%-]*$/;

/** The variables a token is exported as: the provider's env var and the Terraform variable `vcd_api_token`. */
export const TOKEN_ENV_NAMES = ['VCD_API_TOKEN', 'TF_VAR_vcd_api_token'] as const;

export function formatEnvFile(entries: Readonly<Record<string, SecretInput>>): string {
  const lines: string[] = [];
  for (const [name, secret] of Object.entries(entries)) {
    if (!NAME_PATTERN.test(name)) {
      throw new HandoffError('HANDOFF_UNSAFE_VALUE', `Invalid environment variable name ${JSON.stringify(name)}.`);
    }
    const value = revealSecret(secret);
    if (!VALUE_PATTERN.test(value)) {
      throw new HandoffError('HANDOFF_UNSAFE_VALUE', `The value for ${name} contains characters that are not safe in an env-file (allowed: letters, digits and ._~+/=:@%-); refusing to write it.`);
    }
    lines.push(`${name}=${value}`);
  }
  return `${lines.join('\n')}\n`;
}

export interface WriteEnvFileOptions {
  /** Allow a location inside a git work tree or cdktf.out. @default false */
  readonly force?: boolean;
}

/** Writes an env-file atomically with mode 0600. */
export async function writeEnvFile(file: string, entries: Readonly<Record<string, SecretInput>>, options: WriteEnvFileOptions = {}): Promise<void> {
  const text = formatEnvFile(entries);
  assertSafeSecretLocation(file, { force: options.force });
  if (alreadyWritten(file, text)) return; // a reused token must not cost an fsync per environment
  await writeFileAtomic(file, text, { mode: 0o600, createDirectory: true });
}

/**
 * True when `file` is a private (0600-or-stricter) regular file holding exactly `text`. Synchronous on purpose:
 * for a file this small the thread-pool round trips of fs.promises cost ten times the CPU of the calls.
 */
function alreadyWritten(file: string, text: string): boolean {
  try {
    const stat = fs.lstatSync(file);
    return stat.isFile() && (stat.mode & 0o077) === 0 && fs.readFileSync(file, 'utf8') === text;
  } catch {
    return false;
  }
}

/** The token env-file entries: the same token under every name in TOKEN_ENV_NAMES. */
export function tokenEnvEntries(apiToken: SecretInput): Record<string, SecretInput> {
  return Object.fromEntries(TOKEN_ENV_NAMES.map((name) => [name, apiToken]));
}

/**
 * The variables a service account's token file is announced as (its path, not its content): the provider's
 * `VCD_SA_TOKEN_FILE` and the tenant stack's Terraform variable `vcd_service_account_token_file`.
 */
export const SERVICE_ACCOUNT_FILE_ENV_NAMES = ['VCD_SA_TOKEN_FILE', 'TF_VAR_vcd_service_account_token_file'] as const;

/** The env-file entries of a service-account tenant: the token file's path under every name above. */
export function serviceAccountEnvEntries(tokenFile: string): Record<string, string> {
  return Object.fromEntries(SERVICE_ACCOUNT_FILE_ENV_NAMES.map((name) => [name, tokenFile]));
}
