// A config that is not valid JSON is reported by position only: Node's parser messages quote the file around
// the error, and whatever was pasted there (a secret, by mistake) must not reach logs.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError, loadEnvironmentsConfig } from '../../src/config';

const CANARY = 'hunter2-SECRET-CANARY-7f3a';
let dir: string;
beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'envcfg-json-')); });
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function errorFor(text: string): ConfigError {
  const file = path.join(dir, `cfg-${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(file, text);
  try {
    loadEnvironmentsConfig(file);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    const e = err as ConfigError;
    expect(e.code).toBe('CONFIG_INVALID_JSON');
    expect(e.file).toBe(file);
    expect(e.message.startsWith(`${file}: expected valid JSON`)).toBe(true);
    return e;
  }
  throw new Error('expected the config to be rejected');
}

function everything(e: ConfigError): string {
  return `${e.message}\n${e.stack ?? ''}\n${JSON.stringify(e)}\n${String(e.expected)}`;
}

describe('invalid JSON in the config', () => {
  it('never echoes file content: an unquoted secret value', () => {
    const e = errorFor(`{\n  "environments": [],\n  "secretKey": ${CANARY}\n}\n`);
    for (const part of [CANARY, 'hunter2', 'SECRET', 'cretKey']) expect(everything(e)).not.toContain(part);
  });

  it('never echoes file content in any parser message shape', () => {
    const texts = [
      `{"a": "${CANARY}" "b": 1}`,
      `{"a": "${CANARY}",}`,
      `{"${CANARY}" 1}`,
      `[${CANARY}]`,
      `{"a": "${CANARY}`,
      `\ufeff{"a": "${CANARY}",}`,
    ];
    for (const text of texts) expect(everything(errorFor(text))).not.toContain('CANARY');
  });

  it('reports line and column when the parser gives a position', () => {
    const e = errorFor('{\n  "environments": [\n    {"name": "dev",}\n  ]\n}\n');
    // The parser stops at the "}" after the trailing comma: line 3, column 20.
    expect(e.message).toMatch(/expected valid JSON \(no comments, trailing commas or unquoted keys\) \(got a syntax error at line 3, column 20\)$/);
    const first = errorFor('{"a" 1}');
    expect(first.message).toMatch(/\(got a syntax error at line 1, column 6\)$/);
  });

  it('finds the position itself where the parser names none (its message would quote the file)', () => {
    // Node's parser: `Unexpected token 'e', "environmen"... is not valid JSON`, no position.
    expect(errorFor('environments: [dev]\n').message).toMatch(/\(got a syntax error at line 1, column 1\)$/);
    expect(errorFor('{\n  "environments": [\n    dev\n  ]\n}\n').message).toMatch(/\(got a syntax error at line 3, column 5\)$/);
    expect(errorFor('// comment\n{}').message).toMatch(/\(got a syntax error at line 1, column 1\)$/);
    expect(errorFor('{"environments": [').message).toMatch(/\(got the file ends too early, at line 1, column 19\)$/);
    // Here the parser names the position itself: the escaped character.
    expect(errorFor('{"a": "x\\q"}').message).toMatch(/\(got a syntax error at line 1, column 10\)$/);
    expect(errorFor('{} {}').message).toMatch(/\(got a syntax error at line 1, column 4\)$/);
  });
});
