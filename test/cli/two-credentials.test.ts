// whoami and list authenticate with whichever credential they are given. A password (VCD_USER + VCD_PASSWORD or
// --password-stdin) together with an API token asked for on the command line is ambiguous: refused with exit 2
// naming both sources, before any request; each credential alone still works.
import * as path from 'node:path';
import { VcdClient } from '../../src/client';
import { writeTokenFile } from '../../src/handoff';
import { DEMO_PASSWORD, useCliEmulator } from './cli-harness';
import { expectNoSecrets } from './secret-scan';

const fx = useCliEmulator((emu) => ({ VCD_URL: `${emu.url}/api`, VCD_CA_FILE: emu.caFile, VCD_ORG: 'acme' }));
const PASSWORD_ENV = { VCD_USER: 'automation', VCD_PASSWORD: DEMO_PASSWORD };

async function tokenFile(): Promise<{ file: string; secret: string }> {
  const client = new VcdClient({ url: `${fx.emu.url}/api`, caFile: fx.emu.caFile });
  try {
    const session = await client.loginWithPassword({ org: 'acme', user: 'automation', password: DEMO_PASSWORD });
    const created = await client.createApiToken(session, { name: 'two-credentials' });
    const file = path.join(fx.home, 'two-credentials.json');
    await writeTokenFile(file, { apiToken: created.apiToken, tokenId: created.id, tokenName: created.name, org: 'acme', vcdUrl: `${fx.emu.url}/api` });
    await client.logout(session);
    return { file, secret: created.apiToken.reveal() };
  } finally {
    await client.close();
  }
}

test.each(['whoami', 'list'])('%s with VCD_PASSWORD and --token-file: exit 2 naming both, no request; either alone works', async (command) => {
  const { file, secret } = await tokenFile();
  const before = fx.emu.requestLog.totalRequests;
  const both = await fx.cli([command, '--token-file', file], { env: { ...fx.env, ...PASSWORD_ENV } });
  expect(both.exitCode).toBe(2);
  expect(both.stderr).toContain(`${command} was given two credentials: a password (VCD_PASSWORD, with VCD_USER) and an API token (--token-file)`);
  expect(fx.emu.requestLog.totalRequests).toBe(before);
  const stdin = await fx.cli([command, '--token-stdin'], { env: { ...fx.env, ...PASSWORD_ENV }, stdin: `${secret}\n` });
  expect([stdin.exitCode, stdin.stderr]).toEqual([2, expect.stringContaining('and an API token (--token-stdin)')]);

  const viaToken = await fx.cli([command, '--token-file', file, '--json'], { env: fx.env });
  expect(viaToken.exitCode).toBe(0);
  const viaPassword = await fx.cli([command, '--json'], { env: { ...fx.env, ...PASSWORD_ENV } });
  expect(viaPassword.exitCode).toBe(0);
  if (command === 'whoami') {
    expect([viaToken.json<{ authenticatedWith: string }>().authenticatedWith, viaPassword.json<{ authenticatedWith: string }>().authenticatedWith]).toEqual(['api-token', 'password']);
  }
  expectNoSecrets({ secret, password: DEMO_PASSWORD }, { outputs: [both, stdin, viaToken, viaPassword] });
});
