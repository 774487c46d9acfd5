// Where secrets may be written. A token file inside a git work tree is one `git add -A` away from a
// repository, and anything under cdktf.out ends up in plan artifacts; both are refused unless forced.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HandoffError } from './handoff-error';

export interface LocationCheckOptions {
  /** Accept a location inside a git work tree or a cdktf.out directory. @default false */
  readonly force?: boolean;
}

/** The git work tree containing `file`, found by walking up for `.git` (directory or gitdir file). */
export function findGitWorkTree(file: string): string | undefined {
  let dir = path.dirname(path.resolve(file));
  for (;;) {
    if (fs.existsSync(path.join(dir, '.git'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Throws HANDOFF_UNSAFE_LOCATION when `file` is in a git work tree or a cdktf.out directory (unless forced). */
export function assertSafeSecretLocation(file: string, options: LocationCheckOptions = {}): void {
  if (options.force) return;
  const absolute = path.resolve(file);
  if (absolute.split(path.sep).includes('cdktf.out')) {
    throw new HandoffError(
      'HANDOFF_UNSAFE_LOCATION',
      `Refusing to write a secret to ${absolute}: it is inside a cdktf.out directory, which is synthesized output that gets archived and uploaded. Choose a path outside it (e.g. $RUNNER_TEMP or the default token dir), or pass --force.`,
      { path: absolute },
    );
  }
  const workTree = findGitWorkTree(absolute);
  if (workTree !== undefined) {
    throw new HandoffError(
      'HANDOFF_UNSAFE_LOCATION',
      `Refusing to write a secret to ${absolute}: it is inside the git work tree ${workTree}, where it could be committed. Choose a path outside it (e.g. $RUNNER_TEMP or the default token dir), or pass --force.`,
      { path: absolute },
    );
  }
}

/** Creates `dir` (and parents) with mode 0700 when missing; an existing directory is left as is. */
export function ensurePrivateDirectory(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/**
 * Pre-flight write check (before any token is requested): the directory of `file` can be created and
 * written. Done by creating and removing a private probe file, so a token is never minted only to be lost.
 */
export function assertWritableLocation(file: string): void {
  const dir = path.dirname(path.resolve(file));
  // Random as well as the pid: several commands may check the same location at once in one process.
  const probe = path.join(dir, `.${path.basename(file)}.probe-${process.pid}-${crypto.randomBytes(4).toString('hex')}`);
  try {
    ensurePrivateDirectory(dir);
    const fd = fs.openSync(probe, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o600);
    fs.closeSync(fd);
    fs.unlinkSync(probe);
  } catch (err) {
    throw new HandoffError(
      'HANDOFF_WRITE_FAILED',
      `Cannot write to ${dir} (${(err as NodeJS.ErrnoException).code ?? 'error'}); no token was requested. Choose a writable location.`,
      { path: dir, cause: err },
    );
  }
}
