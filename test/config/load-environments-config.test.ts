import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError, loadEnvironmentsConfig } from '../../src/config';

const EXAMPLE = path.resolve(__dirname, '../../stacks/environments.json');
let dir: string;
beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'envcfg-')); });
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function exampleDoc(): any {
  return JSON.parse(fs.readFileSync(EXAMPLE, 'utf8'));
}

let n = 0;
function write(doc: unknown): string {
  const file = path.join(dir, `cfg-${n++}.json`);
  fs.writeFileSync(file, typeof doc === 'string' ? doc : JSON.stringify(doc));
  return file;
}

function expectConfigError(doc: unknown, code: string, field: string, expected: RegExp): ConfigError {
  const file = write(doc);
  let caught: unknown;
  try {
    loadEnvironmentsConfig(file);
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(ConfigError);
  const e = caught as ConfigError;
  expect(e.code).toBe(code);
  expect(e.file).toBe(file);
  expect(e.field).toBe(field);
  expect(e.message).toContain(file);
  expect(e.message).toContain(field);
  expect(e.message).toMatch(expected);
  return e;
}

describe('loadEnvironmentsConfig: the example config', () => {
  it('loads with defaults applied', () => {
    const cfg = loadEnvironmentsConfig(EXAMPLE);
    expect(cfg.sourceFile).toBe(EXAMPLE);
    expect(cfg.environments.map((e) => [e.name, e.vcdVersion])).toEqual([['dev', '10.5.1'], ['prod', '10.4.2']]);
    const [dev] = cfg.environments;
    expect(dev.providerOrg).toBe('System');
    expect(dev.allowUnverifiedSsl).toBe(false);
    expect(dev.backend).toEqual({ type: 'local' });
    const acme = dev.tenants.find((t) => t.name === 'acme')!;
    expect(acme).toMatchObject({ automationUser: 'automation', manageAllUsers: ['orgadmin'], manageAll: true, vdc: 'acme-vdc', edgeGateway: 'acme-edge' });
    const globex = dev.tenants.find((t) => t.name === 'globex')!;
    expect(globex).toMatchObject({ automationUser: 'automation', manageAllUsers: [], manageAll: false });
  });

  it('applies the network default and normalises a trailing slash on the URL', () => {
    const doc = exampleDoc();
    doc.environments[0].vcdUrl = 'https://vcd-dev.example.com/api/';
    delete doc.environments[0].tenants[1].network;
    const cfg = loadEnvironmentsConfig(write(doc));
    expect(cfg.environments[0].vcdUrl).toBe('https://vcd-dev.example.com/api');
    expect(cfg.environments[0].tenants[1].network).toEqual({ name: 'globex-routed', gateway: '192.168.100.1', prefixLength: 24 });
  });
});

describe('loadEnvironmentsConfig: one error per kind of bad input', () => {
  it('rejects an unknown field at the top level', () => {
    const doc = exampleDoc();
    doc.environmets = [];
    expectConfigError(doc, 'CONFIG_UNKNOWN_FIELD', 'environmets', /no such field; known fields here: \$schema, environments/);
  });

  it('rejects an unknown field in an environment', () => {
    const doc = exampleDoc();
    doc.environments[1].vcdURL = 'https://x.example.com/api';
    expectConfigError(doc, 'CONFIG_UNKNOWN_FIELD', 'environments[1].vcdURL', /no such field.*vcdUrl/);
  });

  it('rejects an unknown field in a tenant and in a network', () => {
    const doc = exampleDoc();
    doc.environments[1].tenants[0].manageall = true;
    expectConfigError(doc, 'CONFIG_UNKNOWN_FIELD', 'environments[1].tenants[0].manageall', /no such field.*manageAll/);
    const doc2 = exampleDoc();
    doc2.environments[0].tenants[1].network.mask = '255.255.255.0';
    expectConfigError(doc2, 'CONFIG_UNKNOWN_FIELD', 'environments[0].tenants[1].network.mask', /no such field.*prefixLength/);
  });

  it('rejects a missing required field', () => {
    const doc = exampleDoc();
    delete doc.environments[0].vcdVersion;
    expectConfigError(doc, 'CONFIG_MISSING_FIELD', 'environments[0].vcdVersion', /required/);
  });

  it.each([
    ['http scheme', 'http://vcd-dev.example.com/api', /https URL.*got scheme "http"/],
    ['not a URL', 'vcd-dev.example.com/api', /https URL.*not a URL/],
    ['a path not ending in /api', 'https://vcd-dev.example.com/tenant/acme', /ending in \/api.*got a path that does not end in \/api \("\/tenant\/acme"\)/],
    ['user info', 'https://admin:s3cret@vcd-dev.example.com/api', /got a URL with user info \(credentials come from the environment\)/],
  ])('rejects a bad URL (%s)', (_label, url, expected) => {
    const doc = exampleDoc();
    doc.environments[1].vcdUrl = url;
    const e = expectConfigError(doc, 'CONFIG_BAD_URL', 'environments[1].vcdUrl', expected);
    expect(e.message).not.toContain('s3cret');
  });

  it('rejects a duplicate tenant (also differing only in case)', () => {
    const doc = exampleDoc();
    doc.environments[0].tenants.push({ name: 'ACME' });
    expectConfigError(doc, 'CONFIG_DUPLICATE', 'environments[0].tenants[2].name', /not already used by environments\[0\]\.tenants\[0\]/);
  });

  it('rejects a duplicate environment', () => {
    const doc = exampleDoc();
    doc.environments[1].name = 'dev';
    expectConfigError(doc, 'CONFIG_DUPLICATE', 'environments[1].name', /environment name not already used by environments\[0\]/);
  });

  it('rejects stack names that clash across environments', () => {
    const doc = exampleDoc();
    doc.environments[1].name = 'dev-acme';
    doc.environments[0].tenants.push({ name: 'acme-platform' });
    expectConfigError(doc, 'CONFIG_DUPLICATE', 'environments[1].name', /stack "dev-acme-platform" does not clash/);
  });

  it.each(['10.2.0', '10.3.0', '10.7.0', '11.0.0', 'latest'])('rejects unsupported VCD version %s, naming the range', (version) => {
    const doc = exampleDoc();
    doc.environments[0].vcdVersion = version;
    expectConfigError(doc, 'CONFIG_UNSUPPORTED_VCD_VERSION', 'environments[0].vcdVersion', /supported VCD version \(10\.3\.1 to 10\.6\.x/);
  });

  it('rejects an environment with no tenants', () => {
    const doc = exampleDoc();
    doc.environments[1].tenants = [];
    expectConfigError(doc, 'CONFIG_NO_TENANTS', 'environments[1].tenants', /at least one tenant/);
  });

  it.each([
    ['upper-case environment name', (d: any) => { d.environments[0].name = 'Dev'; }, 'environments[0].name', /lower-case environment name/],
    ['tenant name with a space', (d: any) => { d.environments[0].tenants[0].name = 'ac me'; }, 'environments[0].tenants[0].name', /org name of letters/],
    ['tenant named like the provider org', (d: any) => { d.environments[0].tenants[0].name = 'system'; }, 'environments[0].tenants[0].name', /not the provider org "System"/],
    ['reserved tenant name', (d: any) => { d.environments[0].tenants[0].name = 'platform'; }, 'environments[0].tenants[0].name', /other than "platform"/],
  ])('rejects a bad name (%s)', (_label, mutate, field, expected) => {
    const doc = exampleDoc();
    mutate(doc);
    expectConfigError(doc, 'CONFIG_BAD_NAME', field, expected);
  });

  it.each([
    ['unknown type', { type: 'consul' }, 'environments[0].backend.type', /one of "local", "s3", "http", "pg"/],
    ['s3 without bucket', { type: 's3', region: 'eu-west-1' }, 'environments[0].backend.bucket', /required for a "s3" backend/],
    ['s3 with a secret key', { type: 's3', bucket: 'states', region: 'eu-west-1', secretKey: 'x' }, 'environments[0].backend.secretKey', /credentials never go in the config/],
    ['http on plain http', { type: 'http', address: 'http://state.example.com/s' }, 'environments[0].backend.address', /https URL/],
    ['http lock without {stack}', { type: 'http', address: 'https://state.example.com/s', lockAddress: 'https://state.example.com/lock' }, 'environments[0].backend.lockAddress', /containing \{stack\}/],
    ['pg with a connection string', { type: 'pg', connStr: 'postgres://u:p@db/x' }, 'environments[0].backend.connStr', /PG_CONN_STR/],
    ['pg with a bad schema prefix', { type: 'pg', schemaPrefix: 'Bad-Prefix' }, 'environments[0].backend.schemaPrefix', /SQL identifier/],
  ])('rejects a bad backend (%s)', (_label, backend, field, expected) => {
    const doc = exampleDoc();
    doc.environments[0].backend = backend;
    const e = expectConfigError(doc, 'CONFIG_BAD_BACKEND', field, expected);
    expect(e.message).not.toContain('u:p@');
  });

  it('rejects a wrong type', () => {
    const doc = exampleDoc();
    doc.environments[0].allowUnverifiedSsl = 'yes';
    expectConfigError(doc, 'CONFIG_WRONG_TYPE', 'environments[0].allowUnverifiedSsl', /true or false \(got a string\)/);
  });

  it('rejects manageAll=false with manageAllUsers, and a bad gateway', () => {
    const doc = exampleDoc();
    doc.environments[0].tenants[0].manageAll = false;
    expectConfigError(doc, 'CONFIG_BAD_VALUE', 'environments[0].tenants[0].manageAll', /true \(or no manageAll\)/);
    const doc2 = exampleDoc();
    doc2.environments[0].tenants[0].network.gateway = '10.10.1';
    expectConfigError(doc2, 'CONFIG_BAD_VALUE', 'environments[0].tenants[0].network.gateway', /IPv4 or IPv6 address/);
  });

  it('rejects invalid JSON and a missing file with the file name', () => {
    expectConfigError('{"environments": [', 'CONFIG_INVALID_JSON', '', /valid JSON/);
    const missing = path.join(dir, 'nope.json');
    expect(() => loadEnvironmentsConfig(missing)).toThrow(expect.objectContaining({ code: 'CONFIG_UNREADABLE', file: missing }));
  });
});
