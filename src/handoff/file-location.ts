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

const CHOOSE_ANOTHER = 'Choose a writable location (--token-dir or VCD_TOKEN_DIR for the token dir, --token-file or --env-output for one file)';

/**
 * Creates `dir` (and parents) with mode 0700 when missing; an existing directory is left as is. Throws
 * HANDOFF_WRITE_FAILED naming the directory, why, and what to do (never a raw errno, which would read as a bug).
 */
export function ensurePrivateDirectory(dir: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (err) {
    throw new HandoffError('HANDOFF_WRITE_FAILED', `Cannot create the directory ${dir} (${whyNot(dir, err)}). ${CHOOSE_ANOTHER}${permissionHint(err, nearestExisting(dir))}.`, {
      path: dir,
      cause: err,
    });
  }
}

/**
 * Pre-flight write check (before any token is requested): the directory of `file` can be created and
 * written. Nothing is left behind: an existing directory gets a private probe file, created and removed; a
 * missing one is not created here (a command that fails later, on credentials or an unknown --env, would
 * leave it empty), only its nearest existing ancestor is checked, as creating it on write will need.
 */
export function assertWritableLocation(file: string): void {
  const dir = path.dirname(path.resolve(file));
  const existing = nearestExisting(dir);
  if (existing !== dir || !isDirectory(dir)) {
    let problem: unknown;
    try {
      if (!isDirectory(existing)) problem = Object.assign(new Error(`${existing} is not a directory`), { code: 'ENOTDIR' });
      else fs.accessSync(existing, fs.constants.W_OK | fs.constants.X_OK);
    } catch (err) {
      problem = err;
    }
    if (problem === undefined) return;
    throw new HandoffError('HANDOFF_WRITE_FAILED', `Cannot create the directory ${dir} (${whyNot(dir, problem)}); no token was requested. ${CHOOSE_ANOTHER}${permissionHint(problem, existing)}.`, {
      path: dir,
      cause: problem,
    });
  }
  // Random as well as the pid: several commands may check the same location at once in one process.
  const probe = path.join(dir, `.${path.basename(file)}.probe-${process.pid}-${crypto.randomBytes(4).toString('hex')}`);
  try {
    const fd = fs.openSync(probe, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o600);
    fs.closeSync(fd);
    fs.unlinkSync(probe);
  } catch (err) {
    throw new HandoffError(
      'HANDOFF_WRITE_FAILED',
      `Cannot write to the directory ${dir} (${whyNot(dir, err)}); no token was requested. ${CHOOSE_ANOTHER}${permissionHint(err, dir)}.`,
      { path: dir, cause: err },
    );
  }
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** The errno code, with the path component that is in the way when one is (ENOTDIR, EEXIST). */
function whyNot(dir: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code ?? 'error';
  if (code === 'ENOTDIR' || code === 'EEXIST') {
    const blocker = nearestExisting(dir);
    try {
      if (!fs.statSync(blocker).isDirectory()) return `${code}: ${blocker} is a file, not a directory`;
    } catch {
      // fall through to the bare code
    }
  }
  if (code === 'EACCES' || code === 'EPERM') return `${code}: permission denied`;
  if (code === 'EROFS') return `${code}: read-only file system`;
  if (code === 'ENAMETOOLONG') return `${code}: the path is too long`;
  return code;
}

function permissionHint(err: unknown, where: string): string {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'EACCES' || code === 'EPERM' ? `, or make ${where} writable for this user` : '';
}

/** `dir` or its closest ancestor that exists (what the user has to fix). */
function nearestExisting(dir: string): string {
  let current = path.resolve(dir);
  for (;;) {
    if (fs.existsSync(current)) return current;
    const parent = path.dirname(current);
    if (parent === current) return current;
    current = parent;
  }
}
