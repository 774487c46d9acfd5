// Builds what a user has after `npm install`: the package packed with `npm pack` and installed, next to cdktf and
// constructs, into a copy of the committed template examples/consumer-app/. Installs prefer the npm cache.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export { filesUnder, tempDir } from '../stacks/helpers';

export const ROOT = path.resolve(__dirname, '..', '..');
export const TEMPLATE = path.join(ROOT, 'examples', 'consumer-app');
/** The template's files (what a user copies); everything else in an app dir is generated. */
export const TEMPLATE_FILES = ['package.json', 'cdktf.json', 'tsconfig.json', 'main.ts'] as const;

export interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The environment of child processes: npm's per-script variables of the outer `npm run` dropped. */
export function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_(package|lifecycle)_/.test(k) && k !== 'INIT_CWD') env[k] = v;
  return { ...env, CHECKPOINT_DISABLE: '1', ...extra };
}

export function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = childEnv()): Run {
  const r: SpawnSyncReturns<string> = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Like `run`, but a non-zero exit throws with the command's output. */
export function runOk(command: string, args: readonly string[], cwd: string, env?: NodeJS.ProcessEnv): Run {
  const r = run(command, args, cwd, env);
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} (in ${cwd}) exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r;
}

/** `npm pack` of the built repository (dist/ must be current: the npm script builds first) into `dir`. */
export function packTarball(dir: string): string {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'src', 'index.js'))) throw new Error('dist/ is missing: run `npm run build` first');
  const r = runOk('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], ROOT);
  const [{ filename }] = JSON.parse(r.stdout) as [{ filename: string }];
  return path.join(dir, filename);
}

/** A copy of the template in a new directory under `parent`, depending on `tarball` instead of the template's path. */
export function consumerApp(parent: string, tarball: string, name = 'app'): string {
  const app = path.join(parent, name);
  fs.mkdirSync(app, { recursive: true });
  for (const file of TEMPLATE_FILES) fs.copyFileSync(path.join(TEMPLATE, file), path.join(app, file));
  const pkg = JSON.parse(fs.readFileSync(path.join(app, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  pkg.dependencies['vcd-api-tokens'] = `file:${tarball}`;
  fs.writeFileSync(path.join(app, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  return app;
}

/** `npm install` in the app, from the cache where it can. */
export function npmInstall(app: string): void {
  runOk('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], app);
}
