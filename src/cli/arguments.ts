// Argument parsing on node:util parseArgs, with the secret-flag refusal run first and parser errors rewritten
// so they name flags only (parseArgs can quote the following argument, which might be a secret).
import { parseArgs } from 'node:util';
import { rejectSecretArguments } from '../handoff/secret-input';
import { FIQL_SAFE_CHARACTERS, isFiqlSafe } from '../client/fiql';
import type { VcdSettingNames } from '../client/setting-names';
import { MAX_REQUESTED_TOKEN_NAME_LENGTH, MAX_TOKEN_NAME_LENGTH } from '../client/token-name';
import { CliUsageError } from './usage-error';

/**
 * A number-valued option, checked when the arguments are parsed (before any request or file access); the parsed
 * number replaces the text in the parsed values (read it with `numberOption`).
 */
export interface NumberSpec {
  /** For messages: "seconds" or "count". */
  readonly unit: 'seconds' | 'count';
  readonly min: number;
  readonly max: number;
  /** Whole numbers only. @default false */
  readonly integer?: boolean;
  /** The value used when neither flag nor variable is set (shown as the example in messages). */
  readonly default: number;
  /** Environment variable read when the flag is not given (an empty value counts as unset). @default - none */
  readonly env?: string;
}

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  /** The value is a number in this range. @default - any string */
  readonly number?: NumberSpec;
  /** For a boolean flag: the environment variable that also turns it on (see `booleanVariable`). @default - none */
  readonly env?: string;
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

/** `--timeout` / VCD_TIMEOUT, the per-request timeout of every command that talks to VCD. */
export const TIMEOUT_OPTION: OptionSpec = {
  type: 'string',
  valueName: 'seconds',
  description: 'Per-request timeout in seconds, 0.1 to 3600 (env VCD_TIMEOUT) [default: 30]',
  number: { unit: 'seconds', min: 0.1, max: 3600, default: 30, env: 'VCD_TIMEOUT' },
};

/** How `vcd-token` users set what client messages may tell them to change. */
export const CLI_SETTING_NAMES: VcdSettingNames = {
  caFile: '--ca-file or VCD_CA_FILE (or NODE_EXTRA_CA_CERTS)',
  insecure: '--insecure or VCD_ALLOW_UNVERIFIED_SSL=true',
  timeout: '--timeout or VCD_TIMEOUT (seconds per request)',
};

/** `--insecure` / VCD_ALLOW_UNVERIFIED_SSL. */
export const INSECURE_OPTION: OptionSpec = {
  type: 'boolean',
  description: 'Do not verify TLS certificates (env VCD_ALLOW_UNVERIFIED_SSL); prints a warning',
  env: 'VCD_ALLOW_UNVERIFIED_SSL',
};

/** Flags of commands that talk to one VCD. */
export const CONNECTION_OPTIONS: OptionSpecs = {
  url: { type: 'string', valueName: 'url', description: 'VCD URL, e.g. https://vcd.example.com/api (env VCD_URL)' },
  org: { type: 'string', valueName: 'org', description: 'Org name (env VCD_ORG)' },
  'sys-org': { type: 'string', valueName: 'org', description: 'Org to authenticate in, if different from --org (env VCD_SYS_ORG)' },
  user: { type: 'string', valueName: 'user', description: 'User name for password login (env VCD_USER)' },
  'password-stdin': { type: 'boolean', description: 'Read the password from stdin (else env VCD_PASSWORD)' },
  'ca-file': { type: 'string', valueName: 'path', description: 'PEM CA bundle to trust (env VCD_CA_FILE)' },
  insecure: INSECURE_OPTION,
  timeout: TIMEOUT_OPTION,
};

/** Flags of commands that use an existing API token. */
export const TOKEN_INPUT_OPTIONS: OptionSpecs = {
  'token-stdin': { type: 'boolean', description: 'Read the API token from stdin (else env VCD_API_TOKEN)' },
  'token-file': { type: 'string', valueName: 'path', description: 'Token file (provider api_token_file format; env VCD_API_TOKEN_FILE)' },
};

export interface ParsedArguments {
  /** Flag values; a number-valued option (`OptionSpec.number`) holds the checked number, from the flag or its variable. */
  readonly values: Record<string, string | boolean | string[] | number | undefined>;
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

/**
 * Parses a command's arguments; number-valued options are checked (flag first, then their variable in `env`)
 * and hold numbers afterwards. Every failure is a CLI_USAGE error naming the flag.
 */
export function parseCommandArguments(command: string, argv: readonly string[], specs: OptionSpecs, allowPositionals = false, env: NodeJS.ProcessEnv = {}): ParsedArguments {
  rejectSecretArguments(argv);
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const [name, spec] of Object.entries(specs)) {
    options[name] = { type: spec.type, ...(spec.short ? { short: spec.short } : {}), ...(spec.multiple ? { multiple: true } : {}) };
  }
  let parsed: { values: ParsedArguments['values']; positionals: string[] };
  try {
    parsed = parseArgs({ args: joinNegativeNumbers(argv, specs), options, allowPositionals, strict: true }) as typeof parsed;
  } catch (err) {
    throw new CliUsageError(describeParseError(command, argv, specs, err));
  }
  const values: ParsedArguments['values'] = { ...parsed.values };
  for (const [name, spec] of Object.entries(specs)) {
    if (spec.type === 'boolean' && spec.env !== undefined && values[name] !== true && booleanVariable(env, spec.env)) values[name] = true;
    if (!spec.number) continue;
    const flag = values[name];
    const fromEnv = spec.number.env !== undefined && env[spec.number.env] !== undefined && env[spec.number.env] !== '' ? env[spec.number.env] : undefined;
    if (typeof flag === 'string') values[name] = checkedNumber(`--${name}`, flag, spec.number);
    else if (fromEnv !== undefined) values[name] = checkedNumber(spec.number.env as string, fromEnv, spec.number);
  }
  return { values, positionals: parsed.positionals };
}

/**
 * `--timeout -5` as `--timeout=-5`: parseArgs takes "-5" for an option and would report a missing value, where
 * the problem is the value's range.
 */
function joinNegativeNumbers(argv: readonly string[], specs: OptionSpecs): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const name = /^--([a-z][a-z0-9-]*)$/.exec(argv[i])?.[1];
    const next = argv[i + 1];
    if (name !== undefined && specs[name]?.type === 'string' && next !== undefined && /^-[\d.]/.test(next)) {
      out.push(`${argv[i]}=${next}`);
      i++;
    } else out.push(argv[i]);
  }
  return out;
}

const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function checkedNumber(name: string, text: string, spec: NumberSpec): number {
  const value = NUMBER_TEXT.test(text.trim()) ? Number(text.trim()) : NaN;
  if (Number.isFinite(value) && value >= spec.min && value <= spec.max && (!spec.integer || Number.isInteger(value))) return value;
  const what = spec.integer ? 'a whole number' : spec.unit === 'seconds' ? 'a number of seconds' : 'a number';
  // Only something shaped like a number is echoed: a token pasted into the wrong place must not reach a log.
  const shown = /^[\w.+-]{0,20}$/.test(text) ? JSON.stringify(text) : '(value not shown: it may be a secret)';
  const example = name.startsWith('--') ? `${name} ${spec.default}` : `${name}=${spec.default}`;
  throw new CliUsageError(`${name} must be ${what} from ${spec.min} to ${spec.max} (got ${shown}), e.g. ${example} (the default).`);
}

/** A number-valued variable on its own (the main job reads VCD_TIMEOUT without flags): checked as its flag is. */
export function numberVariable(env: NodeJS.ProcessEnv, spec: NumberSpec & { readonly env: string }): number | undefined {
  const text = env[spec.env];
  return text === undefined || text === '' ? undefined : checkedNumber(spec.env, text, spec);
}

/** What leaving a boolean variable unset does, for its error message. */
const UNSET_MEANS: Readonly<Record<string, string>> = {
  VCD_ALLOW_UNVERIFIED_SSL: 'to verify TLS certificates',
  VCD_TOKEN_NO_CREATE: 'to let bootstrap create a token when a password is at hand',
};

const TRUE_WORDS = ['1', 't', 'true', 'yes', 'y', 'on'];
const FALSE_WORDS = ['0', 'f', 'false', 'no', 'n', 'off'];

/**
 * A boolean environment variable: the words Go's strconv.ParseBool accepts (the vmware/vcd provider reads its
 * VCD_* switches with it) plus yes/no and on/off, any case; unset or empty is false. Anything else is a usage
 * error naming the variable: a typo must not silently mean "false".
 */
export function booleanVariable(env: NodeJS.ProcessEnv, name: string): boolean {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return false;
  const word = raw.trim().toLowerCase();
  if (TRUE_WORDS.includes(word)) return true;
  if (FALSE_WORDS.includes(word)) return false;
  const shown = /^[\w.+-]{0,20}$/.test(raw) ? JSON.stringify(raw) : '(value not shown: it may be a secret)';
  throw new CliUsageError(`${name} must be true or false (1, t, TRUE, yes … or 0, f, FALSE, no …); got ${shown}. Unset it ${UNSET_MEANS[name] ?? 'for the default (false)'}.`);
}

/**
 * A token name given with `flag`: VCD's length limit (less the per-attempt suffix) and the characters a FIQL
 * filter can carry, since the name is also how tokens are looked up. Checked before any request or file.
 */
export function checkedTokenName(name: string, flag = '--name'): string {
  if (name.length > MAX_REQUESTED_TOKEN_NAME_LENGTH) {
    throw new CliUsageError(
      `${flag} is ${name.length} characters long; VCD allows ${MAX_REQUESTED_TOKEN_NAME_LENGTH} for a name (${MAX_TOKEN_NAME_LENGTH} with the per-attempt suffix ~<8 hex> this tool adds). Choose a shorter name.`,
    );
  }
  if (!isFiqlSafe(name)) {
    throw new CliUsageError(`${flag} may hold ${FIQL_SAFE_CHARACTERS} (tokens are looked up by name, and VCD's filter cannot carry spaces, quotes, backslashes or , ; ( ) = ! < > * +). Choose another name.`);
  }
  return name;
}

/** A number-valued option's checked value (see `NumberSpec`), undefined when neither the flag nor its variable is set. */
export function numberOption(values: ParsedArguments['values'], name: string): number | undefined {
  const v = values[name];
  return typeof v === 'number' ? v : undefined;
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
