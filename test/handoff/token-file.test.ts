import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HandoffError, readTokenFile, writeEnvFile, writeTokenFile, tokenEnvEntries } from '../../src/handoff';
import { formatEnvFile } from '../../src/handoff/env-file';
import { writeFileAtomic } from '../../src/handoff/atomic-write';

const CANARY = 'canary-token-Xy9_abc.def~ghi';

let dir: string;
beforeEach(() => {
  // os.tmpdir() is outside any git work tree; the tests rely on that.
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handoff-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const mode = (file: string) => fs.statSync(file).mode & 0o777;
const renameReal = fs.renameSync;
const openReal = fs.openSync;

/**
 * atomic-write loaded afresh, after the spies on the raw `fs` module are in place: its namespace import then holds
 * the spies whether the import interop copies the module's functions (the test transform) or reads them through
 * (tsc). It also starts with no directory swept yet.
 */
function freshWriter(): typeof import('../../src/handoff/atomic-write') {
  let loaded: typeof import('../../src/handoff/atomic-write') | undefined;
  jest.isolateModules(() => {
    loaded = require('../../src/handoff/atomic-write') as typeof import('../../src/handoff/atomic-write');
  });
  if (!loaded) throw new Error('atomic-write did not load');
  return loaded;
}

describe('writeTokenFile', () => {
  test('writes the provider-compatible format with mode 0600 and metadata', async () => {
    const file = path.join(dir, 'sub', 'token.json');
    await writeTokenFile(file, { apiToken: { reveal: () => CANARY }, tokenId: 'urn:vcloud:token:1', tokenName: 'n', org: 'acme', vcdUrl: 'https://x/api' });
    expect(mode(file)).toBe(0o600);
    const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(doc).toMatchObject({ token_type: 'API Token', refresh_token: CANARY, token_id: 'urn:vcloud:token:1', token_name: 'n', org: 'acme', vcd_url: 'https://x/api' });
    expect(doc.updated_by).toMatch(/^vcd-api-tokens\//);
    expect(doc.updated_on).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
    expect(readTokenFile(file)).toMatchObject({ apiToken: CANARY, tokenId: 'urn:vcloud:token:1', org: 'acme' });
    expect(fs.readdirSync(path.dirname(file))).toEqual(['token.json']);
  });

  test('replaces a pre-existing 0644 file and ends 0600', async () => {
    const file = path.join(dir, 'token.json');
    fs.writeFileSync(file, '{"refresh_token":"old"}', { mode: 0o644 });
    fs.chmodSync(file, 0o644);
    await writeTokenFile(file, { apiToken: CANARY });
    expect(mode(file)).toBe(0o600);
    expect(readTokenFile(file).apiToken).toBe(CANARY);
  });

  test('a failure between write and rename leaves the old file intact and no temp file', async () => {
    const file = path.join(dir, 'token.json');
    await writeTokenFile(file, { apiToken: 'old-token' });
    // Recorded in the hook and checked outside it: a failed expect inside would be wrapped like the crash.
    let seen: { temp: string; mode: number; token: string } | undefined;
    await expect(
      writeTokenFile(file, { apiToken: CANARY }, {
        beforeRename: (temp) => {
          seen = { temp, mode: mode(temp), token: JSON.parse(fs.readFileSync(temp, 'utf8')).refresh_token };
          throw new Error('crash');
        },
      }),
    ).rejects.toThrow(HandoffError);
    // The temp file was complete and already private when the hook ran, and is gone after the failure.
    expect(seen).toMatchObject({ mode: 0o600, token: CANARY });
    expect(fs.existsSync(seen!.temp)).toBe(false);
    expect(readTokenFile(file).apiToken).toBe('old-token');
    expect(fs.readdirSync(dir)).toEqual(['token.json']);
  });

  test('an async beforeRename failure is wrapped and cleaned up like a sync one', async () => {
    const file = path.join(dir, 'token.json');
    await writeTokenFile(file, { apiToken: 'old-token' });
    const failure = writeFileAtomic(file, 'NEW', { beforeRename: async () => { await new Promise((r) => setTimeout(r, 5)); throw new Error('crash'); } });
    await expect(failure).rejects.toMatchObject({ code: 'HANDOFF_WRITE_FAILED' });
    expect(readTokenFile(file).apiToken).toBe('old-token');
    expect(fs.readdirSync(dir)).toEqual(['token.json']);
  });

  test('concurrent writes to different files all land complete and private', async () => {
    const files = Array.from({ length: 20 }, (_, i) => path.join(dir, `t${i}.json`));
    await Promise.all(files.map((f, i) => writeTokenFile(f, { apiToken: `token-${i}` })));
    files.forEach((f, i) => {
      expect(mode(f)).toBe(0o600);
      expect(readTokenFile(f).apiToken).toBe(`token-${i}`);
    });
    expect(fs.readdirSync(dir).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });

  test('concurrent writes in one directory share its fsyncs, each made durable by one that opened the directory after its rename', async () => {
    // The raw module, not this file's interop copy: the spies must see the calls atomic-write makes.
    const rawFs = jest.requireActual<typeof fs>('node:fs');
    const events: string[] = [];
    const rename = jest.spyOn(rawFs, 'renameSync');
    rename.mockImplementation((from, to) => {
      events.push(`rename ${path.basename(String(to))}`);
      renameReal(from, to);
    });
    const open = jest.spyOn(rawFs, 'openSync');
    open.mockImplementation((file, flags, m) => {
      if (file === dir) events.push('open-dir');
      return openReal(file, flags, m);
    });
    const files = Array.from({ length: 20 }, (_, i) => path.join(dir, `t${i}.json`));
    try {
      const writer = freshWriter();
      await Promise.all(files.map((f, i) => writer.writeFileAtomic(f, `token-${i}\n`).then(() => events.push(`done t${i}.json`))));
    } finally {
      rename.mockRestore();
      open.mockRestore();
    }
    for (const f of files) {
      const name = path.basename(f);
      const renamed = events.indexOf(`rename ${name}`);
      const done = events.indexOf(`done ${name}`);
      expect(renamed).toBeGreaterThanOrEqual(0);
      expect(events.slice(renamed, done).includes('open-dir')).toBe(true);
      expect(mode(f)).toBe(0o600);
    }
    const directorySyncs = events.filter((e) => e === 'open-dir').length;
    expect(directorySyncs).toBeGreaterThanOrEqual(1);
    expect(directorySyncs).toBeLessThan(files.length);
  });

  test('a missing directory is reported as HANDOFF_WRITE_FAILED', async () => {
    await expect(writeFileAtomic(path.join(dir, 'absent', 'x.json'), 'NEW')).rejects.toMatchObject({ code: 'HANDOFF_WRITE_FAILED' });
  });

  test('a process killed mid-write leaves the old file intact; the next process to write in that directory sweeps its temp file', async () => {
    const file = path.join(dir, 'token.json');
    // Written without the module: this process's first atomic write here must be the one after the crash.
    fs.writeFileSync(file, JSON.stringify({ refresh_token: 'old-token' }), { mode: 0o600 });
    // The child runs the compiled writer (build first: npx tsc -p tsconfig.json) and kills itself before rename.
    const compiled = path.resolve(__dirname, '../../dist/src/handoff/atomic-write.js');
    expect(fs.existsSync(compiled)).toBe(true);
    const child = spawnSync(process.execPath, [
      '-e',
      `const w=require(${JSON.stringify(compiled)});w.writeFileAtomic(${JSON.stringify(file)}, 'NEW', {beforeRename(){process.kill(process.pid,'SIGKILL')}})`,
    ]);
    expect(child.signal).toBe('SIGKILL');
    expect(readTokenFile(file).apiToken).toBe('old-token');
    expect(fs.readdirSync(dir).filter((n) => n.includes('.tmp-'))).toHaveLength(1);
    // Another target in the same directory: the sweep is per directory, not per file.
    await writeFileAtomic(path.join(dir, 'other.env'), 'X=1\n');
    expect(fs.readdirSync(dir).sort()).toEqual(['other.env', 'token.json']);
  });

  test('the sweep removes only temp files whose writer no longer runs, and leaves other files alone', async () => {
    const gone = 2 ** 22 + 12345; // above Linux's largest pid: no such process
    const names = {
      crashedEarlierVersion: `.a.json.tmp-${gone}-0123456789ab`,
      crashed: `.b.env.tmp-${gone}-89abcdef1z`,
      ownLive: `.c.json.tmp-${process.pid}-0123456789ab`,
      parentLive: `.d.json.tmp-${process.ppid}-0123456789ab`,
      notOurSuffix: `.e.json.tmp-${gone}-not-ours`,
      notHidden: `f.json.tmp-${gone}-0123456789ab`,
    };
    for (const name of Object.values(names)) fs.writeFileSync(path.join(dir, name), 'x');
    await writeFileAtomic(path.join(dir, 'token.json'), 'NEW');
    const kept = fs.readdirSync(dir);
    expect(kept).not.toContain(names.crashedEarlierVersion);
    expect(kept).not.toContain(names.crashed);
    expect(kept.sort()).toEqual([names.ownLive, names.parentLive, names.notOurSuffix, names.notHidden, 'token.json'].sort());
  });

  test('a directory is listed for the sweep once per process, not once per write', async () => {
    const rawFs = jest.requireActual<typeof fs>('node:fs');
    const readdir = jest.spyOn(rawFs, 'readdirSync');
    try {
      const writer = freshWriter();
      for (let i = 0; i < 3; i++) await writer.writeFileAtomic(path.join(dir, `t${i}.json`), 'NEW');
      expect(readdir.mock.calls.filter(([d]) => path.resolve(String(d)) === dir)).toHaveLength(1);
    } finally {
      readdir.mockRestore();
    }
  });

  test('a missing directory is created private on the write that needs it, and a file in the way is named', async () => {
    const file = path.join(dir, 'a', 'b', 'token.json');
    await writeTokenFile(file, { apiToken: CANARY });
    expect(mode(path.join(dir, 'a', 'b'))).toBe(0o700);
    expect(readTokenFile(file).apiToken).toBe(CANARY);
    const blocker = path.join(dir, 'plain-file');
    fs.writeFileSync(blocker, 'x');
    await expect(writeEnvFile(path.join(blocker, 'sub', 'x.env'), tokenEnvEntries(CANARY))).rejects.toMatchObject({
      code: 'HANDOFF_WRITE_FAILED',
      message: expect.stringContaining(`${blocker} is a file, not a directory`),
    });
  });

  test('refuses a location inside a git work tree unless forced', async () => {
    const repo = path.join(dir, 'repo');
    fs.mkdirSync(path.join(repo, '.git'), { recursive: true });
    const file = path.join(repo, 'nested', 'token.json');
    await expect(writeTokenFile(file, { apiToken: CANARY })).rejects.toThrow(/git work tree.*--force/s);
    expect(fs.existsSync(file)).toBe(false);
    await writeTokenFile(file, { apiToken: CANARY }, { force: true });
    expect(mode(file)).toBe(0o600);
  });

  test('refuses a location inside cdktf.out unless forced', async () => {
    const file = path.join(dir, 'cdktf.out', 'token.json');
    try {
      await writeTokenFile(file, { apiToken: CANARY });
      throw new Error('expected a refusal');
    } catch (err) {
      expect((err as HandoffError).code).toBe('HANDOFF_UNSAFE_LOCATION');
      expect((err as Error).message).not.toContain(CANARY);
    }
    expect(fs.existsSync(file)).toBe(false);
  });
});

describe('readTokenFile', () => {
  test('refuses a group-readable file and says chmod 600', () => {
    const file = path.join(dir, 'token.json');
    fs.writeFileSync(file, JSON.stringify({ refresh_token: CANARY }));
    fs.chmodSync(file, 0o640);
    expect(() => readTokenFile(file)).toThrow(/chmod 600/);
  });

  test('reads the provider format and never echoes content on malformed JSON', () => {
    const file = path.join(dir, 'token.json');
    fs.writeFileSync(file, JSON.stringify({ refresh_token: CANARY }), { mode: 0o600 });
    expect(readTokenFile(file).apiToken).toBe(CANARY);
    fs.writeFileSync(file, `{"refresh_token": ${CANARY}`);
    try {
      readTokenFile(file);
      throw new Error('expected failure');
    } catch (err) {
      expect((err as HandoffError).code).toBe('HANDOFF_MALFORMED');
      expect(String((err as Error).message)).not.toContain(CANARY);
    }
  });
});

describe('env-file', () => {
  test('writes both variables, 0600, unquoted', async () => {
    const file = path.join(dir, 'acme.env');
    await writeEnvFile(file, tokenEnvEntries(CANARY));
    expect(mode(file)).toBe(0o600);
    expect(fs.readFileSync(file, 'utf8')).toBe(`VCD_API_TOKEN=${CANARY}\nTF_VAR_vcd_api_token=${CANARY}\n`);
  });

  test('skips an identical private file but rewrites a loose-mode or different one', async () => {
    const file = path.join(dir, 'acme.env');
    await writeEnvFile(file, tokenEnvEntries(CANARY));
    const inode = fs.statSync(file).ino;
    await writeEnvFile(file, tokenEnvEntries(CANARY));
    expect(fs.statSync(file).ino).toBe(inode); // not replaced: no rename happened
    fs.chmodSync(file, 0o644);
    await writeEnvFile(file, tokenEnvEntries(CANARY));
    expect(fs.statSync(file).ino).not.toBe(inode);
    expect(mode(file)).toBe(0o600);
    await writeEnvFile(file, tokenEnvEntries('other-token'));
    expect(fs.readFileSync(file, 'utf8')).toContain('VCD_API_TOKEN=other-token\n');
  });

  test('refuses values that would need quoting', () => {
    expect(() => formatEnvFile({ X: 'a b' })).toThrow(/not safe/);
    expect(() => formatEnvFile({ X: 'a\nB=c' })).toThrow(/not safe/);
    expect(() => formatEnvFile({ X: '$(rm -rf /)' })).toThrow(/not safe/);
  });
});
