// docs/cli.md's exit-code table is the CLI's own (EXIT_CODE_TABLE, which `vcd-token --help` prints), and it
// documents every command the CLI has.
import { EXIT_CODE_TABLE, VCD_TOKEN_COMMANDS } from '../../src/cli';
import { readDoc } from './markdown-blocks';

const doc = readDoc('docs/cli.md');

test('the exit-code table lists every code with the meaning and action the CLI has', () => {
  const section = doc.slice(doc.indexOf('## Exit codes'), doc.indexOf('\n## ', doc.indexOf('## Exit codes') + 1));
  const rows = [...section.matchAll(/^\| (\d+) \| (.+) \| (.+) \|$/gm)].map(([, code, meaning, action]) => ({ code: Number(code), meaning, action }));
  expect(rows).toEqual(EXIT_CODE_TABLE.map((r) => ({ code: r.code, meaning: r.meaning, action: r.action })));
});

test('every command is in the command table and the synopsis', () => {
  const synopsis = /^vcd-token ([a-z|-]+) /m.exec(doc)?.[1].split('|') ?? [];
  expect(synopsis.sort()).toEqual(VCD_TOKEN_COMMANDS.map((c) => c.name).sort());
  for (const { name } of VCD_TOKEN_COMMANDS) expect(doc).toMatch(new RegExp(`^\\| \`${name}\` \\|`, 'm'));
});
