// Relative links of README.md and docs/*.md point at files that exist, and #anchors at headings that exist.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { headingAnchors, projectDocs, readDoc, relativeLinks, ROOT } from './markdown-blocks';

// Written on other branches at the same time as the README links to them; once merged they are checked like
// every other file (the exception applies only while a file is missing).
const ADDED_BY_OTHER_BRANCHES: ReadonlySet<string> = new Set(['docs/service-accounts.md', 'docs/library.md']);

const links = projectDocs().flatMap(relativeLinks);

test('the docs link to each other (the check sees their links)', () => {
  expect(links.filter((l) => l.file === 'README.md' && l.target === 'docs/pipelines.md').length).toBeGreaterThan(0);
  expect(links.filter((l) => l.file === 'docs/cli.md' && l.target === 'pipelines.md' && l.anchor !== undefined).length).toBeGreaterThan(0);
});

test('every relative link names a file that exists', () => {
  const broken = links
    .map((l) => ({ ...l, resolved: path.relative(ROOT, path.resolve(ROOT, path.dirname(l.file), l.target || path.basename(l.file))) }))
    .filter((l) => !fs.existsSync(path.join(ROOT, l.resolved)) && !ADDED_BY_OTHER_BRANCHES.has(l.resolved))
    .map((l) => `${l.file}:${l.line} → ${l.target}`);
  expect(broken).toEqual([]);
});

test('every #anchor of a markdown link names a heading of its target', () => {
  const broken = links
    .filter((l) => l.anchor !== undefined)
    .map((l) => ({ ...l, resolved: path.relative(ROOT, path.resolve(ROOT, path.dirname(l.file), l.target || path.basename(l.file))) }))
    .filter((l) => l.resolved.endsWith('.md') && fs.existsSync(path.join(ROOT, l.resolved)))
    .filter((l) => !headingAnchors(readDoc(l.resolved)).has(l.anchor!))
    .map((l) => `${l.file}:${l.line} → ${l.target}#${l.anchor}`);
  expect(broken).toEqual([]);
});
