// Resolves where and as whom to connect, from flags first and then the environment variables the vmware/vcd
// provider uses (VCD_URL, VCD_ORG, VCD_SYS_ORG, VCD_USER, VCD_PASSWORD, VCD_API_TOKEN, VCD_API_TOKEN_FILE,
// VCD_ALLOW_UNVERIFIED_SSL) plus VCD_CA_FILE and VCD_TIMEOUT. Secrets only from env, stdin or files.
import * as path from 'node:path';
import { readTokenFile, TokenFileRecord } from '../handoff';
import { normalizeApiToken, readSecretFromStream } from '../handoff/secret-input';
import { booleanOption, numberOption, ParsedArguments, stringOption } from './arguments';
import { CliIo, CliOutput } from './cli-io';
import { normalizeVcdApiUrl, VCD_API_URL_EXAMPLE } from '../vcd/api-url';
import { CliUsageError } from './usage-error';

export interface ConnectionSettings {
  readonly url: string;
  /** The org the token/user lives in (VCD_SYS_ORG when set, else VCD_ORG). */
  readonly org: string;
  readonly caFile?: string;
  readonly insecure: boolean;
  readonly timeoutMs?: number;
  readonly debug: boolean;
}

export function resolvePath(io: CliIo, file: string): string {
  return path.resolve(io.cwd ?? process.cwd(), file);
}

/** Where the URL and org come from when neither flag nor variable gives them: a token file's metadata. */
export interface ConnectionFallback {
  readonly url?: string;
  readonly org?: string;
  /** The token file they were read from, for messages. */
  readonly from?: string;
}

/** The URL and org a token file records, as a fallback for `resolveConnection`. */
export function tokenFileFallback(file: (TokenFileRecord & { readonly path: string }) | undefined): ConnectionFallback {
  return file === undefined ? {} : { url: file.vcdUrl, org: file.org, from: file.path };
}

export function resolveConnection(values: ParsedArguments['values'], io: CliIo, fallback: ConnectionFallback = {}): ConnectionSettings {
  const flagUrl = stringOption(values, 'url');
  const envUrl = io.env.VCD_URL || undefined;
  const given = flagUrl ?? envUrl ?? fallback.url;
  if (!given) throw new CliUsageError('No VCD URL: set VCD_URL (e.g. https://vcd.example.com/api) or pass --url.');
  const source = flagUrl !== undefined ? '--url' : envUrl !== undefined ? 'VCD_URL' : `vcd_url of ${fallback.from ?? 'the token file'}`;
  const url = checkedVcdUrl(given, source);
  const org = stringOption(values, 'sys-org') ?? (io.env.VCD_SYS_ORG || undefined) ?? stringOption(values, 'org') ?? (io.env.VCD_ORG || undefined) ?? fallback.org;
  if (!org) throw new CliUsageError('No org: set VCD_ORG (or VCD_SYS_ORG, "System" for the provider org) or pass --org.');
  const caFileOption = stringOption(values, 'ca-file') ?? (io.env.VCD_CA_FILE || undefined);
  // Checked when the arguments were parsed (flag, else VCD_TIMEOUT).
  const timeout = numberOption(values, 'timeout');
  const timeoutMs = timeout === undefined ? undefined : Math.round(timeout * 1000);
  return {
    url,
    org,
    caFile: caFileOption === undefined ? undefined : resolvePath(io, caFileOption),
    // --insecure or VCD_ALLOW_UNVERIFIED_SSL, checked when the arguments were parsed.
    insecure: booleanOption(values, 'insecure'),
    timeoutMs,
    debug: booleanOption(values, 'debug'),
  };
}

/** The URL normalised by the rule every input follows (src/vcd/api-url.ts), or a usage error naming its source. */
export function checkedVcdUrl(text: string, source: string): string {
  const result = normalizeVcdApiUrl(text);
  if (!result.ok) {
    throw new CliUsageError(`${source}: expected an https URL of the VCD API: the address, or a path ending in /api, e.g. ${VCD_API_URL_EXAMPLE} (got ${result.problem}).`);
  }
  return result.url;
}

/**
 * For commands that may authenticate with either credential (whoami, list): when the URL or org is not given,
 * the token file's metadata gives them, as it does for exchange, rotate and revoke.
 */
export function connectionWithTokenFile(values: ParsedArguments['values'], io: CliIo): ConnectionSettings {
  const urlGiven = stringOption(values, 'url') !== undefined || Boolean(io.env.VCD_URL);
  const orgGiven = [stringOption(values, 'sys-org'), io.env.VCD_SYS_ORG, stringOption(values, 'org'), io.env.VCD_ORG].some((v) => Boolean(v));
  const fileOption = stringOption(values, 'token-file') ?? (io.env.VCD_API_TOKEN_FILE || undefined);
  if ((urlGiven && orgGiven) || fileOption === undefined) return resolveConnection(values, io);
  const file = resolvePath(io, fileOption);
  return resolveConnection(values, io, tokenFileFallback({ ...readTokenFile(file), path: file }));
}

export function resolveUser(values: ParsedArguments['values'], io: CliIo): string | undefined {
  return stringOption(values, 'user') ?? (io.env.VCD_USER || undefined);
}

export function requireUser(values: ParsedArguments['values'], io: CliIo): string {
  const user = resolveUser(values, io);
  if (!user) throw new CliUsageError('No user: set VCD_USER or pass --user.');
  return user;
}

/** The password from stdin (--password-stdin) or VCD_PASSWORD; undefined when neither is given. */
export async function resolvePassword(values: ParsedArguments['values'], io: CliIo): Promise<string | undefined> {
  if (booleanOption(values, 'password-stdin')) {
    if (booleanOption(values, 'token-stdin')) throw new CliUsageError('--password-stdin and --token-stdin cannot both read stdin; pass one of the secrets in its environment variable.');
    return readSecretFromStream(io.stdin, 'the password');
  }
  return io.env.VCD_PASSWORD || undefined;
}

export async function requirePassword(values: ParsedArguments['values'], io: CliIo): Promise<string> {
  const password = await resolvePassword(values, io);
  if (password === undefined) throw new CliUsageError('No password: set VCD_PASSWORD or pass --password-stdin (never on the command line).');
  return password;
}

export interface TokenInput {
  readonly apiToken: string;
  /** Where it came from, for messages. */
  readonly source: 'stdin' | 'file' | 'env';
  /** The token file's metadata, when read from a file. */
  readonly file?: TokenFileRecord & { readonly path: string };
}

/** The API token from --token-stdin, --token-file / VCD_API_TOKEN_FILE, or VCD_API_TOKEN; undefined when none. */
export async function resolveApiToken(values: ParsedArguments['values'], io: CliIo): Promise<TokenInput | undefined> {
  if (booleanOption(values, 'token-stdin')) {
    return { apiToken: checkedApiToken(await readSecretFromStream(io.stdin, 'the API token'), 'the API token read from stdin'), source: 'stdin' };
  }
  const fileOption = stringOption(values, 'token-file') ?? (io.env.VCD_API_TOKEN_FILE || undefined);
  if (fileOption !== undefined) {
    const file = resolvePath(io, fileOption);
    const record = readTokenFile(file);
    return { apiToken: record.apiToken, source: 'file', file: { ...record, path: file } };
  }
  if (io.env.VCD_API_TOKEN) return { apiToken: checkedApiToken(io.env.VCD_API_TOKEN, 'VCD_API_TOKEN'), source: 'env' };
  return undefined;
}

function checkedApiToken(raw: string, what: string): string {
  const result = normalizeApiToken(raw);
  if (!result.ok) throw new CliUsageError(`${what} ${result.problem}.`);
  return result.token;
}

export async function requireApiToken(values: ParsedArguments['values'], io: CliIo): Promise<TokenInput> {
  const token = await resolveApiToken(values, io);
  if (!token) throw new CliUsageError('No API token: set VCD_API_TOKEN or VCD_API_TOKEN_FILE, or pass --token-stdin or --token-file <path> (never the token itself).');
  return token;
}

/** Warns about --insecure once, on stderr. */
export function warnInsecure(settings: ConnectionSettings, out: CliOutput): void {
  if (settings.insecure) out.warn('TLS certificate verification is disabled (--insecure / VCD_ALLOW_UNVERIFIED_SSL); an attacker on the network can steal tokens. Prefer --ca-file.');
}
