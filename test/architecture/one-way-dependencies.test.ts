// Dependencies point one way: the library (src/) never reaches into the app (stacks/), the benchmarks or the
// tests; the app may use the library. Checked on the source text of every file, static and dynamic imports alike.
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

/** Every module specifier in TypeScript source: import/export … from, side-effect imports, import(), require(). */
export function moduleSpecifiers(source: string): string[] {
  const patterns = [
    /\b(?:import|export)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  return patterns.flatMap((re) => [...source.matchAll(re)].map((m) => m[1]));
}

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(file);
    return entry.name.endsWith('.ts') ? [file] : [];
  });
}

/** `file → target` for every relative import of a file under `from` that resolves into one of `forbidden`. */
function importsInto(from: string, forbidden: readonly string[]): string[] {
  const roots = forbidden.map((d) => path.join(ROOT, d) + path.sep);
  return tsFiles(path.join(ROOT, from)).flatMap((file) =>
    moduleSpecifiers(fs.readFileSync(file, 'utf8'))
      .filter((spec) => spec.startsWith('.'))
      .map((spec) => path.resolve(path.dirname(file), spec))
      .filter((target) => roots.some((root) => (target + path.sep).startsWith(root)))
      .map((target) => `${path.relative(ROOT, file)} → ${path.relative(ROOT, target)}`),
  );
}

test('the scanner sees every kind of import (so an empty result means something)', () => {
  const source = [
    "import { a } from '../../stacks/a';",
    "import type { B } from '../../stacks/b';",
    "export * from '../../stacks/c';",
    "import '../../stacks/d';",
    "const { e } = await import('../../stacks/e');",
    "const f = require('../../stacks/f');",
    "import {\n  g,\n  h,\n} from '../../stacks/gh';",
  ].join('\n');
  expect(moduleSpecifiers(source).sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'gh'].map((x) => `../../stacks/${x}`).sort());
});

test('no file under src/ imports from stacks/, bench/ or test/', () => {
  expect(importsInto('src', ['stacks', 'bench', 'test'])).toEqual([]);
});

test('the app (stacks/) does not import from bench/ or test/', () => {
  expect(importsInto('stacks', ['bench', 'test'])).toEqual([]);
});

test('the synth tooling and the main job live where the layout says', () => {
  for (const file of ['src/synth/schema-check.ts', 'src/synth/hcl-render.ts', 'src/synth/project-root.ts', 'src/synth/synthesize-app.ts', 'stacks/main-job.ts']) {
    expect({ file, exists: fs.existsSync(path.join(ROOT, file)) }).toEqual({ file, exists: true });
  }
  expect(fs.existsSync(path.join(ROOT, 'src', 'main-job'))).toBe(false);
});
