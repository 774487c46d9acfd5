import { VCD_ERROR_CODES } from '../../src/client';
import { EXIT_CODE_TABLE, EXIT_CODES, exitCodeFor } from '../../src/cli';

test('every client error code maps to a documented exit code other than "unexpected"', () => {
  const documented = new Set(EXIT_CODE_TABLE.map((r) => r.code));
  for (const code of VCD_ERROR_CODES) {
    const exit = exitCodeFor({ code });
    expect({ code, documented: documented.has(exit) }).toEqual({ code, documented: true });
    expect({ code, unexpected: exit === EXIT_CODES.UNEXPECTED }).toEqual({ code, unexpected: false });
  }
});

test.each([
  ['VCD_AUTH_FAILED', 3],
  ['VCD_BAD_ORG', 2],
  ['VCD_INVALID_GRANT', 4],
  ['VCD_MISSING_RIGHT', 5],
  ['BOOTSTRAP_MISSING_RIGHT', 5],
  ['VCD_TLS', 6],
  ['VCD_TIMEOUT', 6],
  ['VCD_RATE_LIMITED', 6],
  ['VCD_REVOKE_UNCONFIRMED', 7],
  ['CONFIG_INVALID_JSON', 8],
  ['HANDOFF_INSECURE_PERMISSIONS', 8],
  ['HANDOFF_SECRET_ARGUMENT', 2],
  ['CLI_USAGE', 2],
  ['SOMETHING_ELSE', 1],
])('%s → %i', (code, exit) => {
  expect(exitCodeFor({ code })).toBe(exit);
});

test('errors without a code are unexpected (1)', () => {
  expect(exitCodeFor(new Error('x'))).toBe(1);
  expect(exitCodeFor(undefined)).toBe(1);
});

test('a bootstrap that failed for several targets exits with the first failure\'s code, never "unexpected"', () => {
  const failure = (code: string) => ({ env: 'dev', tenant: 't', code, message: code, error: Object.assign(new Error(code), { code }) });
  const bootstrapFailed = (...codes: string[]) => Object.assign(new Error('bootstrap failed'), { code: 'BOOTSTRAP_FAILED', failures: codes.map(failure) });
  expect(exitCodeFor(bootstrapFailed('HANDOFF_WRITE_FAILED', 'HANDOFF_WRITE_FAILED'))).toBe(EXIT_CODES.CONFIG);
  expect(exitCodeFor(bootstrapFailed('VCD_NETWORK', 'VCD_AUTH_FAILED'))).toBe(EXIT_CODES.SERVER_OR_NETWORK);
  expect(exitCodeFor(bootstrapFailed('VCD_AUTH_FAILED', 'VCD_NETWORK'))).toBe(EXIT_CODES.AUTH_FAILED);
});
