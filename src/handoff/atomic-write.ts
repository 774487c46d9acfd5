// Atomic private file writes: the target either keeps its old content or gets the complete new content, and
// is never readable by group/others at any moment. Temp file in the same directory (so rename is atomic),
// created with O_EXCL and mode 0600, written, fsynced, renamed over the target, then the directory fsynced.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HandoffError } from './handoff-error';

export interface AtomicWriteOptions {
  /** File mode of the result (also applied when the target already existed with another mode). @default 0o600 */
  readonly mode?: number;
  /** Test hook: runs (and is awaited) after the temp file is written and synced, before the rename. */
  readonly beforeRename?: (tempPath: string) => void | Promise<void>;
}

const TEMP_MARKER = '.tmp-';

/** Temp names carry the writer's pid so later writers can sweep leftovers of crashed processes. */
function tempPathFor(target: string): string {
  const dir = path.dirname(target);
  const base = path.basename(target);
  return path.join(dir, `.${base}${TEMP_MARKER}${process.pid}-${crypto.randomBytes(6).toString('hex')}`);
}

/**
 * Async so that concurrent writers (one per environment in a bootstrap) wait for fsync on the libuv thread
 * pool instead of blocking the event loop one after another.
 */
export async function writeFileAtomic(target: string, data: string | Buffer, options: AtomicWriteOptions = {}): Promise<void> {
  const mode = options.mode ?? 0o600;
  const dir = path.dirname(target);
  sweepStaleTempFiles(target);
  const temp = tempPathFor(target);
  let handle: fs.promises.FileHandle | undefined;
  try {
    handle = await fs.promises.open(temp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, mode);
    // The umask may have narrowed the mode; fchmod makes it exact before any data is written.
    await handle.chmod(mode);
    await writeAll(handle, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    await handle.sync();
    const opened = handle;
    handle = undefined;
    await opened.close();
    await options.beforeRename?.(temp);
    await fs.promises.rename(temp, target);
  } catch (err) {
    if (handle !== undefined) {
      try { await handle.close(); } catch { /* already failing */ }
    }
    try { await fs.promises.unlink(temp); } catch { /* not created or already renamed */ }
    if (err instanceof HandoffError) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? 'unknown';
    throw new HandoffError('HANDOFF_WRITE_FAILED', `Could not write ${target} (${code}). Check that the directory exists and is writable.`, { path: target, cause: err });
  }
  await fsyncDirectory(dir);
}

/** FileHandle.write may write less than asked; loop until the whole buffer is in the file. */
async function writeAll(handle: fs.promises.FileHandle, buffer: Buffer): Promise<void> {
  let offset = 0;
  while (offset < buffer.length) {
    const { bytesWritten } = await handle.write(buffer, offset, buffer.length - offset, offset);
    offset += bytesWritten;
  }
}

async function fsyncDirectory(dir: string): Promise<void> {
  let handle: fs.promises.FileHandle | undefined;
  try {
    handle = await fs.promises.open(dir, 'r');
    await handle.sync();
  } catch {
    // Some filesystems refuse fsync on directories; the rename is still atomic there.
  } finally {
    if (handle !== undefined) await handle.close();
  }
}

/** Removes temp files of this target left behind by writers that no longer run (crash, SIGKILL). */
export function sweepStaleTempFiles(target: string): void {
  const dir = path.dirname(target);
  const prefix = `.${path.basename(target)}${TEMP_MARKER}`;
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length).split('-')[0]);
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && !isProcessAlive(pid)) {
      try { fs.unlinkSync(path.join(dir, name)); } catch { /* raced with another sweeper */ }
    }
  }
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
