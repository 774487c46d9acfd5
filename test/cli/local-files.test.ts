// Local-file and parse-time problems are reported before any request: a lock wait that is not a number, a token
// dir that cannot be created or written (exit 8 naming the directory and what to do, never a raw errno as a bug).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeEnvironmentsConfig } from '../bootstrap/bootstrap-fixtures';
import { useCliEmulator } from './cli-harness';

const fx = useCliEmulator();

async function createToken(name: string): Promise<string> {
  const file = path.join(fx.home, `${name}.json`);
  const r = await fx.cli(['create', '--name', name, '--token-file', file]);
  expect({ exitCode: r.exitCode, stderr: r.stderr }).toEqual({ exitCode: 0, stderr: '' });
  return file;
}

test('rotate --lock-timeout abc is a usage error before any request (it used to wait forever behind a held lock)', async () => {
  const file = await createToken('lock-nan');
  fs.writeFileSync(`${file}.lock`, JSON.stringify({ pid: process.pid, host: require('node:os').hostname(), createdAt: Date.now(), nonce: 'held' }));
  const mark = fx.requestMark();
  const r = await fx.cli(['rotate', '--token-file', file, '--lock-timeout', 'abc']);
  expect(r.exitCode).toBe(2);
  expect(r.stderr).toContain('--lock-timeout must be a number of seconds from 0 to 86400 (got "abc")');
  expect(fx.requestsSince(mark)).toEqual([]);
  // A valid short wait on the held lock ends with exit 8 naming the lock.
  const waited = await fx.cli(['rotate', '--token-file', file, '--lock-timeout', '0']);
  expect(waited.exitCode).toBe(8);
  expect(waited.stderr).toContain(`${file}.lock`);
});

describe('a token dir that cannot be created', () => {
  // A regular file where a parent directory should be: fails for every user, root included.
  const blockedDir = () => {
    const blocker = path.join(fx.home, 'not-a-dir');
    fs.writeFileSync(blocker, 'x');
    return path.join(blocker, 'tokens');
  };

  test('bootstrap: exit 8 naming the directory and what to do, no request, nothing written', async () => {
    const config = path.join(fx.home, 'environments.json');
    writeEnvironmentsConfig(config, ['acme']);
    const dir = blockedDir();
    const mark = fx.requestMark();
    const r = await fx.cli(['bootstrap', '--config', config, '--vcd-url', `dev=${fx.emu.url}/api`], { env: { ...fx.env, VCD_TOKEN_DIR: dir } });
    expect(r.exitCode).toBe(8);
    expect(r.stderr).toMatch(/^error \[HANDOFF_WRITE_FAILED\]: /);
    expect(r.stderr).toContain(`Cannot create the directory ${dir}`);
    expect(r.stderr).toMatch(/--token-dir or VCD_TOKEN_DIR/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(fx.requestsSince(mark)).toEqual([]);
    expect(fx.liveTokens('vcd-api-tokens-dev-acme')).toEqual([]);
  });

  test('create with the default token dir: exit 8 naming the directory, no token requested', async () => {
    const dir = blockedDir();
    const mark = fx.requestMark();
    const r = await fx.cli(['create', '--name', 'blocked'], { env: { ...fx.env, VCD_TOKEN_DIR: dir } });
    expect(r.exitCode).toBe(8);
    expect(r.stderr).toContain(`Cannot create the directory ${dir}`);
    expect(r.stderr).toMatch(/no token was requested/);
    expect(fx.requestsSince(mark)).toEqual([]);
  });
});
