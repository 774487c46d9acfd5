import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACME_AUTOMATION, EmulatorTestKit } from './emulator-test-kit';

describe('emulator: --state persistence across restarts', () => {
  test('an API token created before a restart still exchanges after it; the state file holds only hashes (0600)', async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), 'e1-state-')), 'state.json');
    const first = await EmulatorTestKit.start({ stateFile });
    let refreshToken: string;
    try {
      ({ refreshToken } = await first.createApiToken(ACME_AUTOMATION, 'survives'));
    } finally {
      await first.close();
    }
    const text = readFileSync(stateFile, 'utf8');
    expect(text).toContain('survives');
    expect(text).not.toContain(refreshToken);
    expect(statSync(stateFile).mode & 0o777).toBe(0o600);

    const second = await EmulatorTestKit.start({ stateFile });
    try {
      expect(await second.exchange('acme', refreshToken)).toMatch(/\./);
      const jwt = await second.loginJwt(ACME_AUTOMATION);
      const listed = await second.bearerGet('/cloudapi/1.0.0/tokens', jwt);
      expect(listed.json().values.map((v: { name: string }) => v.name)).toEqual(['survives']);
    } finally {
      await second.close();
    }
  });

  test('without a state file, a restart forgets tokens', async () => {
    const first = await EmulatorTestKit.start();
    const { refreshToken } = await first.createApiToken(ACME_AUTOMATION, 'ephemeral');
    await first.close();
    const second = await EmulatorTestKit.start();
    try {
      const res = await second.tokenRequest('acme', { grant_type: 'refresh_token', refresh_token: refreshToken });
      expect(res.status).toBe(400);
    } finally {
      await second.close();
    }
  });
});
