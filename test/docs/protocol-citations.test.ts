// Code and docs cite VCD facts from docs/vcd-protocol.md (or public sources), never from documents outside the
// repository; every `docs/vcd-protocol.md#section` they cite exists, and every evidence tag they use is explained
// in its table.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { headingAnchors } from './markdown-blocks';

const ROOT = path.resolve(__dirname, '..', '..');
const PROTOCOL = path.join(ROOT, 'docs', 'vcd-protocol.md');
const SCANNED = ['src', 'stacks', 'test', 'bench', 'docs', 'examples', 'schema'];

function files(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const file = path.join(dir, e.name);
    if (e.isDirectory()) return files(file);
    return /\.(ts|js|md|json|yml)$/.test(e.name) && e.name !== 'vcd-provider-schema.json' ? [file] : [];
  });
}

const sources = SCANNED.flatMap((d) => files(path.join(ROOT, d))).filter((f) => f !== __filename);
const text = (file: string): string => fs.readFileSync(file, 'utf8');

test('nothing cites the reference documents that are not in the repository', () => {
  const outside = /vcd-api\.md|users-and-peers|reliability-security|style-examples|ci-secret-stores/;
  expect(sources.filter((f) => outside.test(text(f))).map((f) => path.relative(ROOT, f))).toEqual([]);
});

test('every docs/vcd-protocol.md#section cited exists', () => {
  const known = headingAnchors(text(PROTOCOL));
  const broken = sources.flatMap((f) =>
    [...text(f).matchAll(/vcd-protocol\.md#([a-z0-9-]+)/g)].filter((m) => !known.has(m[1])).map((m) => `${path.relative(ROOT, f)}: #${m[1]}`),
  );
  expect(broken).toEqual([]);
  // The check reads anchors the way GitHub writes them.
  expect(known.has('service-accounts-and-the-device-flow')).toBe(true);
  expect(known.has('token-session-restrictions')).toBe(true);
});

test('every evidence tag used in the code is explained in the table of docs/vcd-protocol.md', () => {
  const table = new Set([...text(PROTOCOL).matchAll(/^\| ([A-Z][A-Z-]+) \|/gm)].map((m) => m[1]));
  const tag = /\b(GOVCD(?:-[A-Z])?|TPV|DOC-[A-Z]+|BLOG-[A-Z]+|CSE|CPI|EXTSDK|TSCL|VCFA)\b/g;
  const used = new Set(sources.filter((f) => f !== PROTOCOL).flatMap((f) => [...text(f).matchAll(tag)].map((m) => m[1])));
  expect(used.size).toBeGreaterThan(5);
  expect([...used].filter((t) => !table.has(t)).sort()).toEqual([]);
});
