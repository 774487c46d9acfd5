// Opening a client and a session for a command: password login when a password is available (needed for
// creating tokens and for managing other tokens), otherwise an API-token session.
import type { BearerSession } from '../client/types';
import type { TokenApi, TokenApiSettings } from '../bootstrap';
import { openTokenApi } from '../bootstrap/client-factory';
import { booleanOption, CLI_SETTING_NAMES, type ParsedArguments, stringOption } from './arguments';
import type { CliIo, CliOutput } from './cli-io';
import { ConnectionSettings, requireApiToken, resolveApiToken, resolvePassword, resolveUser, TokenInput, warnInsecure } from './connection';
import { exchangeKeepingRotation } from './token-exchange';
import { CliUsageError } from './usage-error';

export function openClient(settings: ConnectionSettings, io: CliIo, out: CliOutput): TokenApi {
  warnInsecure(settings, out);
  return openTokenApi(clientSettings(settings, io));
}

/** The client settings of a command: its connection, one connection (commands send one request at a time), --debug. */
export function clientSettings(settings: ConnectionSettings, io: CliIo): TokenApiSettings {
  return {
    url: settings.url,
    caFile: settings.caFile,
    insecure: settings.insecure,
    insecureWarningShown: settings.insecure,
    // Every command using this sends one request at a time: one connection, no pool.
    maxConnections: 1,
    timeoutMs: settings.timeoutMs,
    env: io.env,
    settingNames: CLI_SETTING_NAMES,
    debugLog: settings.debug ? (line) => io.stderr.write(`debug: ${line}\n`) : undefined,
  };
}

export interface OpenedSession {
  readonly session: BearerSession;
  readonly via: 'password' | 'api-token';
  readonly user?: string;
  readonly token?: TokenInput;
}

/**
 * For commands that authenticate with whichever credential they are given (whoami, list): a password (VCD_USER with
 * VCD_PASSWORD or --password-stdin) and an API token asked for on the command line (--token-file, --token-stdin)
 * are two answers to "as whom?". Silently preferring the password would report on the wrong identity, so refuse
 * both (exit 2) before anything is read or sent. Environment variables alone keep their documented order.
 */
export function refuseTwoCredentials(values: ParsedArguments['values'], io: CliIo, command: string): void {
  const tokenFlag = stringOption(values, 'token-file') !== undefined ? '--token-file' : booleanOption(values, 'token-stdin') ? '--token-stdin' : undefined;
  // Both from stdin has its own message (resolvePassword): one stream cannot carry two secrets.
  if (tokenFlag === undefined || (tokenFlag === '--token-stdin' && booleanOption(values, 'password-stdin')) || resolveUser(values, io) === undefined) return;
  const password = booleanOption(values, 'password-stdin') ? '--password-stdin' : io.env.VCD_PASSWORD ? 'VCD_PASSWORD' : undefined;
  if (password === undefined) return;
  throw new CliUsageError(`${command} was given two credentials: a password (${password}, with VCD_USER) and an API token (${tokenFlag}). Give one: drop ${tokenFlag}, or unset ${password === 'VCD_PASSWORD' ? 'VCD_PASSWORD' : 'VCD_USER'} for this command.`);
}

/** A password session if VCD_USER and a password are given, else an API-token session, else a usage error. */
export async function openAnySession(client: TokenApi, settings: ConnectionSettings, values: ParsedArguments['values'], io: CliIo): Promise<OpenedSession> {
  const user = resolveUser(values, io);
  const password = user !== undefined ? await resolvePassword(values, io) : undefined;
  if (user !== undefined && password !== undefined) {
    return { session: await client.loginWithPassword({ org: settings.org, user, password }), via: 'password', user };
  }
  const token = await resolveApiToken(values, io);
  if (token) {
    return { ...(await exchangeKeepingRotation(client, settings, token, io)), via: 'api-token' };
  }
  throw new CliUsageError('No credentials: set VCD_USER and VCD_PASSWORD (or --password-stdin), or provide an API token via VCD_API_TOKEN, VCD_API_TOKEN_FILE, --token-file or --token-stdin.');
}

export async function openTokenSession(client: TokenApi, settings: ConnectionSettings, values: ParsedArguments['values'], io: CliIo): Promise<OpenedSession> {
  const token = await requireApiToken(values, io);
  return { ...(await exchangeKeepingRotation(client, settings, token, io)), via: 'api-token' };
}

/** Logs out and closes, never letting cleanup failures hide the command's own result. */
export async function closeQuietly(client: TokenApi, session?: BearerSession): Promise<void> {
  if (session && session.authMethod === 'password') {
    try { await client.logout(session); } catch { /* the session expires on its own */ }
  }
  try { await client.close(); } catch { /* nothing to do */ }
}

/**
 * The shape of every command that needs some session: open a client and a session (password if given, else the
 * API token), run `work`, then log out and close whatever happened.
 */
export async function withAnySession<T>(
  settings: ConnectionSettings,
  values: ParsedArguments['values'],
  io: CliIo,
  out: CliOutput,
  work: (client: TokenApi, opened: OpenedSession) => Promise<T>,
): Promise<T> {
  const client = openClient(settings, io, out);
  let opened: OpenedSession | undefined;
  try {
    opened = await openAnySession(client, settings, values, io);
    return await work(client, opened);
  } finally {
    await closeQuietly(client, opened?.session);
  }
}
