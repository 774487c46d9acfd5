// Creating a new private file that must not exist yet (O_EXCL): atomic-write's temp files and rotation locks.
// The open runs on libuv's thread pool: allocating an inode is the costliest step of a small write (a tenth of a
// millisecond or more while other writers' fsyncs hold the filesystem journal), and fifty environments creating
// their files at once would otherwise spend it one after another on the event loop.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { ensurePrivateDirectory } from './file-location';

const open = promisify(fs.open);
const EXCLUSIVE = fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL;

export interface CreateExclusiveOptions {
  /** Create the directory (mode 0700, with parents) when it is missing. @default false */
  readonly createDirectory?: boolean;
}

/** Creates `file` with `mode` and returns its descriptor; EEXIST when it exists. */
export async function createExclusiveFile(file: string, mode: number, options: CreateExclusiveOptions = {}): Promise<number> {
  try {
    return await open(file, EXCLUSIVE, mode);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (options.createDirectory !== true || (code !== 'ENOENT' && code !== 'ENOTDIR')) throw err;
  }
  // Created when a write finds it missing rather than checked before every write; this names what is in the way.
  ensurePrivateDirectory(path.dirname(file));
  return open(file, EXCLUSIVE, mode);
}
