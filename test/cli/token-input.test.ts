// An API token is pasted, echoed and piped in many ways: surrounding whitespace (a trailing space, CRLF, several
// newlines from `echo`) is not part of any token VCD issues and must not make a valid token look revoked.
// Whitespace inside is refused as not a token, without printing it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { useCliEmulator } from './cli-harness';

const fx = useCliEmulator();

async function newToken(name: string): Promise<{ token: string; file: string }> {
  const file = path.join(fx.home, `${name}.json`);
  const r = await fx.cli(['create', '--name', name, '--token-file', file]);
  expect(r.exitCode).toBe(0);
  return { token: (JSON.parse(fs.readFileSync(file, 'utf8')) as { refresh_token: string }).refresh_token, file };
}

const noPassword = () => ({ ...fx.env, VCD_USER: undefined, VCD_PASSWORD: undefined });

test.each([
  ['leading and trailing spaces', (t: string) => `  ${t}  `],
  ['a trailing newline', (t: string) => `${t}\n`],
  ['CRLF', (t: string) => `${t}\r\n`],
  ['a tab', (t: string) => `\t${t}`],
])('VCD_API_TOKEN with %s is the same token', async (_label, wrap) => {
  const { token } = await newToken('ws-env');
  const r = await fx.cli(['exchange'], { env: { ...noPassword(), VCD_API_TOKEN: wrap(token) } });
  expect({ exitCode: r.exitCode, stderr: r.stderr }).toEqual({ exitCode: 0, stderr: '' });
});

test.each([
  ['one newline', '\n'],
  ['several newlines (echo; echo)', '\n\n\n'],
  ['CRLF and a space', ' \r\n'],
])('--token-stdin with %s after the token is the same token', async (_label, tail) => {
  const { token } = await newToken('ws-stdin');
  const r = await fx.cli(['exchange', '--token-stdin'], { env: noPassword(), stdin: `${token}${tail}` });
  expect({ exitCode: r.exitCode, stderr: r.stderr }).toEqual({ exitCode: 0, stderr: '' });
});

test('a token file whose refresh_token has a trailing newline (edited by hand) still works', async () => {
  const { file } = await newToken('ws-file');
  const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;
  fs.writeFileSync(file, JSON.stringify({ ...doc, refresh_token: `${doc.refresh_token}\n` }), { mode: 0o600 });
  const r = await fx.cli(['exchange', '--token-file', file], { env: noPassword() });
  expect(r.exitCode).toBe(0);
});

test('whitespace inside the value is refused as not an API token (exit 2), and the value is not printed', async () => {
  const { token } = await newToken('ws-inside');
  const pasted = `${token.slice(0, 10)} ${token.slice(10)}`;
  const mark = fx.requestMark();
  const r = await fx.cli(['exchange'], { env: { ...noPassword(), VCD_API_TOKEN: pasted } });
  expect(r.exitCode).toBe(2);
  expect(r.stderr).toMatch(/VCD_API_TOKEN contains whitespace inside/);
  expect(r.output).not.toContain(token.slice(0, 10));
  expect(fx.requestsSince(mark)).toEqual([]);
  const stdin = await fx.cli(['exchange', '--token-stdin'], { env: noPassword(), stdin: `${token}\n${token}\n` });
  expect(stdin.exitCode).toBe(2);
  expect(stdin.stderr).toMatch(/the API token read from stdin contains whitespace inside/);
});

test('a password keeps its surrounding spaces: only the line ending is removed from --password-stdin', async () => {
  // The demo password has no spaces, so a password with a trailing space must be refused (exit 3).
  const r = await fx.cli(['whoami', '--password-stdin'], { env: { ...fx.env, VCD_PASSWORD: undefined }, stdin: `${'vcd-emulator-demo'} \n` });
  expect(r.exitCode).toBe(3);
  const ok = await fx.cli(['whoami', '--password-stdin'], { env: { ...fx.env, VCD_PASSWORD: undefined }, stdin: 'vcd-emulator-demo\r\n' });
  expect(ok.exitCode).toBe(0);
});
