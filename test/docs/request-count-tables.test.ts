// The docs' request-count tables are read and compared as test/cli/request-counts.test.ts relies on: here on
// doctored tables, so a drifted count, a row nobody measures and a count that is not one number each fail.
import { countTableMismatches, type MeasuredCounts, parseCountTables, projectDoc } from './request-count-tables';

const TABLE = [
  'Intro text; `| Command | Requests |` in prose is no table.',
  '',
  '| Command | Requests | TLS connections |',
  '|---|---|---|',
  '| `exchange` | 1 (the grant) | 1 |',
  '| `create` | 6: 4 (versions, login, register, grant) + 1 same-name check + 1 logout | 1 |',
  '| `bootstrap`, reusing a token | 1 per tenant, no version call | 1 per tenant at a time, per host |',
  '',
  '| Command | What it does |',
  '|---|---|',
  '| `create` | 99 ways to mint a token |',
  '',
  '```md',
  '| Command | Requests |',
  '|---|---|',
  '| `create` | 99 |',
  '```',
].join('\n');

const MEASURED = new Map<string, MeasuredCounts>([
  ['`exchange`', { requests: 1, tlsConnections: 1 }],
  ['`create`', { requests: 6, tlsConnections: 1 }],
  ['`bootstrap`, reusing a token', { requests: 1, tlsConnections: 1 }],
]);

test('a table is read row by row: the Command cell as key, each count column by its leading number, other tables and fenced ones skipped', () => {
  expect(parseCountTables('DOC.md', TABLE).map((r) => ({ line: r.line, command: r.command, counts: r.cells.map((c) => [c.column, c.count]) }))).toEqual([
    { line: 5, command: '`exchange`', counts: [['Requests', 1], ['TLS connections', 1]] },
    { line: 6, command: '`create`', counts: [['Requests', 6], ['TLS connections', 1]] },
    { line: 7, command: '`bootstrap`, reusing a token', counts: [['Requests', 1], ['TLS connections', 1]] },
  ]);
});

test('tables that state what was measured pass', () => {
  expect(countTableMismatches([{ file: 'DOC.md', markdown: TABLE }], MEASURED)).toEqual([]);
});

test('a drifted count fails naming the file, its line, the row, the column and both numbers', () => {
  const doctored = TABLE.replace('| `create` | 6:', '| `create` | 7:').replace('| `exchange` | 1 (the grant) | 1 |', '| `exchange` | 1 (the grant) | 2 |');
  expect(countTableMismatches([{ file: 'DOC.md', markdown: doctored }], MEASURED)).toEqual([
    'DOC.md:5 row `exchange`, TLS connections: the table says 2, measured 1',
    'DOC.md:6 row `create`, Requests: the table says 7, measured 6',
  ]);
});

test('a sum, a list or words where the count should lead fail rather than being read as their first number', () => {
  const doctored = TABLE.replace('| `create` | 6: 4 (', '| `create` | 4 + 1 + 1 (').replace('| 1 per tenant, no version call |', '| one per tenant |');
  expect(countTableMismatches([{ file: 'DOC.md', markdown: doctored }], MEASURED)).toEqual([
    'DOC.md:6 row `create`, Requests: "4 + 1 + 1 (versions, login, register, grant) + 1 same-name check + 1 logout" does not start with one count (measured 6)',
    'DOC.md:7 row `bootstrap`, reusing a token, Requests: "one per tenant" does not start with one count (measured 1)',
  ]);
  expect(parseCountTables('DOC.md', '| Command | Requests |\n|---|---|\n| `status`, `list` | 4, 4: versions |')[0].cells[0].count).toBeUndefined();
});

test('a row nobody measures and a doc without a count table fail', () => {
  const added = TABLE.replace('| `exchange` |', '| `exchange --verify` | 3 | 1 |\n| `exchange` |');
  expect(countTableMismatches([{ file: 'DOC.md', markdown: added }, { file: 'EMPTY.md', markdown: '# Nothing counted here\n' }], MEASURED)).toEqual([
    'DOC.md:5 row `exchange --verify`: no measured count for this row (test/cli/request-counts.test.ts records each row it measures)',
    'EMPTY.md: no "| Command | Requests |" table',
  ]);
});

test('README.md and docs/cli.md have the tables the request-count test holds against the CLI', () => {
  const rows = ['README.md', 'docs/cli.md'].map(projectDoc).flatMap((d) => parseCountTables(d.file, d.markdown));
  expect(rows.filter((r) => r.file === 'README.md').map((r) => r.command)).toContain('`create`');
  expect(rows.filter((r) => r.file === 'docs/cli.md').map((r) => r.command)).toEqual(expect.arrayContaining(['`create`', '`service-account create`', '`service-account push`']));
  expect(rows.every((r) => r.cells.every((c) => c.count !== undefined))).toBe(true);
});
