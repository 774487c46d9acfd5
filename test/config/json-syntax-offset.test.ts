// The scanner that locates a JSON syntax error agrees with JSON.parse on what is valid, and stops at the first
// character that breaks the grammar.
import { jsonSyntaxErrorOffset } from '../../src/config/json-syntax-offset';

test.each([
  '{}', '[]', '0', '-1.5e+3', '"x"', 'true', 'null', ' {"a": [1, 2, {"b": null}], "c": "\\u00e9\\n"} ',
  JSON.stringify({ environments: [{ name: 'dev', tenants: [{ n: 1.25, ok: false }] }] }, null, 2),
  `${'['.repeat(20_000)}${']'.repeat(20_000)}`,
])('valid: %s', (text) => {
  expect(() => JSON.parse(text)).not.toThrow();
  expect(jsonSyntaxErrorOffset(text)).toBeUndefined();
});

test.each([
  ['', 0], ['{', 1], ['{"a":1,}', 7], ['[1,]', 3], ['[1 2]', 3], ['{a:1}', 1], ["{'a':1}", 1], ['01', 1], ['.5', 0],
  ['"a\tb"', 2], ['"\\x"', 1], ['"\\u12"', 1], ['nul', 0], ['{"a" 1}', 5], ['[] x', 3], ['"open', 5],
])('invalid: %j breaks at %i', (text, offset) => {
  expect(() => JSON.parse(text)).toThrow();
  expect(jsonSyntaxErrorOffset(text)).toBe(offset);
});
