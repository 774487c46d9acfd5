// VCD answers 403 both for a token that is gone and for one the session cannot see. `revoke` must not call an
// invisible, live token "already-gone", nor delete the only copy of it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEMO_ADMIN_PASSWORD } from '../../src/emulator/world/demo-world';
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

test('by id alone a 403 is not confirmed (exit 7): the token may be live and invisible to this session; --if-exists accepts the answer', async () => {
  const { id } = await createAs('orgadmin', 'adm-by-id');
  const r = await fx.cli(['revoke', id], { env: { ...fx.env, VCD_USER: 'automation' } });
  expect(r.exitCode).toBe(7);
  expect(r.stdout).toContain(`${id}: unconfirmed`);
  expect(r.stdout).toMatch(/no longer exists, or .* cannot see/);
  expect(r.stdout).toMatch(/--if-exists/);
  expect(r.stdout).not.toMatch(new RegExp(`${id}: (revoked|already-gone)`));
  const json = await fx.cli(['revoke', id, '--json'], { env: { ...fx.env, VCD_USER: 'automation' } });
  expect(json.exitCode).toBe(7);
  expect(json.json<{ results: { status: string }[] }>().results[0].status).toBe('unconfirmed');
  // Asked for idempotence: the same answer is accepted, and still described as ambiguous.
  const idempotent = await fx.cli(['revoke', id, '--if-exists', '--json'], { env: { ...fx.env, VCD_USER: 'automation' } });
  expect(idempotent.exitCode).toBe(0);
  const doc = idempotent.json<{ results: { status: string; note: string }[] }>();
  expect(doc.results[0].status).toBe('already-gone');
  expect(doc.results[0].note).toMatch(/cannot see it/);
  expect(fx.liveTokens('adm-by-id')).toHaveLength(1);
});

test("another org's admin revoking a live token by id: exit 7, never 0, and the token keeps working", async () => {
  const { id } = await createAs('automation', 'acme-leaked');
  const r = await fx.cli(['revoke', id], { env: { ...fx.env, VCD_ORG: 'globex', VCD_USER: 'orgadmin' } });
  expect(r.exitCode).toBe(7);
  expect(r.stdout).toContain(`${id}: unconfirmed`);
  expect(r.stdout).toMatch(/another org/);
  expect(r.stdout).toMatch(/system administrator/);
  expect(fx.liveTokens('acme-leaked')).toHaveLength(1);
});

test('a system administrator sees every token: revoking a live one is revoked, an already revoked one is certain (exit 0)', async () => {
  const { id } = await createAs('automation', 'sys-revokes');
  const admin = { ...fx.env, VCD_ORG: 'System', VCD_USER: 'administrator', VCD_PASSWORD: DEMO_ADMIN_PASSWORD };
  const first = await fx.cli(['revoke', id], { env: admin });
  expect(first.exitCode).toBe(0);
  expect(first.stdout).toContain(`${id}: revoked`);
  expect(fx.liveTokens('sys-revokes')).toHaveLength(0);
  const again = await fx.cli(['revoke', id, '--json'], { env: admin });
  expect(again.exitCode).toBe(0);
  expect(again.json<{ results: unknown[] }>().results).toEqual([{ id, status: 'already-gone' }]);
});

test('by name, a token listed a moment ago and then answered 403 is gone: exit 0', async () => {
  const { id } = await createAs('automation', 'listed-then-gone');
  // The DELETE is processed but its answer lost; the retried DELETE gets VCD's 403 for a token that is gone.
  fx.emu.faults.add({ method: 'DELETE', path: '/cloudapi/1.0.0/tokens/', action: { type: 'reset', when: 'after' } });
  const r = await fx.cli(['revoke', '--name', 'listed-then-gone', '--json'], { env: { ...fx.env, VCD_USER: 'automation' } });
  expect(r.exitCode).toBe(0);
  expect(r.json<{ results: unknown[] }>().results).toEqual([{ id, status: 'already-gone' }]);
  expect(fx.liveTokens('listed-then-gone')).toHaveLength(0);
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
