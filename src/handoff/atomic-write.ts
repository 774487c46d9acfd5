// Atomic private file writes: the target either keeps its old content or gets the complete new content, and
// is never readable by group/others at any moment. Temp file in the same directory (so rename is atomic),
// created with O_EXCL and mode 0600, written, fsynced, renamed over the target, then the directory fsynced.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { createExclusiveFile } from './exclusive-file';
import { GroupCommit } from './group-commit';
import { HandoffError } from './handoff-error';

export interface AtomicWriteOptions {
  /** File mode of the result (also applied when the target already existed with another mode). @default 0o600 */
  readonly mode?: number;
  /** Create the directory (mode 0700, with parents) when it is missing; an existing one is left as is. @default false */
  readonly createDirectory?: boolean;
  /** Test hook: runs (and is awaited) after the temp file is written and synced, before the rename. */
  readonly beforeRename?: (tempPath: string) => void | Promise<void>;
}

const TEMP_MARKER = '.tmp-';
/** `.<target name>.tmp-<pid>-<8 hex tag><counter>` (or the 12 hex of earlier versions): all the sweep may remove. */
const TEMP_NAME = /^\..+\.tmp-(\d+)-[0-9a-f]{8}[0-9a-z]+$/;

// Temp names carry the writer's pid so later writers can sweep leftovers of crashed processes. A random tag drawn
// once per process plus a counter keeps them unique without a random draw per write; the tag keeps a reused pid
// from meeting a crashed writer's name.
const PROCESS_TAG = crypto.randomBytes(4).toString('hex');
let tempCount = 0;

function tempPathFor(target: string): string {
  tempCount += 1;
  return path.join(path.dirname(target), `.${path.basename(target)}${TEMP_MARKER}${process.pid}-${PROCESS_TAG}${tempCount.toString(36)}`);
}

const fsync = promisify(fs.fsync);

/**
 * Only the fsyncs go to the libuv thread pool, so that concurrent writers (one per environment in a bootstrap)
 * wait for the disk there instead of blocking the event loop one after another. The other steps are quick
 * system calls, made synchronously: through the pool each would cost more event-loop time than the call itself.
 */
export async function writeFileAtomic(target: string, data: string | Buffer, options: AtomicWriteOptions = {}): Promise<void> {
  const mode = options.mode ?? 0o600;
  const dir = path.dirname(target);
  sweepStaleTempFiles(dir);
  const temp = tempPathFor(target);
  let fd: number | undefined;
  try {
    fd = createExclusiveFile(temp, mode, { createDirectory: options.createDirectory });
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

// Directories this process has swept. Leftovers are inert (hidden, never read), so one sweep per directory and
// process is enough; a sweep per write cost a directory listing per file, fifty of them in a big bootstrap.
const sweptDirectories = new Set<string>();

/**
 * Removes the temp files in `dir` that writers which no longer run (crash, SIGKILL) left behind, the first time
 * this process writes there; a later crash's leftovers go at the next process's first write.
 */
export function sweepStaleTempFiles(dir: string): void {
  const key = path.resolve(dir);
  if (sweptDirectories.has(key)) return;
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return; // missing: nothing to sweep yet
  }
  sweptDirectories.add(key);
  for (const name of names) {
    const pid = Number(TEMP_NAME.exec(name)?.[1]);
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
