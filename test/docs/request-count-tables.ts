// The "Requests per command" tables of the docs read as data, so that test/cli/request-counts.test.ts can hold
// them against the counts it measures: a table is one whose header starts `| Command | Requests |`, a row's key is
// its Command cell as written, and each count cell starts with the count (a plain number; text may follow).
import { readDoc } from './markdown-blocks';

/** The count columns a table may have, by header, and the measured figure each is checked against. */
export const COUNT_COLUMNS = { Requests: 'requests', 'TLS connections': 'tlsConnections' } as const;
type CountColumn = keyof typeof COUNT_COLUMNS;

export interface MeasuredCounts {
  readonly requests: number;
  readonly tlsConnections: number;
}

export interface CountCell {
  readonly column: CountColumn;
  readonly text: string;
  /** The leading count; undefined when the cell does not start with exactly one number. */
  readonly count: number | undefined;
}

export interface CountRow {
  /** Path relative to the repository root. */
  readonly file: string;
  /** 1-based line of the row. */
  readonly line: number;
  /** The Command cell as written: the row's key. */
  readonly command: string;
  readonly cells: readonly CountCell[];
}

/** Cells of a table line, split on the pipes that are not escaped. */
function cellsOf(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
}

// A sum or a list ("4 + 1 + 1", "4, 4, 5") would be read as its first number: refused rather than misread.
const LEADING_COUNT = /^(\d+)(?!\d|\s*[+,]\s*\d)/;

/** Every row of every request-count table of `markdown` (tables inside code fences are not tables). */
export function parseCountTables(file: string, markdown: string): CountRow[] {
  const lines = markdown.split('\n');
  const rows: CountRow[] = [];
  let inFence = false;
  for (let i = 0; i < lines.length; i++) {
    if (/^\s*(`{3,}|~{3,})/.test(lines[i])) inFence = !inFence;
    if (inFence || !lines[i].trimStart().startsWith('|') || !/^\s*\|[\s:|-]+\|\s*$/.test(lines[i + 1] ?? '')) continue;
    const header = cellsOf(lines[i]);
    if (header[0] !== 'Command' || header[1] !== 'Requests') continue;
    const columns = header.map((h, index) => ({ h, index })).filter((c): c is { h: CountColumn; index: number } => c.h in COUNT_COLUMNS);
    let j = i + 2;
    for (; j < lines.length && lines[j].trimStart().startsWith('|'); j++) {
      const cells = cellsOf(lines[j]);
      rows.push({
        file,
        line: j + 1,
        command: cells[0],
        cells: columns.map(({ h, index }) => {
          const text = cells[index] ?? '';
          const leading = LEADING_COUNT.exec(text);
          return { column: h, text, count: leading ? Number(leading[1]) : undefined };
        }),
      });
    }
    i = j - 1;
  }
  return rows;
}

export interface Doc {
  readonly file: string;
  readonly markdown: string;
}

/** A project doc (README.md, docs/cli.md) as it is on disk. */
export function projectDoc(file: string): Doc {
  return { file, markdown: readDoc(file) };
}

/**
 * What the tables of `docs` state and `measured` (by row key) does not bear out, one line each naming the file,
 * the row and both numbers; empty when every row of every table matches. A doc without such a table, a row
 * with no measurement and a cell without a leading count are reported too.
 */
export function countTableMismatches(docs: readonly Doc[], measured: ReadonlyMap<string, MeasuredCounts>): string[] {
  const problems: string[] = [];
  for (const { file, markdown } of docs) {
    const rows = parseCountTables(file, markdown);
    if (rows.length === 0) problems.push(`${file}: no "| Command | Requests |" table`);
    problems.push(...rows.flatMap((row) => rowMismatches(row, measured.get(row.command))));
  }
  return problems;
}

function rowMismatches(row: CountRow, counts: MeasuredCounts | undefined): string[] {
  const where = `${row.file}:${row.line} row ${row.command}`;
  if (!counts) return [`${where}: no measured count for this row (test/cli/request-counts.test.ts records each row it measures)`];
  return row.cells.flatMap((cell) => {
    const actual = counts[COUNT_COLUMNS[cell.column]];
    if (cell.count === undefined) return [`${where}, ${cell.column}: "${cell.text}" does not start with one count (measured ${actual})`];
    return cell.count === actual ? [] : [`${where}, ${cell.column}: the table says ${cell.count}, measured ${actual}`];
  });
}
