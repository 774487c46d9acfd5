// The published declarations must compile in apps without `esModuleInterop` (cdktf's own templates leave it to
// the app): a default import of a CommonJS module (`import http from 'node:http'`) in a .d.ts fails there with
// TS1192. The consumer test compiles an app both ways; this catches it in `npm test`, from the built dist/.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { filesUnder } from '../stacks/helpers';

const DIST_SRC = path.resolve(__dirname, '..', '..', 'dist', 'src');

test('no emitted declaration default-imports a module', () => {
  const declarations = filesUnder(DIST_SRC).filter((f) => f.endsWith('.d.ts'));
  expect(declarations.length).toBeGreaterThan(20);
  const defaultImports = declarations.flatMap((f) =>
    fs.readFileSync(f, 'utf8').split('\n')
      .filter((line) => /^import (?!type\b)[A-Za-z_$][\w$]*(\s*,\s*\{[^}]*\})? from /.test(line))
      .map((line) => `${path.relative(DIST_SRC, f)}: ${line}`));
  expect(defaultImports).toEqual([]);
});
