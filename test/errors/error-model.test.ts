// The one error model: every area's error class is a branded VcdApiTokensError with a code from its union,
// `instanceof` works across duplicate copies of the package, and nothing a secret could hide in (message,
// cause chain, stack, JSON, util.inspect) ever shows it.
import { inspect } from 'node:util';
import { BootstrapError, TokenHandoverError } from '../../src/bootstrap';
import { CliUsageError } from '../../src/cli';
import { VcdError } from '../../src/client';
import { registerSecretValue } from '../../src/client/redaction';
import { ConfigError } from '../../src/config';
import { VcdConstructError } from '../../src/constructs';
import { isVcdApiTokensError, VcdApiTokensError } from '../../src/errors';
import { HandoffError } from '../../src/handoff';
import { SynthError } from '../../src/synth/synth-error';

const one = {
  VcdError: new VcdError('VCD_TLS', 'certificate not trusted'),
  ConfigError: new ConfigError({ code: 'CONFIG_BAD_URL', file: '/x/environments.json', field: 'environments[0].vcdUrl', expected: 'an https URL' }),
  VcdConstructError: new VcdConstructError('CONSTRUCT_INVALID_PROP', 'bad', 'stack/x'),
  HandoffError: new HandoffError('HANDOFF_WRITE_FAILED', 'could not write', { path: '/t/f.json' }),
  BootstrapError: new BootstrapError('BOOTSTRAP_UNKNOWN_ENVIRONMENT', 'no such environment'),
  TokenHandoverError: new TokenHandoverError('HANDOFF_WRITE_FAILED', 'abandoned', 'urn:vcloud:token:1', true),
  CliUsageError: new CliUsageError('Missing --name'),
  SynthError: new SynthError('SYNTH_NO_APP', 'no cdktf.json'),
};

test.each(Object.entries(one))('%s is a branded toolkit error with its class name and code', (name, err) => {
  expect(err).toBeInstanceOf(VcdApiTokensError);
  expect(err).toBeInstanceOf(Error);
  expect(isVcdApiTokensError(err)).toBe(true);
  expect(err.name).toBe(name);
  expect(err.toJSON()).toMatchObject({ name, code: err.code, message: err.message });
  // A subclass matches its own errors only.
  for (const [other, otherErr] of Object.entries(one)) {
    if (other !== name) expect({ other, is: otherErr instanceof (err.constructor as typeof VcdApiTokensError) }).toEqual({ other, is: false });
  }
});

test('plain errors and look-alikes are not toolkit errors', () => {
  expect(isVcdApiTokensError(Object.assign(new Error('x'), { code: 'VCD_TLS' }))).toBe(false);
  expect(new Error('x')).not.toBeInstanceOf(VcdApiTokensError);
  expect(isVcdApiTokensError(undefined)).toBe(false);
});

test('the brand works across two copies of the package (instanceof and is-checks)', () => {
  let copy: { ConfigError: typeof ConfigError; VcdError: typeof VcdError; VcdApiTokensError: typeof VcdApiTokensError } | undefined;
  jest.isolateModules(() => {
    copy = {
      ConfigError: require('../../src/config/config-error').ConfigError,
      VcdError: require('../../src/client/errors').VcdError,
      VcdApiTokensError: require('../../src/errors').VcdApiTokensError,
    };
  });
  expect(copy!.ConfigError).not.toBe(ConfigError);
  const fromCopy = new copy!.ConfigError({ code: 'CONFIG_BAD_NAME', file: 'f', field: 'x', expected: 'y' });
  expect(fromCopy).toBeInstanceOf(ConfigError);
  expect(fromCopy).toBeInstanceOf(VcdApiTokensError);
  expect(one.ConfigError).toBeInstanceOf(copy!.ConfigError);
  expect(one.VcdError).toBeInstanceOf(copy!.VcdApiTokensError);
  expect(VcdError.isVcdError(new copy!.VcdError('VCD_TLS', 'x'))).toBe(true);
  expect(VcdError.isVcdError(fromCopy)).toBe(false);
});

describe('no secret in any serialisation', () => {
  const CANARY = 'canary-secret-6f1d2a9c7b3e';
  registerSecretValue(CANARY);
  const everything = (err: Error): string =>
    [err.message, String(err), err.stack, JSON.stringify(err), inspect(err, { depth: 10 }), inspect((err as { cause?: unknown }).cause, { depth: 10 })].join('\n');

  test.each([
    ['HandoffError', () => new HandoffError('HANDOFF_UNREADABLE', `cannot read ${CANARY}`, { cause: new Error(`EACCES ${CANARY}`) })],
    ['BootstrapError', () => new BootstrapError('BOOTSTRAP_FAILED', `failed: ${CANARY}`, [{ env: 'dev', tenant: 'acme', code: 'UNEXPECTED', message: `boom ${CANARY}`, error: new Error(CANARY) }])],
    ['ConfigError', () => new ConfigError({ code: 'CONFIG_BAD_VALUE', file: 'f', field: 'x', expected: 'y', got: CANARY })],
    ['SynthError', () => new SynthError('SYNTH_APP_FAILED', `app said Bearer ${CANARY}`, { cause: Object.assign(new Error(`inner ${CANARY}`), { cause: new Error(`deeper ${CANARY}`) }) })],
    ['TokenHandoverError', () => new TokenHandoverError('BOOTSTRAP_HANDOVER_FAILED', `x ${CANARY}`, 'urn:vcloud:token:1', false, `raw string ${CANARY}`)],
  ])('%s', (_name, make) => {
    const err = make();
    expect(everything(err)).not.toContain(CANARY);
    expect(everything(err)).toContain('[REDACTED]');
  });

  test("the cause's code and (redacted) message are kept, its raw object is not", () => {
    const fsError = Object.assign(new Error(`ENOENT: no such file, open '/t/${CANARY}'`), { code: 'ENOENT' });
    const err = new HandoffError('HANDOFF_UNREADABLE', 'Token file missing.', { path: '/t/f.json', cause: fsError });
    expect(err.toJSON()).toEqual({
      name: 'HandoffError', code: 'HANDOFF_UNREADABLE', message: 'Token file missing.', path: '/t/f.json',
      cause: { code: 'ENOENT', message: "ENOENT: no such file, open '/t/[REDACTED]'" },
    });
    expect((err as { cause?: unknown }).cause).not.toBe(fsError);
  });

  test('a bootstrap failure list is in the JSON without the raw errors', () => {
    const err = new BootstrapError('BOOTSTRAP_FAILED', 'two failed', [
      { env: 'dev', tenant: 'acme', code: 'VCD_TLS', message: 'tls', error: new VcdError('VCD_TLS', 'tls') },
    ]);
    expect(err.toJSON()).toEqual({ name: 'BootstrapError', code: 'BOOTSTRAP_FAILED', message: 'two failed', failures: [{ env: 'dev', tenant: 'acme', code: 'VCD_TLS', message: 'tls' }] });
  });
});
