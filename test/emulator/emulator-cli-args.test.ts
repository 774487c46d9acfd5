import { parseEmulatorArgs, EmulatorUsageError } from '../../src/emulator/cli-args';

describe('parseEmulatorArgs', () => {
  test('maps flags (both "--flag value" and "--flag=value") to startEmulator options', () => {
    const parsed = parseEmulatorArgs(
      ['--vcd-version=10.6', '--port', '8443', '--idle-timeout', '2', '--absolute-timeout=60', '--max-sessions', '5',
        '--rotate-refresh-tokens', '--require-accept-version', '--log-requests', '--state', '/tmp/s.json',
        '--device-code-interval', '0', '--device-code-expires-in=30'],
      {},
    );
    expect(parsed).toEqual({
      kind: 'run',
      options: expect.objectContaining({
        vcdVersion: '10.6',
        port: 8443,
        sessionIdleTimeoutSeconds: 2,
        sessionAbsoluteTimeoutSeconds: 60,
        maxSessions: 5,
        rotateRefreshTokens: true,
        requireAcceptVersion: true,
        logRequests: true,
        stateFile: '/tmp/s.json',
        deviceCodeIntervalSeconds: 0,
        deviceCodeExpiresInSeconds: 30,
        http: false,
      }),
    });
  });

  test('passwords come from the default env vars or a named one, never argv', () => {
    const fromDefault = parseEmulatorArgs([], { VCD_EMULATOR_ADMIN_PASSWORD: 'a', VCD_EMULATOR_DEMO_PASSWORD: 'd' });
    expect(fromDefault.kind === 'run' && [fromDefault.options.adminPassword, fromDefault.options.demoPassword]).toEqual(['a', 'd']);
    const named = parseEmulatorArgs(['--admin-password-env', 'MY_ADMIN_PW'], { MY_ADMIN_PW: 'x', VCD_EMULATOR_ADMIN_PASSWORD: 'ignored' });
    expect(named.kind === 'run' && named.options.adminPassword).toBe('x');
    const unset = parseEmulatorArgs([], {});
    expect(unset.kind === 'run' && unset.options.adminPassword).toBeUndefined();
    expect(() => parseEmulatorArgs(['--password=hunter2'], {})).toThrow(EmulatorUsageError);
    expect(() => parseEmulatorArgs(['--demo-password', 'x'], {})).toThrow(/refused/);
  });

  test.each([
    [['--http', '--cert', 'c', '--key', 'k'], /--http cannot be combined/],
    [['--ca', 'x'], /--ca only applies/],
    [['--port', '70000'], /at most 65535/],
    [['--idle-timeout', '0'], /positive integer/],
    [['--device-code-expires-in', '0'], /--device-code-expires-in expects a positive integer/],
    [['--device-code-interval', '-1'], /--device-code-interval needs a value|non-negative integer/],
    [['--http=yes'], /takes no value/],
    [['--seed', 'a', '--seed', 'b'], /given twice/],
    [['--faults', '/nonexistent/faults.json'], /--faults: Cannot read fault file/],
  ])('%p is refused', (args, message) => {
    expect(() => parseEmulatorArgs(args, {})).toThrow(message);
  });

  test('--help wins', () => {
    expect(parseEmulatorArgs(['--port', '1', '--help'], {})).toEqual({ kind: 'help' });
  });
});
