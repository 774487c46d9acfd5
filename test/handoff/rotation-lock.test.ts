import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { acquireRotationLock } from '../../src/handoff';

let dir: string;
beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lock-')); });
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test('serialises holders and removes the lock on release', async () => {
  const file = path.join(dir, 't.json');
  const first = await acquireRotationLock(file);
  let secondAcquired = false;
  const second = acquireRotationLock(file, { pollMs: 10 }).then((l) => { secondAcquired = true; return l; });
  await new Promise((r) => setTimeout(r, 100));
  expect(secondAcquired).toBe(false);
  first.release();
  const lock2 = await second;
  expect(secondAcquired).toBe(true);
  lock2.release();
  expect(fs.existsSync(`${file}.lock`)).toBe(false);
});

test('breaks a lock whose owner process is gone', async () => {
  const file = path.join(dir, 't.json');
  fs.writeFileSync(`${file}.lock`, JSON.stringify({ pid: 2 ** 22 + 12345, host: os.hostname(), createdAt: Date.now(), nonce: 'x' }));
  const lock = await acquireRotationLock(file, { timeoutMs: 2000, pollMs: 10 });
  lock.release();
  expect(fs.readdirSync(dir)).toEqual([]);
});

test('times out on a live lock with a message naming the holder', async () => {
  const file = path.join(dir, 't.json');
  fs.writeFileSync(`${file}.lock`, JSON.stringify({ pid: process.pid, host: os.hostname(), createdAt: Date.now(), nonce: 'x' }));
  await expect(acquireRotationLock(file, { timeoutMs: 200, pollMs: 10 })).rejects.toThrow(new RegExp(`held by pid ${process.pid}`));
});

test('a wait that is not a finite number of milliseconds is refused at once, never an endless wait (NaN deadline)', async () => {
  const file = path.join(dir, 'nan.json');
  const held = await acquireRotationLock(file);
  try {
    for (const timeoutMs of [NaN, Infinity, -1]) {
      await expect(acquireRotationLock(file, { timeoutMs, pollMs: 10 })).rejects.toThrow(/timeoutMs must be a finite number of milliseconds, 0 or more/);
    }
  } finally {
    held.release();
  }
});

test('creates a missing token dir private, and a release never removes a lock that another holder has taken since', async () => {
  const file = path.join(dir, 'new', 't.json');
  const lock = await acquireRotationLock(file);
  expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
  // Ours was broken as stale and another holder took the lock: releasing ours must leave theirs.
  const theirs = JSON.stringify({ pid: process.ppid, host: os.hostname(), createdAt: Date.now(), nonce: 'theirs' });
  fs.writeFileSync(lock.path, theirs);
  lock.release();
  expect(fs.readFileSync(lock.path, 'utf8')).toBe(theirs);
});
