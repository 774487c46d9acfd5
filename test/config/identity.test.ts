// Tenant identities in the environments config: the default API token, service accounts (VCD 10.4+) with their
// name default and checks, and the version rule naming the environment and the tenant.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError, loadEnvironmentsConfig } from '../../src/config';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'identity-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let n = 0;
function configWith(vcdVersion: string, ...tenants: unknown[]): string {
  const file = path.join(dir, `cfg-${n++}.json`);
  fs.writeFileSync(file, JSON.stringify({ environments: [{ name: 'prod', vcdUrl: 'https://vcd.example.com/api', vcdVersion, tenants }] }));
  return file;
}

function configError(file: string): ConfigError {
  let caught: unknown;
  try {
    loadEnvironmentsConfig(file);
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(ConfigError);
  return caught as ConfigError;
}

test('no identity means a user API token; a service account gets its default name', () => {
  const cfg = loadEnvironmentsConfig(
    configWith('10.4', { name: 'acme' }, { name: 'globex', identity: { type: 'serviceAccount', role: 'vApp Author' } }, { name: 'initech', identity: { type: 'serviceAccount', name: 'ci.deployer', role: 'Deployer' } }),
  );
  expect(cfg.environments[0].tenants.map((t) => t.identity)).toEqual([
    { type: 'apiToken' },
    { type: 'serviceAccount', name: 'vcd-api-tokens-prod-globex', role: 'vApp Author' },
    { type: 'serviceAccount', name: 'ci.deployer', role: 'Deployer' },
  ]);
});

test('service accounts before VCD 10.4: the error names the file, the field, the environment, the tenant and both versions', () => {
  const file = configWith('10.3.3', { name: 'acme' }, { name: 'globex', identity: { type: 'serviceAccount', role: 'vApp Author' } });
  const err = configError(file);
  expect(err.code).toBe('CONFIG_UNSUPPORTED_VCD_VERSION');
  expect(err.field).toBe('environments[0].tenants[1].identity');
  expect(err.message).toContain(file);
  expect(err.message).toMatch(/tenant "globex": environment "prod" runs VCD 10\.3\.3, and service accounts need VCD 10\.4\.0 or later/);
});

test.each([
  [{ type: 'serviceAccount' }, 'CONFIG_MISSING_FIELD', 'environments[0].tenants[0].identity.role', /required/],
  [{ type: 'serviceAccount', role: 'R', name: 'has space' }, 'CONFIG_BAD_NAME', 'environments[0].tenants[0].identity.name', /letters, digits/],
  [{ type: 'serviceAccount', role: ' R' }, 'CONFIG_BAD_NAME', 'environments[0].tenants[0].identity.role', /role/],
  [{ type: 'serviceAccount', role: 'R', password: 'x' }, 'CONFIG_UNKNOWN_FIELD', 'environments[0].tenants[0].identity.password', /known fields here: type, name, role/],
  [{ type: 'apiToken', role: 'R' }, 'CONFIG_UNKNOWN_FIELD', 'environments[0].tenants[0].identity.role', /known fields here: type$/],
  [{ type: 'robot' }, 'CONFIG_BAD_VALUE', 'environments[0].tenants[0].identity.type', /"apiToken".*"serviceAccount"/],
  ['serviceAccount', 'CONFIG_WRONG_TYPE', 'environments[0].tenants[0].identity', /an object/],
])('identity %j → %s at %s', (identity, code, field, expected) => {
  const err = configError(configWith('10.5.1', { name: 'acme', identity }));
  expect([err.code, err.field]).toEqual([code, field]);
  expect(err.message).toMatch(expected);
});
