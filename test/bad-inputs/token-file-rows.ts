// Bad token files given to `exchange --token-file` (the credential of every deploy): missing, the wrong kind of
// file, readable by others, truncated, the wrong shape or token type, symlinks. Refused before any secret is
// sent, naming the file; the secret is never printed.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BadInputRow, RowContext } from './bad-input-row';

const NO_PASSWORD = { VCD_USER: undefined, VCD_PASSWORD: undefined };
// Only the file says where VCD is (as in a deploy job that has nothing but the token file).
const FILE_ONLY = { ...NO_PASSWORD, VCD_URL: undefined, VCD_ORG: undefined };

/** A row for `exchange --token-file t.json`, with t.json made by `make`. */
function tokenFile(input: string, make: (file: string, c: RowContext) => void, exit: number, todo: RegExp, names: RegExp | string = 't.json', env: Readonly<Record<string, undefined>> = NO_PASSWORD): BadInputRow {
  return { input, argv: ['exchange', '--token-file', 't.json'], env, files: (c) => make(path.join(c.home, 't.json'), c), exit, names, todo };
}

const write = (content: string | Buffer, mode = 0o600) => (file: string) => fs.writeFileSync(file, content, { mode });
const good = (extra: object = {}) => JSON.stringify({ token_type: 'API Token', refresh_token: 'AbCdEf0123456789AbCdEf0123456789', ...extra });

export const TOKEN_FILE_ROWS: readonly BadInputRow[] = [
  tokenFile('a token file that does not exist', () => undefined, 8, /create|path|vcd-token/),
  tokenFile('a directory', (f) => fs.mkdirSync(f), 8, /a directory|file/),
  tokenFile('a FIFO', (f) => execFileSync('mkfifo', [f]), 8, /FIFO|regular file|file/),
  tokenFile('readable by group (0640)', write(good(), 0o640), 8, /chmod 600/),
  tokenFile('readable by everyone (0644)', write(good(), 0o644), 8, /chmod 600/),
  tokenFile('a symlink to a directory', (f, c) => { fs.mkdirSync(path.join(c.home, 'd')); fs.symlinkSync(path.join(c.home, 'd'), f); }, 8, /a directory|file/),
  tokenFile('an empty file', write(''), 8, /refresh_token/),
  tokenFile('truncated JSON', write(good().slice(0, 30)), 8, /expected \{"refresh_token"/),
  tokenFile('a JSON array', write('[]'), 8, /refresh_token/),
  tokenFile('JSON null', write('null'), 8, /refresh_token/),
  tokenFile('no refresh_token', write(JSON.stringify({ token_type: 'API Token' })), 8, /refresh_token/),
  tokenFile('refresh_token is a number', write(JSON.stringify({ refresh_token: 12345 })), 8, /refresh_token/),
  tokenFile('refresh_token is empty', write(JSON.stringify({ refresh_token: '' })), 8, /refresh_token/),
  tokenFile('refresh_token with a space inside', write(JSON.stringify({ refresh_token: 'abc def' })), 8, /refresh_token/),
  tokenFile('token_type "Service Account"', write(good({ token_type: 'Service Account' })), 2, /service-account/),
  tokenFile('token_type "Bogus"', write(good({ token_type: 'Bogus' })), 8, /expected "API Token"/),
  tokenFile('vcd_url over http', (f) => write(good({ vcd_url: 'http://vcd.example.com/api' }))(f), 2, /https/, /vcd_url/, FILE_ONLY),
  tokenFile('vcd_url of the UI', (f) => write(good({ vcd_url: 'https://vcd.example.com/ui' }))(f), 2, /\/api/, /vcd_url/, FILE_ONLY),
  tokenFile('UTF-16 JSON', write(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(good(), 'utf16le')])), 8, /refresh_token|JSON/),
  tokenFile('binary garbage', write(Buffer.from([0, 1, 2, 3, 255, 254])), 8, /refresh_token|JSON/),
  tokenFile('a dangling symlink', (f, c) => fs.symlinkSync(path.join(c.home, 'nowhere.json'), f), 8, /create|path|exist|vcd-token/),
  tokenFile('a symlink to a file others can read', (f, c) => { write(good(), 0o644)(path.join(c.home, 'real.json')); fs.symlinkSync(path.join(c.home, 'real.json'), f); }, 8, /chmod 600/),
];
