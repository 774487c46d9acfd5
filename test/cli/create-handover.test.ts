// A token created but not handed over (token file, env-file or $GITHUB_ENV failed) must not stay valid
// unnoticed: `create` revokes it, undoes its token file, and names it in the error (exit 8).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CliResult, useCliEmulator } from './cli-harness';

const TOKEN_URN = /urn:vcloud:token:[0-9a-f-]{36}/;
const fx = useCliEmulator();

function expectRevokedAndNamed(r: CliResult, name: string): void {
  expect(r.exitCode).toBe(8);
  const id = TOKEN_URN.exec(r.stderr)?.[0];
  expect(id).toBeDefined();
  expect(r.stderr).toContain(`API token ${id} had already been created; it was revoked`);
  expect(fx.liveTokens(name)).toHaveLength(0);
  expect(fx.emu.world.tokens.has(id as string)).toBe(false);
}

test('a token file that cannot be written (a directory): the new token is revoked and named', async () => {
  const dir = path.join(fx.home, 'dir.json');
  fs.mkdirSync(dir);
  const r = await fx.cli(['create', '--name', 'orphan1', '--token-file', dir]);
  expectRevokedAndNamed(r, 'orphan1');
  expect(fs.statSync(dir).isDirectory()).toBe(true);
});

test('an env-file that cannot be written: token revoked, the token file written in this run removed', async () => {
  const file = path.join(fx.home, 'orphan2.json');
  const envDir = path.join(fx.home, 'env-dir');
  fs.mkdirSync(envDir);
  const r = await fx.cli(['create', '--name', 'orphan2', '--token-file', file, '--env-output', envDir, '--json']);
  expectRevokedAndNamed(r, 'orphan2');
  expect(fs.existsSync(file)).toBe(false);
  expect(r.json<{ error: { code: string; message: string } }>().error.message).toMatch(TOKEN_URN);
});

test('an env-file failure restores the token file it replaced (whose token is still valid)', async () => {
  const file = path.join(fx.home, 'keep.json');
  expect((await fx.cli(['create', '--name', 'keep', '--token-file', file])).exitCode).toBe(0);
  const before = fs.readFileSync(file, 'utf8');
  const envDir = path.join(fx.home, 'env-dir2');
  fs.mkdirSync(envDir);
  const r = await fx.cli(['create', '--name', 'keep', '--token-file', file, '--env-output', envDir]);
  expect(r.exitCode).toBe(8);
  expect(r.stderr).toMatch(/it was revoked/);
  expect(fs.readFileSync(file, 'utf8')).toBe(before);
  expect(fx.liveTokens('keep')).toHaveLength(1);
  expect((await fx.cli(['exchange', '--token-file', file])).exitCode).toBe(0);
});

test('$GITHUB_ENV that cannot be appended to: token revoked and named', async () => {
  const file = path.join(fx.home, 'orphan3.json');
  const githubEnv = path.join(fx.home, 'github-env-dir');
  fs.mkdirSync(githubEnv);
  const r = await fx.cli(['create', '--name', 'orphan3', '--token-file', file, '--github-env'], { env: { ...fx.env, GITHUB_ACTIONS: 'true', GITHUB_ENV: githubEnv } });
  expectRevokedAndNamed(r, 'orphan3');
  expect(fs.existsSync(file)).toBe(false);
});

test('the handover fails and VCD does not confirm the revoke: exit 7 (not the handover failure\'s 8), naming the token and the revoke to run, never the secret', async () => {
  const dir = path.join(fx.home, 'unrevoked.json');
  fs.mkdirSync(dir);
  fx.emu.faults.add({ method: 'DELETE', path: /^\/cloudapi\/1\.0\.0\/tokens\//, action: { type: 'status', status: 500 }, times: 'always' });
  const r = await fx.cli(['create', '--name', 'unrevoked', '--token-file', dir, '--json']);
  fx.emu.faults.clear();
  const [live] = fx.liveTokens('unrevoked');
  expect(r.exitCode).toBe(7);
  expect(r.json<{ error: { code: string; message: string } }>().error).toMatchObject({ code: 'BOOTSTRAP_HANDOVER_UNSETTLED', exitCode: 7 });
  expect(r.stderr).toContain(`API token ${live.name} (${live.id}) had already been created and VCD did not confirm its revoke`);
  expect(r.stderr).toContain(`vcd-token revoke ${live.id}`);
  expect(r.stderr).toContain('vcd-token list --name unrevoked');
});
