// `vcd-token` dispatcher: global help, subcommand lookup, argument parsing, error → exit code. Errors are
// printed as one neutralised line (plus the rights diagnosis), never with stack traces or secrets.
import { COMMON_OPTIONS, formatOptions, parseCommandArguments } from './arguments';
import { CliIo, CliOutput } from './cli-io';
import type { CliCommand } from './command';
import { bootstrapCommand } from './commands/bootstrap';
import { createCommand } from './commands/create';
import { enrollCommand } from './commands/enroll';
import { exchangeCommand } from './commands/exchange';
import { listCommand } from './commands/list';
import { revokeCommand } from './commands/revoke';
import { rotateCommand } from './commands/rotate';
import { serviceAccountCommand } from './commands/service-account';
import { whoamiCommand } from './commands/whoami';
import { EXIT_CODE_TABLE, EXIT_CODES, exitCodeFor } from './exit-codes';
import { closestFlag } from './arguments';
import { neutralizeForDisplay } from '../handoff/neutralize';
import { rejectSecretArguments } from '../handoff/secret-input';

export const COMMANDS: readonly CliCommand[] = [createCommand, exchangeCommand, listCommand, revokeCommand, rotateCommand, whoamiCommand, bootstrapCommand, enrollCommand, serviceAccountCommand];

const ENV_HELP = [
  'Environment variables (as the vmware/vcd provider): VCD_URL, VCD_ORG, VCD_SYS_ORG, VCD_USER, VCD_PASSWORD,',
  'VCD_API_TOKEN, VCD_API_TOKEN_FILE, VCD_ALLOW_UNVERIFIED_SSL; plus VCD_CA_FILE, VCD_TIMEOUT, VCD_TOKEN_DIR,',
  'VCD_PASSWORD_<ENV>_<TENANT>, VCD_API_TOKEN_<ENV>_<TENANT>, VCD_API_TOKEN_FILE_<ENV>_<TENANT>, VCD_TOKEN_NO_CREATE',
  '(bootstrap, enroll, rotate); VCD_SA_TOKEN_<ENV>_<TENANT>, VCD_SA_TOKEN_FILE_<ENV>_<TENANT> (service-account tenants),',
  'VCD_SA_TOKEN_FILE (service-account commands); GH_TOKEN / GITHUB_TOKEN, GITHUB_API_URL, GITLAB_TOKEN, CI_API_V4_URL',
  '(--to github|gitlab).',
  'Secrets are never accepted as command-line arguments.',
];

function globalHelp(): string[] {
  return [
    'Usage: vcd-token <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(15)} ${c.summary}`),
    '',
    'Global options:',
    ...formatOptions(COMMON_OPTIONS),
    '',
    ...ENV_HELP,
    '',
    'Exit codes:',
    ...EXIT_CODE_TABLE.map((r) => `  ${r.code}  ${r.meaning}`),
    '',
    'Run `vcd-token <command> --help` for the options of a command.',
  ];
}

function groupHelp(group: CliCommand): string[] {
  return [
    'Usage: ' + group.usage[0],
    ...group.usage.slice(1),
    '',
    'Commands:',
    ...(group.subcommands ?? []).map((c) => `  ${c.name.padEnd(10)} ${c.summary}`),
    '',
    `Run \`vcd-token ${group.name} <command> --help\` for the options of a command.`,
  ];
}

function commandHelp(command: CliCommand): string[] {
  return ['Usage: ' + command.usage[0], ...command.usage.slice(1), '', 'Options:', ...formatOptions(command.options), '', ...ENV_HELP];
}

function unknownCommand(out: CliOutput, name: string, known: readonly CliCommand[], where: string): number {
  const hint = closestFlag(name, known.map((c) => c.name));
  // Only something shaped like a command name is echoed: a pasted token must not reach the CI log.
  const shown = /^[a-z][a-z-]{0,20}$/.test(name) ? JSON.stringify(name) : '(value not shown: it may be a secret)';
  out.error(`Unknown command ${shown}.${hint ? ` Did you mean \`${hint}\`?` : ''} Run \`${where} --help\`.`);
  return EXIT_CODES.USAGE;
}

/** Runs `vcd-token` with `argv` (without node and script) and returns the exit code. */
export async function runVcdToken(argv: readonly string[], io: CliIo): Promise<number> {
  const json = argv.includes('--json');
  const out = new CliOutput(io, json);
  try {
    // Checked before anything else, so even a mistyped subcommand never echoes a secret argument.
    rejectSecretArguments(argv);
    const [name, ...rest] = argv;
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      io.stdout.write(`${globalHelp().join('\n')}\n`);
      return name === undefined ? EXIT_CODES.USAGE : EXIT_CODES.OK;
    }
    const found = COMMANDS.find((c) => c.name === name);
    if (!found) return unknownCommand(out, name, COMMANDS, 'vcd-token');
    let command = found;
    let args = rest;
    let displayName = found.name;
    if (found.subcommands) {
      const [subName, ...subRest] = rest;
      if (subName === undefined || subName === '--help' || subName === '-h' || subName === 'help') {
        io.stdout.write(`${groupHelp(found).join('\n')}\n`);
        return subName === undefined ? EXIT_CODES.USAGE : EXIT_CODES.OK;
      }
      const sub = found.subcommands.find((c) => c.name === subName);
      if (!sub) return unknownCommand(out, subName, found.subcommands, `vcd-token ${found.name}`);
      command = sub;
      args = subRest;
      displayName = `${found.name} ${sub.name}`;
    }
    if (args.includes('--help') || args.includes('-h')) {
      io.stdout.write(`${commandHelp(command).join('\n')}\n`);
      return EXIT_CODES.OK;
    }
    const parsed = parseCommandArguments(displayName, args, command.options, command.allowPositionals ?? false, io.env);
    return await command.run({ io, out, values: parsed.values, positionals: parsed.positionals });
  } catch (err) {
    const code = exitCodeFor(err);
    const message = err instanceof Error ? err.message : String(err);
    const errorCode = typeof (err as { code?: unknown })?.code === 'string' ? (err as { code: string }).code : 'UNEXPECTED';
    // Multi-line messages (rights diagnosis) stay multi-line, but each line is neutralised.
    const safe = message.split('\n').map((line) => neutralizeForDisplay(line));
    if (json) io.stdout.write(`${JSON.stringify({ error: { code: errorCode, exitCode: code, message: safe.join('\n') } }, null, 2)}\n`);
    io.stderr.write(`error [${errorCode}]: ${safe.join('\n  ')}\n`);
    if (code === EXIT_CODES.UNEXPECTED && err instanceof Error && io.env.VCD_TOKEN_DEBUG_STACK === '1') io.stderr.write(`${neutralizeForDisplay(err.stack ?? '')}\n`);
    return code;
  }
}
