// Cross-process serialisation of token rotations on one host: `<token file>.lock` created with O_EXCL,
// holding the owner's pid, host and start time. A lock whose owner process is gone (same host) or that is
// older than `staleAfterMs` is broken; breaking renames the lock away first so two breakers cannot both win.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { isProcessAlive } from './atomic-write';
import { createExclusiveFile } from './exclusive-file';
import { HandoffError } from './handoff-error';

export interface LockOptions {
  /** Give up waiting after this long. @default 120000 */
  readonly timeoutMs?: number;
  /** A lock older than this is considered abandoned. @default 600000 */
  readonly staleAfterMs?: number;
  /** Poll interval while waiting. @default 100 */
  readonly pollMs?: number;
}

export interface HeldLock {
  readonly path: string;
  release(): void;
}

interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly createdAt: number;
  readonly nonce: string;
}

export function lockPathFor(tokenFile: string): string {
  return `${tokenFile}.lock`;
}

function readOwner(lockPath: string): { owner?: LockOwner; text?: string; mtimeMs?: number } {
  try {
    const text = fs.readFileSync(lockPath, 'utf8');
    const mtimeMs = fs.statSync(lockPath).mtimeMs;
    try {
      return { owner: JSON.parse(text) as LockOwner, text, mtimeMs };
    } catch {
      return { text, mtimeMs };
    }
  } catch {
    return {};
  }
}

function isStale(info: { owner?: LockOwner; mtimeMs?: number }, staleAfterMs: number): boolean {
  const createdAt = info.owner?.createdAt ?? info.mtimeMs;
  if (createdAt !== undefined && Date.now() - createdAt > staleAfterMs) return true;
  if (info.owner && info.owner.host === os.hostname() && !isProcessAlive(info.owner.pid)) return true;
  // An unparseable lock (writer died between create and write) is judged by age only, with a short grace.
  return info.owner === undefined && info.mtimeMs !== undefined && Date.now() - info.mtimeMs > 5000;
}

function tryBreakStale(lockPath: string, staleAfterMs: number): void {
  const info = readOwner(lockPath);
  if (info.text === undefined || !isStale(info, staleAfterMs)) return;
  const aside = `${lockPath}.stale-${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
  try {
    fs.renameSync(lockPath, aside);
  } catch {
    return; // someone else broke it first
  }
  // If the file we moved is not the one we judged stale, a live owner took the lock meanwhile: put it back.
  const moved = readOwner(aside);
  if (moved.text !== info.text) {
    try { fs.linkSync(aside, lockPath); } catch { /* a newer lock exists; ours would be redundant */ }
  }
  try { fs.unlinkSync(aside); } catch { /* ignore */ }
}

function readLockText(lockPath: string): string | undefined {
  try {
    return fs.readFileSync(lockPath, 'utf8');
  } catch {
    return undefined;
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Waits for and takes the rotation lock of `tokenFile`. Always release it in `finally`. */
export async function acquireRotationLock(tokenFile: string, options: LockOptions = {}): Promise<HeldLock> {
  const lockPath = lockPathFor(tokenFile);
  const timeoutMs = options.timeoutMs ?? 120_000;
  // A NaN deadline never passes: a wait that is not a number would block forever behind a held lock.
  if (!Number.isFinite(timeoutMs) || timeoutMs < 0) throw new RangeError(`timeoutMs must be a finite number of milliseconds, 0 or more (got ${String(timeoutMs)}).`);
  const staleAfterMs = options.staleAfterMs ?? 600_000;
  const pollMs = options.pollMs ?? 100;
  const deadline = Date.now() + timeoutMs;
  const owner: LockOwner = { pid: process.pid, host: os.hostname(), createdAt: Date.now(), nonce: crypto.randomBytes(8).toString('hex') };
  const ownerText = JSON.stringify(owner);
  for (;;) {
    try {
      // The directory may be new, or removed by a run that failed before writing anything (it leaves none).
      const fd = createExclusiveFile(lockPath, 0o600, { createDirectory: true });
      try {
        fs.writeSync(fd, ownerText);
      } finally {
        fs.closeSync(fd);
      }
      let released = false;
      return {
        path: lockPath,
        release() {
          if (released) return;
          released = true;
          // Only remove the lock if it is still ours (it may have been broken as stale meanwhile).
          if (readLockText(lockPath) === ownerText) {
            try { fs.unlinkSync(lockPath); } catch { /* already gone */ }
          }
        },
      };
    } catch (err) {
      if (err instanceof HandoffError) throw err;
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') {
        throw new HandoffError('HANDOFF_WRITE_FAILED', `Cannot create lock file ${lockPath} (${code}).`, { path: lockPath, cause: err });
      }
    }
    tryBreakStale(lockPath, staleAfterMs);
    if (Date.now() >= deadline) {
      const holder = readOwner(lockPath).owner;
      throw new HandoffError(
        'HANDOFF_LOCK_TIMEOUT',
        `Timed out after ${timeoutMs} ms waiting for ${lockPath}${holder ? ` (held by pid ${holder.pid} on ${holder.host})` : ''}. Another rotation of this token file is running; if none is, delete the lock file.`,
        { path: lockPath },
      );
    }
    await sleep(pollMs + Math.floor(Math.random() * pollMs));
  }
}
