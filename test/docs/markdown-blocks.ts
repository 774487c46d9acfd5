// Fenced code blocks and relative links of the project's markdown, for the docs tests.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');

export interface FencedBlock {
  /** Path relative to the repository root. */
  readonly file: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** First word of the info string (`sh`, `ts`, …); empty when the fence has none. */
  readonly language: string;
  /** The other words of the info string (markers such as `real-vcd`). */
  readonly markers: readonly string[];
  readonly code: string;
}

/** Languages whose blocks are shell commands. */
export const SHELL_LANGUAGES: ReadonlySet<string> = new Set(['sh', 'bash', 'shell', 'console', 'zsh']);

export function readDoc(file: string): string {
  return fs.readFileSync(path.join(ROOT, file), 'utf8');
}

/** Every fenced block (``` or ~~~, at any indentation) of a markdown file, in order. */
export function fencedBlocks(file: string): FencedBlock[] {
  const lines = readDoc(file).split('\n');
  const blocks: FencedBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*(.*)$/.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, info] = open;
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !new RegExp(`^\\s*${fence[0]}{${fence.length},}\\s*$`).test(lines[j])) {
      body.push(lines[j].startsWith(indent) ? lines[j].slice(indent.length) : lines[j]);
      j++;
    }
    if (j === lines.length) throw new Error(`${file}:${i + 1}: code fence is never closed`);
    const [language = '', ...markers] = info.trim().split(/\s+/).filter(Boolean);
    blocks.push({ file, line: i + 1, language, markers, code: body.join('\n') });
    i = j;
  }
  return blocks;
}

/** The project's markdown: README.md and docs/*.md. */
export function projectDocs(): string[] {
  const docs = fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`);
  return ['README.md', ...docs.sort()];
}

export interface RelativeLink {
  readonly file: string;
  readonly line: number;
  /** The target as written, without its #anchor. */
  readonly target: string;
  readonly anchor?: string;
}

/** Links `[text](target)` that are not URLs, outside code blocks and code spans. */
export function relativeLinks(file: string): RelativeLink[] {
  const links: RelativeLink[] = [];
  let inFence = false;
  readDoc(file).split('\n').forEach((text, i) => {
    if (/^\s*(`{3,}|~{3,})/.test(text)) inFence = !inFence;
    if (inFence) return;
    const prose = text.replace(/`[^`]*`/g, '');
    for (const [, href] of prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(href)) continue;
      const [target, anchor] = href.split('#');
      links.push({ file, line: i + 1, target, ...(anchor === undefined ? {} : { anchor }) });
    }
  });
  return links;
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
export function headingAnchors(markdown: string): Set<string> {
  let inFence = false;
  const anchors = new Set<string>();
  for (const line of markdown.split('\n')) {
    if (/^\s*(`{3,}|~{3,})/.test(line)) inFence = !inFence;
    const heading = inFence ? null : /^#{1,6}\s+(.+)$/.exec(line);
    if (heading) anchors.add(heading[1].trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-'));
  }
  return anchors;
}
