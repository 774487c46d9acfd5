// Where secrets may be written. A token file inside a git work tree is one `git add -A` away from a
// repository, and anything under cdktf.out ends up in plan artifacts; both are refused unless forced.
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
