// One cdktf per process. cdktf brands its classes with Symbol.for(...), so a construct tree built with another
// copy of cdktf looks right to this one, but its aspects live under a per-copy Symbol: an ApiTokenAuthGuard added
// through this library's copy never runs when the other copy's App synthesizes. A second copy appears when an app
// and this library resolve `cdktf` to different directories (a version conflict, `npm link`, a nested install),
// so the constructs check before they add anything to a tree.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, TerraformStack } from 'cdktf';
import type { IConstruct } from 'constructs';
import { type CdktfCopyDescription, duplicateCdktfError } from '../errors';

/** Package directories under node_modules that are a copy of cdktf (CDK Terrain may be installed as either name). */
const CDKTF_PACKAGE = /[\\/]node_modules[\\/](?:cdktf|cdktn)$/;

const checkedRoots = new WeakSet<IConstruct>();
let ourCopy: string | undefined;

/**
 * Throws CONSTRUCT_DUPLICATE_CDKTF when the tree of `scope` was built with another copy of cdktf than this
 * library's, or when another copy is loaded in the process at all. Checked once per construct tree.
 */
export function assertSingleCdktf(scope: IConstruct): void {
  const root = scope.node.root;
  if (checkedRoots.has(root)) return;
  ourCopy ??= packageDir(require.resolve('cdktf'));
  const foreignTree = App.isApp(root) ? !(root instanceof App) : stacksOf(scope).some((s) => !(s instanceof TerraformStack));
  const others = [...loadedCdktfCopies().keys()].filter((dir) => dir !== ourCopy);
  if (foreignTree || others.length > 0) throw duplicateCdktfError(describeCopies(ourCopy, others, root), scope.node.path);
  checkedRoots.add(root);
}

/** Stacks on the path from `scope` up to the root, of any copy (the brand check works across copies). */
function stacksOf(scope: IConstruct): IConstruct[] {
  const stacks: IConstruct[] = [];
  for (let c: IConstruct | undefined = scope; c !== undefined; c = c.node.scope) if (TerraformStack.isStack(c)) stacks.push(c);
  return stacks;
}

/** Every copy of cdktf whose entry module is loaded: package directory → its entry module's exports. */
function loadedCdktfCopies(): Map<string, { App?: unknown }> {
  const copies = new Map<string, { App?: unknown }>();
  for (const file of Object.keys(require.cache)) {
    const dir = packageDir(file);
    if (!CDKTF_PACKAGE.test(dir) || copies.has(dir)) continue;
    const entry = require.cache[path.join(dir, 'lib', 'index.js')];
    if (entry !== undefined) copies.set(dir, entry.exports as { App?: unknown });
  }
  return copies;
}

function describeCopies(ours: string, others: readonly string[], root: IConstruct): CdktfCopyDescription[] {
  const loaded = loadedCdktfCopies();
  const usedByApp = (dir: string): boolean => {
    const AppOfCopy = loaded.get(dir)?.App;
    return typeof AppOfCopy === 'function' && root instanceof (AppOfCopy as new (...args: never[]) => unknown);
  };
  const copies = [ours, ...others].map((dir) => ({ dir, version: versionOf(dir), app: usedByApp(dir) }));
  // A tree from a copy that is not in require's cache: bundled into the app, or loaded again after the cache was reset.
  if (App.isApp(root) && !copies.some((c) => c.app)) copies.push({ dir: '(a copy not loaded through require: bundled, or loaded again)', version: 'unknown version', app: true });
  return copies.map((c) => ({
    dir: c.dir,
    version: c.version,
    role: [c.dir === ours ? 'used by vcd-api-tokens' : 'another copy', ...(c.app ? ['the App of this construct tree'] : [])].join(', '),
  }));
}

/** The package directory of a file below node_modules: `.../node_modules/<name>` or `.../node_modules/@scope/<name>`. */
function packageDir(file: string): string {
  const marker = `${path.sep}node_modules${path.sep}`;
  const at = file.lastIndexOf(marker);
  if (at < 0) return path.dirname(file);
  const rest = file.slice(at + marker.length).split(path.sep);
  const name = rest[0].startsWith('@') ? rest.slice(0, 2) : rest.slice(0, 1);
  return path.join(file.slice(0, at), 'node_modules', ...name);
}

function versionOf(dir: string): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
    return `${pkg.name ?? 'cdktf'}@${pkg.version ?? 'unknown'}`;
  } catch {
    return 'unknown version';
  }
}
