// Bad environments configs, given to `bootstrap --config`: syntax, encodings, sizes, shapes, prototype keys and
// each field's values. The message names the file and the field path, and says what was expected there.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BadInputRow, RowContext } from './bad-input-row';

const tenant = { name: 'acme', automationUser: 'automation', network: { name: 'acme-net', gateway: '10.1.0.1', prefixLength: 24 } };
const environment = { name: 'dev', vcdUrl: 'https://vcd.example.com/api', vcdVersion: '10.5.1', tenants: [tenant] };

/** A config row: `content` (text, bytes, or a JSON value) in HOME/env.json, then `bootstrap --config env.json`. */
function config(input: string, content: string | Buffer | ((c: RowContext) => string | Buffer) | object, names: RegExp | string, todo: RegExp = /expected/): BadInputRow {
  return {
    input,
    argv: ['bootstrap', '--config', 'env.json'],
    env: (c) => ({ VCD_TOKEN_DIR: path.join(c.home, 'tokens') }),
    files: (c) => {
      const body = typeof content === 'function' ? content(c) : typeof content === 'string' || Buffer.isBuffer(content) ? content : JSON.stringify(content);
      fs.writeFileSync(path.join(c.home, 'env.json'), body);
    },
    exit: 8,
    names: typeof names === 'string' ? new RegExp(`env\\.json[^]*${names.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) : names,
    todo,
  };
}

const withEnv = (patch: object) => ({ environments: [{ ...environment, ...patch }] });
const withTenant = (patch: object) => withEnv({ tenants: [{ ...tenant, ...patch }] });

function nested(depth: number): string {
  return `{"environments":${'['.repeat(depth)}${']'.repeat(depth)}}`;
}

export const CONFIG_ROWS: readonly BadInputRow[] = [
  config('an empty file', '', /env\.json/, /JSON/),
  config('not JSON', 'environments: [dev]\n', /env\.json.*line 1/, /JSON/),
  config('JSON with a trailing comma', '{"environments": [],}\n', /env\.json.*line 1/, /JSON/),
  config('JSON with comments', '// dev and prod\n{"environments": []}\n', /env\.json.*line 1/, /JSON/),
  config('truncated JSON', JSON.stringify(withEnv({})).slice(0, 40), /env\.json/, /JSON/),
  config('invalid UTF-8 in a name', () => Buffer.concat([Buffer.from('{"environments":[{"name":"d'), Buffer.from([0xff, 0xfe]), Buffer.from('ev"}]}')]), /env\.json.*line 1, column/, /UTF-8/),
  config('UTF-16 (as some Windows editors save)', () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(JSON.stringify(withEnv({})), 'utf16le')]), /env\.json/, /UTF-8/),
  config('a UTF-8 BOM followed by invalid JSON', () => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{nope}')]), /env\.json/, /JSON/),
  config('a file over 16 MiB', () => `{"environments":[],"x":"${'a'.repeat(17 * 1024 * 1024)}"}`, /env\.json/, /at most 16 MiB/),
  config('10 000 nested arrays', nested(10_000), /environments/, /expected/),
  config('the root is an array', [], /env\.json/, /object/),
  config('the root is null', 'null', /env\.json/, /object/),
  config('no environments', {}, 'environments', /expected/),
  config('environments is an object', { environments: { dev: environment } }, 'environments', /array/),
  config('environments is empty', { environments: [] }, 'environments', /at least one|expected/),
  config('a __proto__ key', '{"environments":[],"__proto__":{"polluted":true}}', '__proto__', /expected|unknown/),
  config('a constructor key in an environment', { environments: [{ ...environment, constructor: 'x' }] }, 'constructor', /expected|unknown/),
  config('an unknown field (typo)', withEnv({ vcdUlr: 'https://vcd.example.com/api' }), 'vcdUlr', /unknown|expected/),
  config('an environment name with capitals', withEnv({ name: 'Dev' }), 'environments[0].name', /expected/),
  config('an environment name that is a number', withEnv({ name: 7 }), 'environments[0].name', /expected/),
  config('two environments of one name', { environments: [environment, environment] }, 'environments[1].name', /unique|expected/),
  config('vcdUrl over http', withEnv({ vcdUrl: 'http://vcd.example.com/api' }), 'environments[0].vcdUrl', /https/),
  config('vcdUrl of the UI', withEnv({ vcdUrl: 'https://vcd.example.com/provider' }), 'environments[0].vcdUrl', /\/api/),
  config('vcdUrl with credentials', withEnv({ vcdUrl: 'https://admin:secret@vcd.example.com/api' }), 'environments[0].vcdUrl', /expected/),
  config('vcdUrl missing', { environments: [{ name: 'dev', vcdVersion: '10.5.1', tenants: [tenant] }] }, 'vcdUrl', /expected/),
  config('vcdVersion that is no VCD release', withEnv({ vcdVersion: 'latest' }), 'environments[0].vcdVersion', /expected/),
  config('vcdVersion as a number', withEnv({ vcdVersion: 10.5 }), 'environments[0].vcdVersion', /expected/),
  config('tenants is empty', withEnv({ tenants: [] }), 'environments[0].tenants', /expected/),
  config('a tenant without a name', withTenant({ name: undefined }), 'environments[0].tenants[0]', /expected/),
  config('a tenant name with a space', withTenant({ name: 'ac me' }), 'environments[0].tenants[0].name', /expected/),
  config('automationUser empty', withTenant({ automationUser: '' }), 'environments[0].tenants[0].automationUser', /expected/),
  config('a gateway that is no IPv4 address', withTenant({ network: { ...tenant.network, gateway: '10.1.0' } }), 'gateway', /expected/),
  config('prefixLength 33', withTenant({ network: { ...tenant.network, prefixLength: 33 } }), 'prefixLength', /expected/),
  config('a backend of an unknown type', withEnv({ backend: { type: 'consul' } }), 'backend', /expected/),
  config('an s3 backend without a bucket', withEnv({ backend: { type: 's3', region: 'eu-west-1' } }), 'bucket', /expected/),
  config('several problems at once (all reported)', { environments: [{ ...environment, vcdUrl: 'http://x/api', vcdVersion: 'x', tenants: [{ ...tenant, name: 'A B' }] }] }, /vcdUrl[^]*vcdVersion[^]*name/, /expected/),
  { input: 'the config is a directory', argv: ['bootstrap', '--config', 'cfgdir'], files: (c) => fs.mkdirSync(path.join(c.home, 'cfgdir')), env: (c) => ({ VCD_TOKEN_DIR: path.join(c.home, 'tokens') }), exit: 8, names: 'cfgdir', todo: /JSON file|a directory/ },
];
