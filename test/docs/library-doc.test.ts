// docs/library.md is the reference users of the package read: it must list every entry of the exports map and
// every error code with the exit code vcd-token gives it, so neither can change without the page.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXIT_CODE_BY_ERROR_CODE, EXIT_OF_FIRST_FAILURE } from '../../src/cli/exit-codes';
import { packageEntries } from '../api-report/api-surface';

const DOC = fs.readFileSync(path.resolve(__dirname, '..', '..', 'docs', 'library.md'), 'utf8');

test('every error code has a row with its exit code (add a row to docs/library.md for a new code)', () => {
  const rows = new Map([...DOC.matchAll(/^\| `([A-Z]+_[A-Z_]*[A-Z])` \| ([^|]+) \|/gm)].map((m) => [m[1], m[2].trim()]));
  const expected = Object.entries(EXIT_CODE_BY_ERROR_CODE).map(([code, exit]) => [code, exit === EXIT_OF_FIRST_FAILURE ? "first failure's" : String(exit)]);
  expect(expected.length).toBeGreaterThan(50);
  expect(expected.filter(([code, exit]) => rows.get(code) !== exit)).toEqual([]);
  expect([...rows.keys()].filter((code) => !(code in EXIT_CODE_BY_ERROR_CODE))).toEqual([]); // no row for a code that is gone
});

test('every entry of the exports map is in the entries table', () => {
  const missing = packageEntries().map((e) => e.specifier).filter((s) => !DOC.includes(`| \`${s}\` |`));
  expect(missing).toEqual([]);
});
