// Messages that name the real problem (issue 12 item 7, and the TLS/timeout hints of item 10): each says
// what is wrong with which input and what to do, in the CLI's own terms (flags and variables, never the
// library's option names).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeEnvironmentsConfig } from '../bootstrap/bootstrap-fixtures';
import { useCliEmulator } from './cli-harness';

const fx = useCliEmulator();

const LIBRARY_WORDS = /operationTimeoutMs|caFile|insecure: true|allowInsecureHttp|maxConnections/;

async function tokenFile(name: string): Promise<string> {
  const file = path.join(fx.home, `${name}.json`);
  const r = await fx.cli(['create', '--name', name, '--token-file', file]);
  expect(r.exitCode).toBe(0);
  return file;
}

describe('create --name', () => {
  test('a 300-character name names --name and its limit, not the token directory, before any request', async () => {
    const mark = fx.requestMark();
    const r = await fx.cli(['create', '--name', 'x'.repeat(300)]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/--name is 300 characters long; VCD allows 119/);
    expect(r.stderr).not.toMatch(/directory|unwritable|Cannot write/);
    expect(fx.requestsSince(mark)).toEqual([]);
  });

  test.each([['with spaces'], ['a,b'], ['semi;colon'], ['quote"d']])('%j names the characters --name may hold', async (name) => {
    const mark = fx.requestMark();
    const r = await fx.cli(['create', '--name', name]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/--name may hold letters, digits/);
    expect(fx.requestsSince(mark)).toEqual([]);
  });
});

test('--ca-file pointing at a file with no certificate names the file (exit 8), not an untrusted server', async () => {
  const ca = path.join(fx.home, 'not-a-ca.pem');
  fs.writeFileSync(ca, 'this is not a certificate\n');
  const mark = fx.requestMark();
  const r = await fx.cli(['whoami', '--ca-file', ca]);
  expect(r.exitCode).toBe(8);
  expect(r.stderr).toContain(`The CA file ${ca} holds no PEM certificate`);
  expect(r.stderr).not.toMatch(/not trusted/);
  expect(fx.requestsSince(mark)).toEqual([]);
  const missing = await fx.cli(['whoami'], { env: { ...fx.env, VCD_CA_FILE: path.join(fx.home, 'missing.pem') } });
  expect(missing.exitCode).toBe(8);
  expect(missing.stderr).toMatch(/The CA file .*missing\.pem cannot be read \(ENOENT\)/);
});

test('--token-file naming a directory says it is a directory, not that it is readable by others', async () => {
  const dir = path.join(fx.home, 'a-directory');
  fs.mkdirSync(dir, { mode: 0o755 });
  const r = await fx.cli(['exchange', '--token-file', dir]);
  expect(r.exitCode).toBe(8);
  expect(r.stderr).toContain(`${dir} is a directory, not a token file`);
  expect(r.stderr).not.toMatch(/group or others/);
});

test('a token file whose vcd_url names an unknown host: the message names the host', async () => {
  const file = await tokenFile('unknown-host');
  const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;
  fs.writeFileSync(file, JSON.stringify({ ...doc, vcd_url: 'https://vcd.nonexistent.invalid/api' }), { mode: 0o600 });
  const r = await fx.cli(['exchange', '--token-file', file], { env: { ...fx.env, VCD_URL: undefined } });
  expect(r.exitCode).toBe(6);
  expect(r.stderr).toMatch(/vcd\.nonexistent\.invalid/);
  expect(r.stderr).toMatch(/ENOTFOUND|EAI_AGAIN/);
});

describe('a stalled server', () => {
  test('a stalled POST names --timeout / VCD_TIMEOUT, never a library option', async () => {
    const file = await tokenFile('stalled-post');
    fx.emu.faults.add({ method: 'POST', path: '/oauth/tenant/acme/token', action: { type: 'stall' } });
    const r = await fx.cli(['exchange', '--token-file', file], { env: { ...fx.env, VCD_TIMEOUT: '0.3' } });
    expect(r.exitCode).toBe(6);
    expect(r.stderr).toMatch(/--timeout or VCD_TIMEOUT/);
    expect(r.stderr).not.toMatch(LIBRARY_WORDS);
  });

  test('GETs stalled past the operation deadline name --timeout / VCD_TIMEOUT, never operationTimeoutMs', async () => {
    fx.emu.faults.add({ method: 'GET', path: '/cloudapi/1.0.0/tokens', action: { type: 'stall' }, times: 'always' });
    const r = await fx.cli(['list'], { env: { ...fx.env, VCD_TIMEOUT: '0.2' } });
    expect(r.exitCode).toBe(6);
    expect(r.stderr).toMatch(/--timeout or VCD_TIMEOUT/);
    expect(r.stderr).not.toMatch(LIBRARY_WORDS);
  });
});

test('an untrusted server certificate names --ca-file / VCD_CA_FILE, never caFile or insecure: true', async () => {
  const r = await fx.cli(['whoami'], { env: { ...fx.env, VCD_CA_FILE: undefined } });
  expect(r.exitCode).toBe(6);
  expect(r.stderr).toMatch(/--ca-file or VCD_CA_FILE/);
  expect(r.stderr).not.toMatch(LIBRARY_WORDS);
  const config = path.join(fx.home, 'environments.json');
  writeEnvironmentsConfig(config, ['acme']);
  const bootstrap = await fx.cli(['bootstrap', '--config', config, '--vcd-url', `dev=${fx.emu.url}/api`], { env: { ...fx.env, VCD_CA_FILE: undefined, VCD_TOKEN_DIR: path.join(fx.home, 'tokens') } });
  expect(bootstrap.exitCode).toBe(6);
  expect(bootstrap.stderr).toMatch(/--ca-file or VCD_CA_FILE/);
  expect(bootstrap.stderr).not.toMatch(LIBRARY_WORDS);
});

test('a reset grant whose revoke then fails says only that the token could not be revoked', async () => {
  fx.emu.faults.add({ method: 'POST', path: '/oauth/tenant/acme/token', action: { type: 'reset', when: 'after' } });
  fx.emu.faults.add({ method: 'DELETE', path: '/cloudapi/1.0.0/tokens/', action: { type: 'status', status: 503, retryAfter: 0 }, times: 'always' });
  const r = await fx.cli(['create', '--name', 'reset-grant', '--token-file', path.join(fx.home, 'rg.json')]);
  const [live] = fx.liveTokens('reset-grant');
  expect(live).toBeDefined();
  expect(r.exitCode).toBe(7);
  expect(r.stderr).toContain(`Could NOT revoke: ${live.id}`);
  expect(r.stderr).not.toMatch(/no token of this attempt|No orphan|Nothing was left behind|safe to try again/i);
});

test('bootstrap --env nosuch is BOOTSTRAP_UNKNOWN_ENVIRONMENT (exit 2) naming the known environments', async () => {
  const config = path.join(fx.home, 'environments.json');
  writeEnvironmentsConfig(config, ['acme']);
  const r = await fx.cli(['bootstrap', '--config', config, '--env', 'nosuch'], { env: { ...fx.env, VCD_PASSWORD: undefined, VCD_TOKEN_DIR: path.join(fx.home, 'tokens') } });
  expect(r.exitCode).toBe(2);
  expect(r.stderr).toMatch(/^error \[BOOTSTRAP_UNKNOWN_ENVIRONMENT\]: .*"nosuch".*defines dev/);
});
