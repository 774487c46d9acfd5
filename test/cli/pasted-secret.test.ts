// A token pasted where a command, an option or a token id belongs must not be echoed to stderr/stdout (CI logs).
import * as crypto from 'node:crypto';
import { useCliEmulator } from './cli-harness';

// 43 characters of base64url: the shape of a VCD API token.
const CANARY = `t${crypto.randomBytes(32).toString('base64url').slice(0, 42)}`;
const fx = useCliEmulator();

/** Neither the canary nor any 8-character piece of it is printed. */
function expectNotEchoed(text: string): void {
  expect(CANARY).toHaveLength(43);
  for (let i = 0; i + 8 <= CANARY.length; i++) expect(text).not.toContain(CANARY.slice(i, i + 8));
}

test.each([
  ['as the command', [CANARY], 2],
  ['as the command, with --json', [CANARY, '--json'], 2],
  ['as a token id to revoke', ['revoke', CANARY], 2],
  ['as a token id to revoke, with --json', ['revoke', CANARY, '--json'], 2],
  ['after a dash, as an option', ['list', `--${CANARY}`], 2],
])('a token pasted %s is not echoed', async (_what, args, exit) => {
  const r = await fx.cli(args as string[]);
  expect(r.exitCode).toBe(exit);
  expect(r.stderr).toContain('value not shown: it may be a secret');
  expectNotEchoed(r.stdout + r.stderr);
});

test('command names and token ids are still echoed', async () => {
  const typo = await fx.cli(['craete']);
  expect(typo.stderr).toContain('Unknown command "craete"');
  const id = 'urn:vcloud:token:00000000-0000-4000-8000-000000000000';
  const r = await fx.cli(['revoke', id]);
  expect(r.stdout).toContain(id);
});
