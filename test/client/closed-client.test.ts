// A closed client fails every call with its own code, VCD_CLIENT_CLOSED, before any request is made.
import { exitCodeFor } from '../../src/cli';
import { failure } from './helpers/failure';
import { mockVcd, passwordSession } from './helpers/mock-vcd';

test('every operation on a closed client rejects with VCD_CLIENT_CLOSED and sends nothing', async () => {
  const vcd = mockVcd();
  await vcd.client.close();
  const session = passwordSession();
  const errors = [
    await failure(vcd.client.listTokens(session)),
    await failure(vcd.client.createApiToken(session, { name: 'ci' })),
    await failure(vcd.client.revokeToken(session, 'urn:vcloud:token:6d0a1b2c-3d4e-4f50-8a9b-0c1d2e3f4a5b')),
    await failure(vcd.client.exchangeApiToken({ org: 'acme', apiToken: 'some-api-token-value-1234' })),
  ];
  for (const err of errors) {
    expect(err.code).toBe('VCD_CLIENT_CLOSED');
    expect(err.message).toMatch(/closed: create a new one/);
  }
  expect(exitCodeFor(errors[0])).toBe(1);
  expect(vcd.calls()).toHaveLength(0);
  await vcd.close();
});
