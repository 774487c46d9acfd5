// Saving and restoring the World. Writes are atomic (temp file in the same directory, fsync, rename) so a
// crash never leaves a half-written state file, and the file is mode 0600 because it holds password and
// token digests.
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { WorldError, WorldStateError } from './errors';
import { World } from './world';

/** Atomically writes `world.toJSON()` to `stateFile` with mode 0600. Throws `WorldStateError`. */
export function persistWorld(world: World, stateFile: string): void {
  writeFileAtomic(stateFile, `${JSON.stringify(world.toJSON(), null, 2)}\n`);
}

/** Reads a state file written by `persistWorld`. Throws `WorldStateError`. */
export function loadStateFile(stateFile: string): World {
  let text: string;
  try {
    text = readFileSync(stateFile, 'utf8');
  } catch (err) {
    throw new WorldStateError('STATE_FILE_UNREADABLE', stateFile, `cannot read the state file (${(err as NodeJS.ErrnoException).code ?? String(err)})`, { cause: err });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // The parser's message quotes file content (the state holds digests and names): neither shown nor kept as cause.
    throw new WorldStateError('STATE_NOT_JSON', stateFile, "not valid JSON (the parser's detail is not shown because it can quote the file); delete it to start from the seed again");
  }
  try {
    return World.fromJSON(json);
  } catch (err) {
    if (err instanceof WorldError) {
      throw new WorldStateError('STATE_INVALID', stateFile, `${err.message}; delete it to start from the seed again`, { cause: err });
    }
    throw err;
  }
}

/** Writes `content` to `file` via a same-directory temp file, fsync and rename; mode 0600. */
export function writeFileAtomic(file: string, content: string): void {
  const dir = dirname(file);
  const temp = join(dir, `.${basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'wx', 0o600);
    writeSync(fd, content);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, file);
  } catch (err) {
    if (fd !== undefined) closeSync(fd);
    try { unlinkSync(temp); } catch { /* the temp file may never have been created */ }
    throw new WorldStateError('STATE_WRITE_FAILED', file, `cannot write the state file (${(err as NodeJS.ErrnoException).code ?? String(err)})`, { cause: err });
  }
  syncDirectory(dir);
}

// Makes the rename durable; some platforms cannot open directories, which only weakens durability.
function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    /* best effort */
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
