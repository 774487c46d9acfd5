// The file store: today's token file and env-file, private and atomic, confirmed by reading the file back.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FileSecretStore, StoreError } from '../../src/stores';
import { readTokenFile } from '../../src/handoff';

test('writes the token file (with its metadata) and the deploy env-file, 0600, and reports where', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'file-store-'));
  const store = new FileSecretStore({ directory: dir, fileBaseName: (name) => (name === 'VCD_API_TOKEN_DEV_ACME' ? 'dev-acme' : name) });
  const value = 'file-store-canary-0123456789abcdef';
  const receipt = await store.put('VCD_API_TOKEN_DEV_ACME', value, { tokenId: 'urn:vcloud:token:9', tokenName: 'n', org: 'acme' });
  const tokenFile = path.join(dir, 'dev-acme.json');
  expect(receipt).toEqual({ store: 'file', name: 'VCD_API_TOKEN_DEV_ACME', location: `${tokenFile} (env-file ${path.join(dir, 'dev-acme.env')})`, confirmedBy: 'file read back' });
  expect(readTokenFile(tokenFile)).toMatchObject({ apiToken: value, tokenId: 'urn:vcloud:token:9', org: 'acme' });
  expect(fs.readFileSync(path.join(dir, 'dev-acme.env'), 'utf8')).toBe(`VCD_API_TOKEN=${value}\nTF_VAR_vcd_api_token=${value}\n`);
  expect(fs.statSync(tokenFile).mode & 0o777).toBe(0o600);
  expect(store.describe('VCD_API_TOKEN_DEV_ACME')).toBe(`token file ${tokenFile} and env-file ${path.join(dir, 'dev-acme.env')}`);
  await expect(new FileSecretStore({ directory: dir, fileBaseName: () => '../escape' }).put('X', value)).rejects.toBeInstanceOf(StoreError);
  fs.rmSync(dir, { recursive: true, force: true });
});
