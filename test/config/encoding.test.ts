// JSON exchanged between systems is UTF-8 (RFC 8259 §8.1). A config that is not (invalid bytes, UTF-16) is
// refused naming where and what to do, instead of being decoded into U+FFFD that ends up in resource names; a
// UTF-8 byte order mark, which RFC 8259 lets parsers ignore, is ignored. Oversized and deeply nested files, and
// keys named like Object.prototype members, get a message too.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadEnvironmentsConfig } from '../../src/config';
import { rejectedConfig } from './config-rejection';

let dir: string;
beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'envcfg-enc-')); });
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const VALID = {
  environments: [{ name: 'dev', vcdUrl: 'https://vcd.example.com/api', vcdVersion: '10.5.1', tenants: [{ name: 'acme', vdc: 'acme-vdc' }] }],
};

function write(content: Buffer | string): string {
  const file = path.join(dir, `cfg-${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(file, content);
  return file;
}

const rejected = rejectedConfig;

test('an invalid UTF-8 byte is refused with its line and column, never decoded into U+FFFD', () => {
  const text = JSON.stringify(VALID, null, 2).replace('acme-vdc', 'acme-vd\u0000');
  const bytes = Buffer.from(text, 'utf8');
  bytes[bytes.indexOf(0)] = 0xff;
  const file = write(bytes);
  const e = rejected(file);
  expect(e.code).toBe('CONFIG_INVALID_JSON');
  expect(e.message).toContain(file);
  expect(e.message).toMatch(/UTF-8/);
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes('acme-vd')) + 1;
  const column = lines[line - 1].indexOf('\u0000') + 1;
  expect(e.message).toContain(`line ${line}, column ${column}`);
  expect(e.message).toMatch(/save the file as UTF-8/);
});

test('a truncated multi-byte sequence at the end of the file is refused too', () => {
  const e = rejected(write(Buffer.concat([Buffer.from(JSON.stringify(VALID)), Buffer.from([0xe2, 0x82])])));
  expect(e.message).toMatch(/UTF-8/);
});

test('a UTF-8 byte order mark is ignored (RFC 8259 lets parsers ignore it)', () => {
  const cfg = loadEnvironmentsConfig(write(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(VALID))])));
  expect(cfg.environments[0].tenants[0].vdc).toBe('acme-vdc');
});

test.each([
  ['UTF-16 LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(JSON.stringify(VALID), 'utf16le')])],
  ['UTF-16 LE without BOM', Buffer.from(JSON.stringify(VALID), 'utf16le')],
  ['UTF-16 BE with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(JSON.stringify(VALID), 'utf16le').swap16()])],
])('%s is named as UTF-16, with what to do', (_label, bytes) => {
  const e = rejected(write(bytes));
  expect(e.code).toBe('CONFIG_INVALID_JSON');
  expect(e.message).toMatch(/UTF-16/);
  expect(e.message).toMatch(/save the file as UTF-8/);
});

test('a file far larger than any config is refused before it is parsed', () => {
  const file = write(Buffer.alloc(17 * 1024 * 1024, 0x20));
  const e = rejected(file);
  expect(e.code).toBe('CONFIG_UNREADABLE');
  expect(e.message).toMatch(/at most 16 MiB/);
  expect(e.message).toMatch(/17 MiB/);
});

test('deep nesting is reported by field, without a stack overflow', () => {
  const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
  const e = rejected(write(`{"environments": ${deep}}`));
  expect(e.message).toContain('environments[0]: expected an object (got an array)');
  const deepObject = `{"environments":[{"name":"dev","vcdUrl":"https://vcd.example.com/api","vcdVersion":"10.5.1","tenants":[{"name":"acme","network":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}]}]}`;
  expect(rejected(write(deepObject)).message).toContain('environments[0].tenants[0].network.a: expected no such field');
});

test.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])('a key named %s is an unknown field, at any level', (key) => {
  const doc = JSON.parse(JSON.stringify(VALID)) as { environments: Record<string, unknown>[] };
  const text = JSON.stringify(doc).replace('"name":"dev"', `"name":"dev","${key}":{"polluted":true}`).replace('{"environments"', `{"${key}":1,"environments"`);
  const e = rejected(write(text));
  expect(e.problems.map((p) => p.field)).toEqual([key, `environments[0].${key}`]);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

test('an environment named like an Object.prototype member is a valid name and loads', () => {
  const doc = { environments: [{ ...VALID.environments[0], name: 'constructor' }] };
  expect(loadEnvironmentsConfig(write(JSON.stringify(doc))).environments[0].name).toBe('constructor');
});
