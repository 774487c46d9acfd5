import { BOOTSTRAP_ERROR_CODES } from '../../src/bootstrap/bootstrap-error';
import { VCD_ERROR_CODES } from '../../src/client/errors';
import { CLI_ERROR_CODES, EXIT_CODE_BY_ERROR_CODE, EXIT_CODE_TABLE, EXIT_CODES, exitCodeFor } from '../../src/cli';
import { CONFIG_ERROR_CODES } from '../../src/config/config-error';
import { CONSTRUCT_ERROR_CODES } from '../../src/constructs/errors';
import { HANDOFF_ERROR_CODES } from '../../src/handoff/handoff-error';
import { SYNTH_ERROR_CODES } from '../../src/synth/synth-error';
import { STORE_ERROR_CODES } from '../../src/stores/store-error';

const AREA_CODES: readonly string[] = [
  ...VCD_ERROR_CODES, ...CONFIG_ERROR_CODES, ...CONSTRUCT_ERROR_CODES, ...HANDOFF_ERROR_CODES,
  ...BOOTSTRAP_ERROR_CODES, ...CLI_ERROR_CODES, ...SYNTH_ERROR_CODES, ...STORE_ERROR_CODES,
];

test('the exit-code map has exactly the codes of the area unions, each prefix in one area', () => {
  expect(Object.keys(EXIT_CODE_BY_ERROR_CODE).sort()).toEqual([...AREA_CODES].sort());
  expect(new Set(AREA_CODES).size).toBe(AREA_CODES.length);
  const prefixes = [['VCD_', VCD_ERROR_CODES], ['CONFIG_', CONFIG_ERROR_CODES], ['CONSTRUCT_', CONSTRUCT_ERROR_CODES], ['HANDOFF_', HANDOFF_ERROR_CODES],
    ['BOOTSTRAP_', BOOTSTRAP_ERROR_CODES], ['CLI_', CLI_ERROR_CODES], ['SYNTH_', SYNTH_ERROR_CODES], ['STORE_', STORE_ERROR_CODES]] as const;
  for (const [prefix, codes] of prefixes) expect(codes.filter((c: string) => !c.startsWith(prefix))).toEqual([]);
});

test('every error code maps to a documented exit code; only a closed client (a caller bug) is "unexpected"', () => {
  const documented = new Set(EXIT_CODE_TABLE.map((r) => r.code));
  const unexpected: string[] = [];
  for (const code of AREA_CODES) {
    const exit = exitCodeFor(code === 'BOOTSTRAP_FAILED' ? { code, failures: [{ error: { code: 'VCD_TLS' } }] } : { code });
    expect({ code, documented: documented.has(exit) }).toEqual({ code, documented: true });
    if (exit === EXIT_CODES.UNEXPECTED) unexpected.push(code);
  }
  expect(unexpected).toEqual(['VCD_CLIENT_CLOSED']);
});

test.each([
  ['VCD_AUTH_FAILED', 3],
  ['VCD_BAD_ORG', 2],
  ['VCD_INVALID_GRANT', 4],
  ['VCD_MISSING_RIGHT', 5],
  ['BOOTSTRAP_MISSING_RIGHT', 5],
  ['BOOTSTRAP_CI_TOKEN_REJECTED', 4],
  ['STORE_AUTH_FAILED', 3],
  ['STORE_FORBIDDEN', 5],
  ['STORE_NOT_FOUND', 2],
  ['STORE_CANNOT_MASK', 2],
  ['STORE_TIMEOUT', 6],
  ['STORE_NOT_CONFIRMED', 6],
  ['VCD_TLS', 6],
  ['VCD_TIMEOUT', 6],
  ['VCD_RATE_LIMITED', 6],
  ['VCD_REVOKE_UNCONFIRMED', 7],
  ['CONFIG_INVALID_JSON', 8],
  ['HANDOFF_INSECURE_PERMISSIONS', 8],
  ['HANDOFF_SECRET_ARGUMENT', 2],
  ['CLI_USAGE', 2],
  ['BOOTSTRAP_UNKNOWN_ENVIRONMENT', 2],
  ['BOOTSTRAP_TOKEN_FILE_INCOMPLETE', 2],
  ['CONSTRUCT_GUARD_TOKEN_SESSION_RESTRICTED', 8],
  ['SYNTH_APP_FAILED', 8],
  ['VCD_CLIENT_CLOSED', 1],
  ['SOMETHING_ELSE', 1],
  ['toString', 1],
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
