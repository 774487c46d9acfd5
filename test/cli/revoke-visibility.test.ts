// VCD answers 403 both for a token that is gone and for one the session cannot see. `revoke` must not call an
// invisible, live token "already-gone", nor delete the only copy of it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { connectionEnv, testEnv, useCliEmulator } from './cli-harness';

// No VCD_USER: each test says as whom it acts.
const fx = useCliEmulator((emu) => ({ ...connectionEnv(emu), VCD_USER: undefined }));

async function createAs(user: string, name: string): Promise<{ file: string; id: string }> {
  const file = path.join(fx.home, `${name}.json`);
  const r = await fx.cli(['create', '--name', name, '--token-file', file, '--json'], { env: { ...fx.env, VCD_USER: user } });
  expect(r.exitCode).toBe(0);
  return { file, id: r.json<{ id: string }>().id };
}

test("revoking another owner's live token from its file is unconfirmed (exit 7) and keeps the file", async () => {
  const { file, id } = await createAs('orgadmin', 'adm-visibility');
  const r = await fx.cli(['revoke', '--token-file', file, '--delete-file'], { env: { ...fx.env, VCD_USER: 'automation' } });
  expect(r.exitCode).toBe(7);
  expect(r.stdout).toContain(`${id}: unconfirmed`);
  expect(r.stdout).toMatch(/cannot see it/);
  expect(r.stdout).toMatch(/as its owner, with the token itself.*Manage All/);
  expect(r.stdout).not.toContain('already-gone');
  expect(fs.existsSync(file)).toBe(true);
  expect(fx.liveTokens('adm-visibility')).toHaveLength(1);

  const json = await fx.cli(['revoke', '--token-file', file, '--delete-file', '--json'], { env: { ...fx.env, VCD_USER: 'automation' } });
  expect(json.exitCode).toBe(7);
  const doc = json.json<{ results: { id: string; status: string }[]; fileDeleted: boolean }>();
  expect(doc.results).toEqual([expect.objectContaining({ id, status: 'unconfirmed' })]);
  expect(doc.fileDeleted).toBe(false);

  // Its owner can revoke it; then the file goes.
  const owner = await fx.cli(['revoke', '--token-file', file, '--delete-file'], { env: { ...fx.env, VCD_USER: 'orgadmin' } });
  expect(owner.exitCode).toBe(0);
  expect(owner.stdout).toContain(`${id}: revoked`);
  expect(fs.existsSync(file)).toBe(false);
  expect(fx.liveTokens('adm-visibility')).toHaveLength(0);
});

test('a 403 for a token file whose token is really revoked is confirmed by the exchange (invalid_grant)', async () => {
  const { file, id } = await createAs('automation', 'gone-confirmed');
  const copy = `${file}.copy`;
  fs.copyFileSync(file, copy);
  fs.chmodSync(copy, 0o600);
  expect((await fx.cli(['revoke', id], { env: { ...fx.env, VCD_USER: 'automation' } })).exitCode).toBe(0);
  const r = await fx.cli(['revoke', '--token-file', copy, '--delete-file', '--json'], { env: { ...fx.env, VCD_USER: 'automation' } });
  expect(r.exitCode).toBe(0);
  expect(r.json<{ results: unknown[] }>().results).toEqual([{ id, status: 'already-gone' }]);
  expect(fs.existsSync(copy)).toBe(false);
});

test('by id alone a 403 stays ambiguous: already-gone, but saying it may be invisible to this session', async () => {
  const { id } = await createAs('orgadmin', 'adm-by-id');
  const r = await fx.cli(['revoke', id], { env: { ...fx.env, VCD_USER: 'automation' } });
  expect(r.exitCode).toBe(0);
  expect(r.stdout).toContain(`${id}: already-gone or not visible to this session`);
  expect(r.stdout).not.toMatch(new RegExp(`${id}: revoked`));
  const json = await fx.cli(['revoke', id, '--json'], { env: { ...fx.env, VCD_USER: 'automation' } });
  const doc = json.json<{ results: { status: string; note: string }[] }>();
  expect(doc.results[0].status).toBe('already-gone');
  expect(doc.results[0].note).toMatch(/cannot see it/);
  expect(fx.liveTokens('adm-by-id')).toHaveLength(1);
});

test('a token file revokes its own token with no password, URL or org (as the examples\' cleanup does)', async () => {
  const { file, id } = await createAs('orgadmin', 'self-revoke');
  // Only the CA: URL and org come from the token file, and the token's own session may revoke that token.
  const r = await fx.cli(['revoke', '--token-file', file, '--delete-file'], { env: testEnv(fx.home, { VCD_CA_FILE: fx.emu.caFile }) });
  expect(r.exitCode).toBe(0);
  expect(r.stdout).toContain(`${id}: revoked`);
  expect(fs.existsSync(file)).toBe(false);
  expect(fx.liveTokens('self-revoke')).toHaveLength(0);
});
