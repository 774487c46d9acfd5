// Argument parsing on node:util parseArgs, with the secret-flag refusal run first and parser errors rewritten
// so they name flags only (parseArgs can quote the following argument, which might be a secret).
import { parseArgs } from 'node:util';
import { rejectSecretArguments } from '../handoff/secret-input';
import { CliUsageError } from './usage-error';

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly multiple?: boolean;
  /** One-line help; `<value>` placeholder for strings. */
  readonly description: string;
  readonly valueName?: string;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** Flags every command accepts. */
export const COMMON_OPTIONS: OptionSpecs = {
  help: { type: 'boolean', short: 'h', description: 'Show help for the command' },
  json: { type: 'boolean', description: 'Machine-readable JSON on stdout (no progress output)' },
  debug: { type: 'boolean', description: 'Log requests (redacted) to stderr' },
};

/** Flags of commands that talk to one VCD. */
export const CONNECTION_OPTIONS: OptionSpecs = {
  url: { type: 'string', valueName: 'url', description: 'VCD URL, e.g. https://vcd.example.com/api (env VCD_URL)' },
  org: { type: 'string', valueName: 'org', description: 'Org name (env VCD_ORG)' },
  'sys-org': { type: 'string', valueName: 'org', description: 'Org to authenticate in, if different from --org (env VCD_SYS_ORG)' },
  user: { type: 'string', valueName: 'user', description: 'User name for password login (env VCD_USER)' },
  'password-stdin': { type: 'boolean', description: 'Read the password from stdin (else env VCD_PASSWORD)' },
  'ca-file': { type: 'string', valueName: 'path', description: 'PEM CA bundle to trust (env VCD_CA_FILE)' },
  insecure: { type: 'boolean', description: 'Do not verify TLS certificates (env VCD_ALLOW_UNVERIFIED_SSL); prints a warning' },
  timeout: { type: 'string', valueName: 'seconds', description: 'Per-request timeout in seconds (env VCD_TIMEOUT) [default: 30]' },
};

/** Flags of commands that use an existing API token. */
export const TOKEN_INPUT_OPTIONS: OptionSpecs = {
  'token-stdin': { type: 'boolean', description: 'Read the API token from stdin (else env VCD_API_TOKEN)' },
  'token-file': { type: 'string', valueName: 'path', description: 'Token file (provider api_token_file format; env VCD_API_TOKEN_FILE)' },
};

export interface ParsedArguments {
  readonly values: Record<string, string | boolean | string[] | undefined>;
  readonly positionals: string[];
}

function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length][b.length];
}

/** The closest known flag name, for "did you mean" hints. */
export function closestFlag(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const dist = distance(name, candidate);
    if (dist < bestDistance) {
      best = candidate;
      bestDistance = dist;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

export function parseCommandArguments(command: string, argv: readonly string[], specs: OptionSpecs, allowPositionals = false): ParsedArguments {
  rejectSecretArguments(argv);
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const [name, spec] of Object.entries(specs)) {
    options[name] = { type: spec.type, ...(spec.short ? { short: spec.short } : {}), ...(spec.multiple ? { multiple: true } : {}) };
  }
  try {
    const parsed = parseArgs({ args: [...argv], options, allowPositionals, strict: true });
    return { values: parsed.values as ParsedArguments['values'], positionals: parsed.positionals };
  } catch (err) {
    throw new CliUsageError(describeParseError(command, argv, specs, err));
  }
}

function describeParseError(command: string, argv: readonly string[], specs: OptionSpecs, err: unknown): string {
  const code = (err as { code?: string }).code;
  const known = Object.keys(specs);
  const help = `Run \`vcd-token ${command} --help\` for the list of options.`;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const unknown = argv.map((a) => /^--?([^=]+)/.exec(a)?.[1]).find((name) => name !== undefined && !known.includes(name) && !Object.values(specs).some((s) => s.short === name));
    const hint = unknown ? closestFlag(unknown, known) : undefined;
    // An option name is echoed only when it looks like one (never a value pasted after a dash).
    const shown = unknown === undefined ? '' : /^[a-z][a-z0-9-]{0,30}$/.test(unknown) ? ` --${unknown}` : ' (value not shown: it may be a secret)';
    return `Unknown option${shown} for \`vcd-token ${command}\`.${hint ? ` Did you mean --${hint}?` : ''} ${help}`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const flag = known.find((name) => (err as Error).message.includes(`--${name}`));
    return `Option ${flag ? `--${flag}` : ''} ${flag && specs[flag].type === 'boolean' ? 'does not take a value' : 'needs a value'}. ${help}`;
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    return `\`vcd-token ${command}\` takes no positional arguments. ${help}`;
  }
  return `Invalid arguments for \`vcd-token ${command}\`. ${help}`;
}

/** Formats the option list for --help. */
export function formatOptions(specs: OptionSpecs): string[] {
  return Object.entries(specs).map(([name, spec]) => {
    const flag = `${spec.short ? `-${spec.short}, ` : ''}--${name}${spec.type === 'string' ? ` <${spec.valueName ?? 'value'}>` : ''}`;
    return `  ${flag.padEnd(30)} ${spec.description}`;
  });
}

export function stringOption(values: ParsedArguments['values'], name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

export function booleanOption(values: ParsedArguments['values'], name: string): boolean {
  return values[name] === true;
}
