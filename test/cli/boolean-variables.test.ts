// VCD_ALLOW_UNVERIFIED_SSL takes the values the vmware/vcd provider accepts for it (Go's strconv.ParseBool)
// plus yes/no; anything else is a usage error naming the variable, never a silent "false".
import { parseCommandArguments } from '../../src/cli/arguments';
import { VCD_TOKEN_COMMANDS } from '../../src/cli';

const specsOf = (name: string) => VCD_TOKEN_COMMANDS.find((c) => c.name === name)!.options;

test.each(['create', 'bootstrap'])('%s: VCD_ALLOW_UNVERIFIED_SSL=maybe is refused naming the variable and the accepted values', (command) => {
  let caught: { code?: string; message?: string } = {};
  try {
    parseCommandArguments(command, [], specsOf(command), false, { VCD_ALLOW_UNVERIFIED_SSL: 'maybe' });
  } catch (err) {
    caught = err as typeof caught;
  }
  expect(caught.code).toBe('CLI_USAGE');
  expect(caught.message).toMatch(/^VCD_ALLOW_UNVERIFIED_SSL must be true or false \(1, t, TRUE, yes … or 0, f, FALSE, no …\); got "maybe"/);
});

test.each([
  ['true', true], ['TRUE', true], ['1', true], ['t', true], ['yes', true],
  ['false', false], ['0', false], ['F', false], ['no', false], ['', false],
])('VCD_ALLOW_UNVERIFIED_SSL=%j means %s (the --insecure flag wins)', (value, expected) => {
  expect(parseCommandArguments('create', [], specsOf('create'), false, { VCD_ALLOW_UNVERIFIED_SSL: value }).values.insecure === true).toBe(expected);
  expect(parseCommandArguments('create', ['--insecure'], specsOf('create'), false, { VCD_ALLOW_UNVERIFIED_SSL: value }).values.insecure).toBe(true);
});
