// VCD URLs are normalised by one rule wherever they enter (src/vcd/api-url.ts): the address the emulator prints
// (https://host:port) means its /api, in VCD_URL, --url, --vcd-url and token files alike, and what lands in
// token files and synthesized provider blocks is the /api URL; a URL the config would reject is rejected
// everywhere, naming where it came from.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeEnvironmentsConfig } from '../bootstrap/bootstrap-fixtures';
import { useCliEmulator } from './cli-harness';

const fx = useCliEmulator((emu) => ({ VCD_URL: emu.url, VCD_ORG: 'acme', VCD_USER: 'automation', VCD_PASSWORD: 'vcd-emulator-demo', VCD_CA_FILE: emu.caFile }));

const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;

test('VCD_URL without /api (as the emulator prints it) works, and the token file records the /api URL', async () => {
  const file = path.join(fx.home, 'no-api.json');
  const r = await fx.cli(['create', '--name', 'no-api', '--token-file', file]);
  expect({ exitCode: r.exitCode, stderr: r.stderr }).toEqual({ exitCode: 0, stderr: '' });
  expect(readJson(file).vcd_url).toBe(`${fx.emu.url}/api`);
});

test('bootstrap --vcd-url env=<address> writes the /api URL into the token files', async () => {
  const config = path.join(fx.home, 'environments.json');
  writeEnvironmentsConfig(config, ['acme']);
  const tokens = path.join(fx.home, 'tokens');
  const r = await fx.cli(['bootstrap', '--config', config, '--vcd-url', `dev=${fx.emu.url}`], { env: { ...fx.env, VCD_TOKEN_DIR: tokens } });
  expect({ exitCode: r.exitCode, stderr: r.stderr }).toEqual({ exitCode: 0, stderr: '' });
  expect(readJson(path.join(tokens, 'dev-acme.json')).vcd_url).toBe(`${fx.emu.url}/api`);
});

test.each([
  [['whoami'], { VCD_URL: 'https://vcd.example.com/tenant/acme' }, /^error \[CLI_USAGE\]: VCD_URL: expected an https URL of the VCD API.*\(got a path that does not end in \/api \("\/tenant\/acme"\)\)/],
  [['whoami', '--url', 'http://vcd.example.com/api'], {}, /^error \[CLI_USAGE\]: --url: expected .*\(got scheme "http"/],
  [['whoami'], { VCD_URL: 'https://admin:s3cret@vcd.example.com/api' }, /^error \[CLI_USAGE\]: VCD_URL: .*user info/],
])('%j with %j is refused before any request, naming where the URL came from', async (argv, env, message) => {
  const mark = fx.requestMark();
  const r = await fx.cli(argv, { env: { ...fx.env, ...env } });
  expect(r.exitCode).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(r.output).not.toContain('s3cret');
  expect(fx.requestsSince(mark)).toEqual([]);
});

test('bootstrap --vcd-url with a URL the config would reject is refused naming --vcd-url and the environment', async () => {
  const config = path.join(fx.home, 'environments.json');
  writeEnvironmentsConfig(config, ['acme']);
  const r = await fx.cli(['bootstrap', '--config', config, '--vcd-url', 'dev=https://vcd.example.com/ui/'], { env: { ...fx.env, VCD_TOKEN_DIR: path.join(fx.home, 'tokens') } });
  expect(r.exitCode).toBe(2);
  expect(r.stderr).toMatch(/--vcd-url dev=…: expected an https URL of the VCD API.*does not end in \/api/);
});

test('whoami --token-file uses the vcd_url and org the file records (as exchange, rotate and revoke do)', async () => {
  const file = path.join(fx.home, 'whoami.json');
  expect((await fx.cli(['create', '--name', 'whoami-file', '--token-file', file])).exitCode).toBe(0);
  const r = await fx.cli(['whoami', '--token-file', file, '--json'], { env: { ...fx.env, VCD_URL: undefined, VCD_ORG: undefined, VCD_USER: undefined, VCD_PASSWORD: undefined } });
  expect({ exitCode: r.exitCode, stderr: r.stderr }).toEqual({ exitCode: 0, stderr: '' });
  expect(r.json<{ user: string; org: string }>()).toMatchObject({ user: 'automation', org: 'acme' });
  const list = await fx.cli(['list', '--token-file', file], { env: { ...fx.env, VCD_URL: undefined, VCD_ORG: undefined, VCD_USER: undefined, VCD_PASSWORD: undefined } });
  expect(list.exitCode).toBe(0);
});

test('a token file whose vcd_url is not a VCD API URL is named as the source', async () => {
  const file = path.join(fx.home, 'bad-url.json');
  expect((await fx.cli(['create', '--name', 'bad-url', '--token-file', file])).exitCode).toBe(0);
  fs.writeFileSync(file, JSON.stringify({ ...readJson(file), vcd_url: 'http://vcd.example.com/api' }), { mode: 0o600 });
  const r = await fx.cli(['exchange', '--token-file', file], { env: { ...fx.env, VCD_URL: undefined } });
  expect(r.exitCode).toBe(2);
  expect(r.stderr).toContain(`vcd_url of ${file}: expected an https URL of the VCD API`);
});
