// `create` when live tokens of the caller already carry the name (a killed earlier create, a lost token file):
// they are named, never silently joined; `--replace` revokes them, but only once the new token is handed over,
// and a revoke VCD does not confirm is exit 7 naming the token (the new token stays written and working).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { useCliEmulator } from './cli-harness';

const fx = useCliEmulator();

async function createInto(name: string, file: string, extra: readonly string[] = []) {
  return fx.cli(['create', '--name', name, '--token-file', path.join(fx.home, file), '--json', ...extra]);
}

async function idOf(name: string, file: string): Promise<string> {
  const r = await createInto(name, file);
  expect(r.exitCode).toBe(0);
  return r.json<{ id: string }>().id;
}

test('without --replace: the other same-name tokens are named (stderr and JSON) and left alone', async () => {
  const first = await idOf('same', 'a.json');
  const r = await createInto('same', 'b.json');
  expect(r.exitCode).toBe(0);
  expect(r.stderr).toContain(`1 other live token(s) of automation were created as same: ${first}`);
  expect(r.stderr).toMatch(/--replace/);
  const doc = r.json<{ id: string; otherTokens: string[]; revoked: unknown[] }>();
  expect(doc.otherTokens).toEqual([first]);
  expect(doc.revoked).toEqual([]);
  expect(fx.liveTokens('same').map((t) => t.id).sort()).toEqual([first, doc.id].sort());
});

test('--replace revokes every other live token created as the name, after the new one is written', async () => {
  const first = await idOf('rep', 'a.json');
  const second = await idOf('rep', 'b.json');
  const file = path.join(fx.home, 'c.json');
  const r = await createInto('rep', 'c.json', ['--replace']);
  expect(r.exitCode).toBe(0);
  const doc = r.json<{ id: string; otherTokens: string[]; revoked: { id: string; status: string }[] }>();
  expect(doc.revoked.map((o) => [o.id, o.status]).sort()).toEqual([[first, 'revoked'], [second, 'revoked']].sort());
  expect(doc.otherTokens).toEqual([]);
  expect(fx.liveTokens('rep').map((t) => t.id)).toEqual([doc.id]);
  expect((await fx.cli(['exchange', '--token-file', file])).exitCode).toBe(0);
  // Text output names them too.
  const text = await fx.cli(['create', '--name', 'rep', '--token-file', path.join(fx.home, 'd.json'), '--replace']);
  expect(text.exitCode).toBe(0);
  expect(text.stdout).toContain(`${doc.id}: revoked`);
});

test('--replace whose revoke VCD does not confirm: exit 7 naming the token; the new token is written and works', async () => {
  const first = await idOf('unconf', 'a.json');
  fx.emu.faults.add({ method: 'DELETE', path: '/cloudapi/1.0.0/tokens/', action: { type: 'status', status: 503, retryAfter: 0 }, times: 'always' });
  const file = path.join(fx.home, 'b.json');
  const r = await fx.cli(['create', '--name', 'unconf', '--token-file', file, '--replace']);
  expect(r.exitCode).toBe(7);
  expect(r.output).toContain(`${first}: NOT confirmed`);
  expect(r.output).not.toMatch(/^\s+at /m);
  fx.emu.faults.clear();
  expect(fx.liveTokens('unconf')).toHaveLength(2);
  expect((await fx.cli(['exchange', '--token-file', file])).exitCode).toBe(0);
});

test('--replace when the same-name tokens cannot be listed: exit 7 saying leftovers may be live and how to check', async () => {
  fx.emu.faults.add({ method: 'GET', path: '/cloudapi/1.0.0/tokens', action: { type: 'status', status: 500 }, times: 'always' });
  const file = path.join(fx.home, 'a.json');
  const r = await fx.cli(['create', '--name', 'nolist', '--token-file', file, '--replace']);
  expect(r.exitCode).toBe(7);
  expect(r.output).toMatch(/could not list the tokens created as nolist .*vcd-token list --name nolist/);
  fx.emu.faults.clear();
  expect(fs.existsSync(file)).toBe(true);
  expect((await fx.cli(['exchange', '--token-file', file])).exitCode).toBe(0);
});

test("--replace never touches another owner's token of the same name", async () => {
  const admins = await fx.cli(['create', '--name', 'shared', '--token-file', path.join(fx.home, 'adm.json'), '--json'], { env: { ...fx.env, VCD_USER: 'orgadmin' } });
  expect(admins.exitCode).toBe(0);
  const r = await createInto('shared', 'mine.json', ['--replace']);
  expect(r.exitCode).toBe(0);
  expect(r.json<{ revoked: unknown[] }>().revoked).toEqual([]);
  expect(fx.liveTokens('shared')).toHaveLength(2);
});
