// The token file: the handoff between the bootstrap and Terraform. Its format is what the vmware/vcd
// provider reads for `api_token_file` and `service_account_token_file` (readers use only `refresh_token`; the
// provider rewrites a service-account file with the rotated token) plus non-secret metadata that lets
// rotate/revoke find the token on the server without listing. `token_type` says which of the two it is, and
// every reader checks it: a service-account token used as an API token (or the reverse) would be spent or
// misreported, because only service-account tokens rotate on use.
import * as fs from 'node:fs';
import { writeFileAtomic } from './atomic-write';
import { assertSafeSecretLocation } from './file-location';
import { HandoffError } from './handoff-error';
import { normalizeApiToken } from './secret-input';
import { revealSecret, SecretInput } from './secret-value';
import * as path from 'node:path';

/** Written into `updated_by`, like the provider's own `terraform-provider-vcd/<version>`. */
export const TOKEN_FILE_WRITER = 'vcd-api-tokens/0.1.0';

/** The provider's `token_type` values: "API Token" for `api_token_file`, "Service Account" for `service_account_token_file`. */
export type TokenFileType = 'API Token' | 'Service Account';
export const API_TOKEN_FILE_TYPE: TokenFileType = 'API Token';
export const SERVICE_ACCOUNT_FILE_TYPE: TokenFileType = 'Service Account';

export interface TokenFileContent {
  /** The API token or service-account token (the provider's field name: it is an OAuth refresh token). */
  readonly apiToken: SecretInput;
  /** @default "API Token" */
  readonly tokenType?: TokenFileType;
  /** `urn:vcloud:token:<uuid>`, or `urn:vcloud:serviceAccount:<uuid>` for a service account. */
  readonly tokenId?: string;
  readonly tokenName?: string;
  /** The org the token belongs to (System for provider tokens). */
  readonly org?: string;
  readonly vcdUrl?: string;
}

export interface TokenFileRecord {
  /** The API token as read from the file. Handle with care: never print or log it. */
  readonly apiToken: string;
  /** The file's `token_type`; undefined for a bare `{"refresh_token": …}` (the provider's input format). */
  readonly tokenType?: TokenFileType;
  readonly tokenId?: string;
  readonly tokenName?: string;
  readonly org?: string;
  readonly vcdUrl?: string;
  readonly updatedOn?: string;
}

export interface WriteTokenFileOptions {
  /** Allow a location inside a git work tree or cdktf.out. @default false */
  readonly force?: boolean;
  /** Timestamp to record (tests). @default new Date() */
  readonly now?: Date;
  /** Called with the temporary file before it is renamed into place (tests simulate a crash there). @default - none */
  readonly beforeRename?: (tempPath: string) => void | Promise<void>;
}

/** RFC 3339 with the local offset, as the provider writes it (`2023-04-18T14:33:07+02:00`). */
function rfc3339(date: Date): string {
  const pad = (n: number) => String(Math.trunc(Math.abs(n))).padStart(2, '0');
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}${sign}${pad(offset / 60)}:${pad(offset % 60)}`;
}

export function formatTokenFile(content: TokenFileContent, now: Date = new Date()): string {
  const doc: Record<string, string> = {
    token_type: content.tokenType ?? API_TOKEN_FILE_TYPE,
    refresh_token: revealSecret(content.apiToken),
    updated_by: TOKEN_FILE_WRITER,
    updated_on: rfc3339(now),
  };
  if (content.tokenId !== undefined) doc.token_id = content.tokenId;
  if (content.tokenName !== undefined) doc.token_name = content.tokenName;
  if (content.org !== undefined) doc.org = content.org;
  if (content.vcdUrl !== undefined) doc.vcd_url = content.vcdUrl;
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** Writes the token file atomically with mode 0600 (an existing file's looser mode is replaced). */
export async function writeTokenFile(file: string, content: TokenFileContent, options: WriteTokenFileOptions = {}): Promise<void> {
  assertSafeSecretLocation(file, { force: options.force });
  await writeFileAtomic(file, formatTokenFile(content, options.now), { mode: 0o600, createDirectory: true, beforeRename: options.beforeRename });
}

/** Refuses files that group or others can read: a token that others could read must be treated as leaked. */
export function assertPrivateFile(file: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new HandoffError('HANDOFF_UNREADABLE', code === 'ENOENT' ? `Token file ${file} does not exist.` : `Cannot access token file ${file} (${code}).`, { path: file, cause: err });
  }
  if (stat.isDirectory()) {
    throw new HandoffError('HANDOFF_UNREADABLE', `${file} is a directory, not a token file. Give the path of the token file itself (e.g. ${path.join(file, '<env>-<tenant>.json')}).`, { path: file });
  }
  if (!stat.isFile()) {
    // A FIFO or device would block or stream forever; a token file is a regular file.
    throw new HandoffError('HANDOFF_UNREADABLE', `${file} is not a regular file (a pipe, socket or device), so it is not a token file. Give the path of a token file.`, { path: file });
  }
  if ((stat.mode & 0o044) !== 0) {
    throw new HandoffError(
      'HANDOFF_INSECURE_PERMISSIONS',
      `Refusing to read ${file}: it is readable by group or others (mode ${(stat.mode & 0o777).toString(8).padStart(4, '0')}). Run \`chmod 600 ${file}\`, and consider the token leaked if others had access (rotate it).`,
      { path: file },
    );
  }
}

export interface ReadTokenFileOptions {
  /** The kind of token the caller will use; a file whose `token_type` says otherwise is refused. @default "API Token" */
  readonly expect?: TokenFileType;
}

/**
 * Reads a token file (ours or the provider's `{"refresh_token": …}`), refusing group/other-readable files and a
 * file whose `token_type` is not the kind the caller expects (`HANDOFF_WRONG_TOKEN_TYPE`).
 */
export function readTokenFile(file: string, options: ReadTokenFileOptions = {}): TokenFileRecord {
  assertPrivateFile(file);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new HandoffError('HANDOFF_UNREADABLE', `Cannot read token file ${file} (${(err as NodeJS.ErrnoException).code}).`, { path: file, cause: err });
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    // Never echo the parser message: it quotes file content, which is the secret.
    throw new HandoffError('HANDOFF_MALFORMED', `Token file ${file} is not valid JSON; expected {"refresh_token": "..."}.`, { path: file });
  }
  const record = doc as Record<string, unknown>;
  if (typeof doc !== 'object' || doc === null || typeof record.refresh_token !== 'string' || record.refresh_token.length === 0) {
    throw new HandoffError('HANDOFF_MALFORMED', `Token file ${file} has no "refresh_token" string; expected {"refresh_token": "..."}.`, { path: file });
  }
  const token = normalizeApiToken(record.refresh_token);
  if (!token.ok) throw new HandoffError('HANDOFF_MALFORMED', `Token file ${file}: "refresh_token" ${token.problem}.`, { path: file });
  const optional = (key: string) => (typeof record[key] === 'string' ? (record[key] as string) : undefined);
  const tokenType = record.token_type as TokenFileType | undefined;
  if (tokenType !== undefined && tokenType !== API_TOKEN_FILE_TYPE && tokenType !== SERVICE_ACCOUNT_FILE_TYPE) {
    throw new HandoffError('HANDOFF_MALFORMED', `Token file ${file} has an unknown "token_type"; expected "${API_TOKEN_FILE_TYPE}" or "${SERVICE_ACCOUNT_FILE_TYPE}".`, { path: file });
  }
  const expected = options.expect ?? API_TOKEN_FILE_TYPE;
  if (tokenType !== undefined && tokenType !== expected) throw wrongTokenType(file, tokenType);
  return {
    apiToken: token.token,
    ...(tokenType !== undefined ? { tokenType } : {}),
    tokenId: optional('token_id'),
    tokenName: optional('token_name'),
    org: optional('org'),
    vcdUrl: optional('vcd_url'),
    updatedOn: optional('updated_on'),
  };
}

/** Reads a service account's token file (`token_type` "Service Account", or none). */
export function readServiceAccountTokenFile(file: string): TokenFileRecord {
  return readTokenFile(file, { expect: SERVICE_ACCOUNT_FILE_TYPE });
}

function wrongTokenType(file: string, found: TokenFileType): HandoffError {
  const message =
    found === SERVICE_ACCOUNT_FILE_TYPE
      ? `Token file ${file} holds a service-account token (token_type "${found}"), not an API token. A service-account token changes on every use, so it works only where the new one is saved: use it with the vcd-token service-account commands, bootstrap, or the provider's service_account_token_file.`
      : `Token file ${file} holds an API token (token_type "${found}"), not a service-account token. Give the service account's token file (written by vcd-token service-account authorize), or use this file where an API token belongs (api_token_file, --token-file of the token commands).`;
  return new HandoffError('HANDOFF_WRONG_TOKEN_TYPE', message, { path: file });
}
