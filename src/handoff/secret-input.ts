// Secrets come from the environment, stdin or a file, never from argv (visible in `ps`, shell history and
// CI logs). This module rejects secret-bearing flags before parsing and reads stdin secrets.
import { HandoffError } from './handoff-error';

/** Flags that would carry a secret on the command line, and what to use instead. */
const SECRET_FLAGS: Readonly<Record<string, string>> = {
  token: 'VCD_API_TOKEN, --token-stdin or --token-file <path>',
  'api-token': 'VCD_API_TOKEN, --token-stdin or --token-file <path>',
  apitoken: 'VCD_API_TOKEN, --token-stdin or --token-file <path>',
  'refresh-token': 'VCD_API_TOKEN, --token-stdin or --token-file <path>',
  password: 'VCD_PASSWORD or --password-stdin',
  pass: 'VCD_PASSWORD or --password-stdin',
  passwd: 'VCD_PASSWORD or --password-stdin',
  secret: 'an environment variable or stdin',
  bearer: 'an environment variable or stdin',
  'access-token': 'an environment variable or stdin',
};

/**
 * Throws HANDOFF_SECRET_ARGUMENT when argv holds a secret-bearing flag (`--token X`, `--password=X`,
 * `--api-token=X`, …). The message names the flag only, never the value that followed it.
 */
export function rejectSecretArguments(argv: readonly string[]): void {
  for (const arg of argv) {
    if (arg === '--') return;
    const match = /^--?([A-Za-z][A-Za-z0-9_-]*)(=.*)?$/s.exec(arg);
    if (!match) continue;
    const flag = match[1].toLowerCase().replace(/_/g, '-');
    const instead = SECRET_FLAGS[flag];
    if (instead !== undefined) {
      throw new HandoffError(
        'HANDOFF_SECRET_ARGUMENT',
        `--${match[1]} is not accepted: secrets on the command line leak through process listings and shell history. Use ${instead} instead.`,
      );
    }
  }
}

/**
 * An API token as pasted, piped or exported: surrounding whitespace (a trailing space, CRLF, the extra newlines
 * of `echo`) is no part of any token VCD issues, and sending it would make a valid token look revoked, so it is
 * dropped. Whitespace or control characters inside mean the value is not one token (two pasted lines, a
 * wrapped copy): that is refused, with `problem` saying so without the value.
 */
export function normalizeApiToken(raw: string): { readonly ok: true; readonly token: string } | { readonly ok: false; readonly problem: string } {
  const token = raw.replace(/^[\s\u0000-\u001f\u007f]+|[\s\u0000-\u001f\u007f]+$/g, '');
  if (token === '') return { ok: false, problem: 'is empty' };
  if (/[\s\u0000-\u001f\u007f]/.test(token)) return { ok: false, problem: 'contains whitespace inside (two lines, or a wrapped copy?), so it is not one API token; paste the token as one line' };
  return { ok: true, token };
}

/** Reads all of stdin and returns it without the trailing newline. Refuses an empty value. */
export async function readSecretFromStream(stream: NodeJS.ReadableStream, what: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  const value = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  if (value.length === 0) throw new HandoffError('HANDOFF_UNREADABLE', `Nothing was read from stdin for ${what}.`);
  return value;
}
