// Atomic private file writes: the target either keeps its old content or gets the complete new content, and
// is never readable by group/others at any moment. Temp file in the same directory (so rename is atomic),
// created with O_EXCL and mode 0600, written, fsynced, renamed over the target, then the directory fsynced.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { GroupCommit } from './group-commit';
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

const fsync = promisify(fs.fsync);

/**
 * Only the fsyncs go to the libuv thread pool, so that concurrent writers (one per environment in a bootstrap)
 * wait for the disk there instead of blocking the event loop one after another. The other steps are quick
 * system calls, made synchronously: through fs.promises each would cost several times its own CPU time.
 */
export async function writeFileAtomic(target: string, data: string | Buffer, options: AtomicWriteOptions = {}): Promise<void> {
  const mode = options.mode ?? 0o600;
  const dir = path.dirname(target);
  sweepStaleTempFiles(target);
  const temp = tempPathFor(target);
  let fd: number | undefined;
  try {
    fd = fs.openSync(temp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, mode);
    // The umask may have narrowed the mode; fchmod makes it exact before any data is written.
    fs.fchmodSync(fd, mode);
    writeAll(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    await fsync(fd);
    const opened = fd;
    fd = undefined;
    fs.closeSync(opened);
    await options.beforeRename?.(temp);
    fs.renameSync(temp, target);
  } catch (err) {
    if (fd !== undefined) {
      try { fs.closeSync(fd); } catch { /* already failing */ }
    }
    try { fs.unlinkSync(temp); } catch { /* not created or already renamed */ }
    if (err instanceof HandoffError) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? 'unknown';
    throw new HandoffError('HANDOFF_WRITE_FAILED', `Could not write ${target} (${code}). Check that the directory exists and is writable.`, { path: target, cause: err });
  }
  await fsyncDirectory(dir);
}

/** A write may take less than asked; loop until the whole buffer is in the file. */
function writeAll(fd: number, buffer: Buffer): void {
  let offset = 0;
  while (offset < buffer.length) offset += fs.writeSync(fd, buffer, offset, buffer.length - offset, offset);
}

// One fsync of a directory makes every rename done in it before the fsync started durable: concurrent writers in
// one token dir share them (group commit). Entries are dropped once no sync of that directory is in flight.
const directorySyncs = new Map<string, GroupCommit>();

/** Resolves once an fsync of `dir` that started after this call has finished. */
function fsyncDirectory(dir: string): Promise<void> {
  const syncs = directorySyncs.get(dir) ?? new GroupCommit(() => fsyncDirectoryNow(dir));
  directorySyncs.set(dir, syncs);
  const sync = syncs.request();
  const forget = () => {
    if (syncs.last === sync) directorySyncs.delete(dir);
  };
  sync.then(forget, forget);
  return sync;
}

async function fsyncDirectoryNow(dir: string): Promise<void> {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    await fsync(fd);
  } catch {
    // Some filesystems refuse fsync on directories; the rename is still atomic there.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
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
