// One error type for every bad config (the CONFIG_* codes of the toolkit's error model), with a message that
// names the file, the field path and what was expected, for every problem the file has (a user fixing a new
// environment sees them all in one run). Values are only echoed when they cannot hold a secret.
import { redactText } from '../client/redaction';
import { VcdApiTokensError } from '../errors/vcd-api-tokens-error';

export const CONFIG_ERROR_CODES = [
  'CONFIG_UNREADABLE',
  'CONFIG_INVALID_JSON',
  'CONFIG_UNKNOWN_FIELD',
  'CONFIG_MISSING_FIELD',
  'CONFIG_WRONG_TYPE',
  'CONFIG_BAD_NAME',
  'CONFIG_BAD_URL',
  'CONFIG_DUPLICATE',
  'CONFIG_UNSUPPORTED_VCD_VERSION',
  'CONFIG_NO_TENANTS',
  'CONFIG_BAD_BACKEND',
  'CONFIG_BAD_VALUE',
] as const;

/** Stable codes of `ConfigError`. */
export type ConfigErrorCode = (typeof CONFIG_ERROR_CODES)[number];

export interface ConfigErrorDetails {
  readonly code: ConfigErrorCode;
  /** Absolute path of the config file. */
  readonly file: string;
  /** Field path such as `environments[1].tenants[0].name`; "" for the whole document. */
  readonly field: string;
  /** What a valid value looks like. */
  readonly expected: string;
  /** What was found, already safe to print. @default - not shown */
  readonly got?: string;
}

/** One problem of a config file. */
export interface ConfigProblem {
  readonly code: ConfigErrorCode;
  /** Field path, "" for the whole document. */
  readonly field: string;
  readonly expected: string;
  /** What was found, already safe to print. @default - not shown */
  readonly got?: string;
}

/**
 * A bad config. `code`, `field` and `expected` are those of the first problem in document order; `problems` lists
 * every problem found in the file (at least one).
 */
export class ConfigError extends VcdApiTokensError<ConfigErrorCode> {
  readonly file: string;
  readonly field: string;
  readonly expected: string;
  readonly problems: readonly ConfigProblem[];

  constructor(details: ConfigErrorDetails | { readonly file: string; readonly problems: readonly ConfigProblem[] }) {
    const problems: readonly ConfigProblem[] = 'problems' in details ? details.problems : [details];
    if (problems.length === 0) throw new RangeError('a ConfigError needs at least one problem');
    const first = problems[0];
    const message = problems.length === 1
      ? `${details.file}: ${describeProblem(first)}`
      : `${details.file}: ${problems.length} problems:\n${problems.map(describeProblem).join('\n')}`;
    super(first.code, message);
    this.file = details.file;
    this.field = first.field;
    this.expected = first.expected;
    // Only the problem's own fields; `got` is redacted like the message (it may quote a pasted secret).
    this.problems = problems.map((p) => ({ code: p.code, field: p.field, expected: p.expected, ...(p.got === undefined ? {} : { got: redactText(p.got) }) }));
  }

  protected override jsonFields(): Record<string, unknown> {
    return { file: this.file, field: this.field, expected: this.expected, problems: this.problems };
  }
}

function describeProblem(p: ConfigProblem): string {
  const got = p.got === undefined ? '' : ` (got ${p.got})`;
  return `${p.field === '' ? '' : `${p.field}: `}expected ${p.expected}${got}`;
}

export function isConfigError(err: unknown): err is ConfigError {
  return err instanceof ConfigError;
}
