// Every number-valued flag and environment variable of vcd-token is checked when the arguments are parsed,
// before any request or file access: a message naming the flag (or variable), its unit and accepted range.
import { parseCommandArguments, type OptionSpecs } from '../../src/cli/arguments';
import type { CliCommand } from '../../src/cli/command';
import { VCD_TOKEN_COMMANDS } from '../../src/cli';

/** Every command and subcommand by its full name ("service-account authorize"): a new one cannot escape these checks. */
const everyCommand = (commands: readonly CliCommand[] = VCD_TOKEN_COMMANDS, prefix = ''): { name: string; options: OptionSpecs }[] =>
  commands.flatMap((c) => [{ name: `${prefix}${c.name}`, options: c.options }, ...everyCommand(c.subcommands ?? [], `${prefix}${c.name} `)]);

const allOptions = (): [string, string, OptionSpecs[string]][] =>
  everyCommand().flatMap((c) => Object.entries(c.options).map(([name, spec]) => [c.name, name, spec] as [string, string, OptionSpecs[string]]));

const usageError = (fn: () => unknown): { code: string; message: string } => {
  try {
    fn();
  } catch (err) {
    return err as { code: string; message: string };
  }
  throw new Error('expected a usage error');
};

test('every option whose value is a number (seconds, a count) declares its range', () => {
  const numeric = allOptions().filter(([, , spec]) => spec.type === 'string' && /^(seconds|n|count)$/.test(spec.valueName ?? ''));
  expect(numeric.map(([command, name]) => `${command} --${name}`)).toEqual(
    expect.arrayContaining(['create --timeout', 'rotate --lock-timeout', 'bootstrap --concurrency', 'bootstrap --timeout', 'service-account authorize --deadline', 'service-account create --deadline', 'service-account push --timeout']),
  );
  for (const [command, name, spec] of numeric) expect({ command, name, number: spec.number !== undefined }).toEqual({ command, name, number: true });
});

// Every --timeout: the connection flag (top-level commands and the service-account ones), bootstrap's, push's.
const withTimeout = everyCommand().filter((c) => c.options.timeout !== undefined);

test('every command with --timeout is covered below, subcommands included', () => {
  expect(withTimeout.map((c) => c.name)).toEqual(expect.arrayContaining(['create', 'bootstrap', 'service-account authorize', 'service-account push', 'service-account grant']));
});

describe.each(withTimeout.map((c) => [c.name, c.options] as const))('%s --timeout', (command, specs) => {
  test.each([
    [['--timeout', 'abc'], '"abc"'],
    [['--timeout', '-5'], '"-5"'],
    [['--timeout=-5'], '"-5"'],
    [['--timeout', '0'], '"0"'],
    [['--timeout', '1e9'], '"1e9"'],
    [['--timeout', 'Infinity'], '"Infinity"'],
    [['--timeout', ''], '""'],
    [['--timeout', '30s'], '"30s"'],
  ])('%j is refused naming the flag, unit and range', (argv, shown) => {
    const err = usageError(() => parseCommandArguments(command, argv, specs, false, {}));
    expect(err.code).toBe('CLI_USAGE');
    expect(err.message).toContain('--timeout');
    expect(err.message).toMatch(/seconds/);
    expect(err.message).toMatch(/from 0\.1 to 3600/);
    expect(err.message).toContain(`got ${shown}`);
  });

  test('VCD_TIMEOUT is checked the same way, named as the variable', () => {
    const err = usageError(() => parseCommandArguments(command, [], specs, false, { VCD_TIMEOUT: 'forever' }));
    expect(err.message).toMatch(/^VCD_TIMEOUT must be a number of seconds from 0\.1 to 3600/);
  });

  test('a valid value is parsed into a number; the flag wins over the variable', () => {
    expect(parseCommandArguments(command, ['--timeout', '2.5'], specs, false, { VCD_TIMEOUT: '9' }).values.timeout).toBe(2.5);
    expect(parseCommandArguments(command, [], specs, false, { VCD_TIMEOUT: '9' }).values.timeout).toBe(9);
    expect(parseCommandArguments(command, [], specs, false, { VCD_TIMEOUT: '' }).values.timeout).toBeUndefined();
  });
});

test('rotate --lock-timeout: seconds from 0 to 86400; "abc" never becomes an endless wait', () => {
  const specs = VCD_TOKEN_COMMANDS.find((c) => c.name === 'rotate')!.options;
  for (const bad of ['abc', '-1', 'NaN', '86401']) {
    const err = usageError(() => parseCommandArguments('rotate', ['--lock-timeout', bad], specs, false, {}));
    expect(err.message).toMatch(/^--lock-timeout must be a number of seconds from 0 to 86400/);
  }
  expect(parseCommandArguments('rotate', ['--lock-timeout', '0'], specs, false, {}).values['lock-timeout']).toBe(0);
});

test('bootstrap --concurrency: a whole number from 1 to 256', () => {
  const specs = VCD_TOKEN_COMMANDS.find((c) => c.name === 'bootstrap')!.options;
  for (const bad of ['0', '2.5', 'eight', '1000']) {
    const err = usageError(() => parseCommandArguments('bootstrap', ['--concurrency', bad], specs, false, {}));
    expect(err.message).toMatch(/^--concurrency must be a whole number from 1 to 256/);
  }
  expect(parseCommandArguments('bootstrap', ['--concurrency', '4'], specs, false, {}).values.concurrency).toBe(4);
});

test('a value that does not look like a number is not echoed (it may be a pasted secret)', () => {
  const specs = VCD_TOKEN_COMMANDS.find((c) => c.name === 'create')!.options;
  const secretish = 'Xk2-very-long-pasted-token-value-9f8e7d6c5b4a';
  const err = usageError(() => parseCommandArguments('create', ['--timeout', secretish], specs, false, {}));
  expect(err.message).not.toContain(secretish);
  expect(err.message).toMatch(/value not shown/);
});

describe.each(everyCommand().filter((c) => c.options.deadline !== undefined).map((c) => [c.name, c.options] as const))('%s --deadline', (command, specs) => {
  test.each(['abc', '0', '-5', '0.5', '86401', '1e9', 'Infinity', '10m'])('%j is refused naming the flag, unit and range', (bad) => {
    const err = usageError(() => parseCommandArguments(command, ['--deadline', bad], specs, false, {}));
    expect(err.code).toBe('CLI_USAGE');
    expect(err.message).toMatch(/^--deadline must be a number of seconds from 1 to 86400/);
  });

  test('a valid value is parsed into a number of seconds', () => {
    expect(parseCommandArguments(command, ['--deadline', '90'], specs, false, {}).values.deadline).toBe(90);
    expect(parseCommandArguments(command, [], specs, false, {}).values.deadline).toBeUndefined();
  });
});
