// A token file's token_type says which kind of token it holds. A service-account token used as an API token
// would be spent (it rotates on use) or misreported, and a type nobody writes means the file is not what the
// user thinks: both are refused before any request, naming the file, without printing the token.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { useCliEmulator } from './cli-harness';

const fx = useCliEmulator();
const CANARY = 'tokentypecanary0123456789abcdefX';

function fileWithType(tokenType: unknown): string {
  const file = path.join(fx.home, 'typed.json');
  fs.writeFileSync(file, JSON.stringify({ token_type: tokenType, refresh_token: CANARY, org: 'acme', vcd_url: `${fx.emu.url}/api` }), { mode: 0o600 });
  return file;
}

test.each([
  ['Service Account', 2, /holds a service-account token \(token_type "Service Account"\), not an API token/],
  ['Bogus', 8, /unknown "token_type"; expected "API Token" or "Service Account"/],
  [42, 8, /unknown "token_type"/],
])('token_type %j: exit %i before any request, naming the file', async (tokenType, exit, message) => {
  const file = fileWithType(tokenType);
  for (const command of [['exchange'], ['whoami'], ['revoke']]) {
    const before = fx.emu.requestLog.totalRequests;
    // No password: the token file is the credential.
    const r = await fx.cli([...command, '--token-file', file], { env: { ...fx.env, VCD_USER: undefined, VCD_PASSWORD: undefined } });
    expect({ command, exitCode: r.exitCode }).toEqual({ command, exitCode: exit });
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain(file);
    expect(r.output).not.toContain(CANARY);
    expect(fx.emu.requestLog.totalRequests).toBe(before);
  }
});

test('token_type "API Token" and a file without token_type (the provider\'s input format) are API token files', async () => {
  const created = await fx.cli(['create', '--name', 'typed', '--token-file', path.join(fx.home, 'ok.json')]);
  expect(created.exitCode).toBe(0);
  const doc = JSON.parse(fs.readFileSync(path.join(fx.home, 'ok.json'), 'utf8')) as Record<string, string>;
  expect(doc.token_type).toBe('API Token');
  expect((await fx.cli(['exchange', '--token-file', path.join(fx.home, 'ok.json')])).exitCode).toBe(0);
  const bare = path.join(fx.home, 'bare.json');
  fs.writeFileSync(bare, JSON.stringify({ refresh_token: doc.refresh_token }), { mode: 0o600 });
  expect((await fx.cli(['exchange', '--token-file', bare])).exitCode).toBe(0);
});
