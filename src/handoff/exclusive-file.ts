// Creating a new private file that must not exist yet (O_EXCL): atomic-write's temp files and rotation locks.
// Synchronous: on a quiet filesystem the open costs tens of microseconds, less than a round trip through libuv's
// thread pool costs the event loop (bench/bootstrap.ts measured the reuse path slower with the pool).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensurePrivateDirectory } from './file-location';

const EXCLUSIVE = fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL;

export interface CreateExclusiveOptions {
  /** Create the directory (mode 0700, with parents) when it is missing. @default false */
  readonly createDirectory?: boolean;
}

/** Creates `file` with `mode` and returns its descriptor; throws EEXIST when it exists. */
export function createExclusiveFile(file: string, mode: number, options: CreateExclusiveOptions = {}): number {
  try {
    return fs.openSync(file, EXCLUSIVE, mode);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (options.createDirectory !== true || (code !== 'ENOENT' && code !== 'ENOTDIR')) throw err;
  }
  // Created when a write finds it missing rather than checked before every write; this names what is in the way.
  ensurePrivateDirectory(path.dirname(file));
  return fs.openSync(file, EXCLUSIVE, mode);
}
