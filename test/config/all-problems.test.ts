// A config with several mistakes is reported in one run, every problem with its field path, so a user fixing a
// new environment does not discover them one by one.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ConfigError } from '../../src/config';
import { rejectedConfig } from './config-rejection';

let dir: string;
beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'envcfg-all-')); });
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function load(doc: unknown): ConfigError {
  const file = path.join(dir, `cfg-${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(file, JSON.stringify(doc));
  return rejectedConfig(file);
}

const tenant = (name: string, extra: Record<string, unknown> = {}) => ({ name, ...extra });

test('every problem of a file is reported at once, in document order, each naming its field', () => {
  const e = load({
    environments: [
      {
        name: 'Dev',                                   // bad name
        vcdUrl: 'http://vcd.example.com/api',          // not https
        vcdVersion: '9.7',                             // unsupported
        tenants: [
          tenant('acme', { network: { name: 'n', gateway: '10.0.0.0', prefixLength: 24 } }), // network address
          tenant('globex', { vdc: ' padded' }),        // leading space
          tenant('initech', { colour: 'red' }),        // unknown field
        ],
      },
      { name: 'prod', vcdUrl: 'https://vcd.example.com/api', vcdVersion: '10.5.1' }, // tenants missing
    ],
  });
  expect(e.problems.map((p) => p.field)).toEqual([
    'environments[0].name',
    'environments[0].vcdUrl',
    'environments[0].vcdVersion',
    'environments[0].tenants[0].network.gateway',
    'environments[0].tenants[1].vdc',
    'environments[0].tenants[2].colour',
    'environments[1].tenants',
  ]);
  expect(e.message).toMatch(/7 problems/);
  for (const p of e.problems) expect(e.message).toContain(`${p.field}: expected ${p.expected}`);
  // The first problem stays the error's own code and field (callers that read one still get one).
  expect([e.code, e.field]).toEqual(['CONFIG_BAD_NAME', 'environments[0].name']);
  expect(e.toJSON()).toMatchObject({ problems: expect.arrayContaining([expect.objectContaining({ field: 'environments[1].tenants', code: 'CONFIG_MISSING_FIELD' })]) });
});

test('a single problem keeps the one-line message', () => {
  const e = load({ environments: [{ name: 'dev', vcdUrl: 'https://vcd.example.com/api', vcdVersion: '10.5.1', tenants: [tenant('acme', { vdc: 7 })] }] });
  expect(e.problems).toHaveLength(1);
  expect(e.message).toMatch(/: environments\[0\]\.tenants\[0\]\.vdc: expected a string \(got the number 7\)$/);
});

test('duplicates are still found among the entries that are valid, next to problems elsewhere', () => {
  const e = load({
    environments: [
      { name: 'dev', vcdUrl: 'https://vcd.example.com/api', vcdVersion: '10.5.1', tenants: [tenant('acme'), tenant('ACME'), tenant('bad name')] },
      { name: 'dev', vcdUrl: 'https://vcd2.example.com/api', vcdVersion: '10.5.1', tenants: [tenant('x')] },
    ],
  });
  expect(e.problems.map((p) => [p.code, p.field])).toEqual([
    ['CONFIG_BAD_NAME', 'environments[0].tenants[2].name'],
    ['CONFIG_DUPLICATE', 'environments[0].tenants[1].name'],
    ['CONFIG_DUPLICATE', 'environments[1].name'],
  ]);
});

test('a missing required field is reported once, not again as a wrong type', () => {
  const e = load({ environments: [{ name: 'dev', vcdVersion: '10.5.1', tenants: [{}] }] });
  expect(e.problems.map((p) => [p.code, p.field])).toEqual([
    ['CONFIG_MISSING_FIELD', 'environments[0].vcdUrl'],
    ['CONFIG_MISSING_FIELD', 'environments[0].tenants[0].name'],
  ]);
});
