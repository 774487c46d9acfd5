// One error type for every bad config (the CONFIG_* codes of the toolkit's error model), with a message that
// names the file, the field path and what was expected. Values are only echoed when they cannot hold a secret.
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

export class ConfigError extends VcdApiTokensError<ConfigErrorCode> {
  readonly file: string;
  readonly field: string;
  readonly expected: string;

  constructor(details: ConfigErrorDetails) {
    const where = details.field === '' ? details.file : `${details.file}: ${details.field}`;
    const got = details.got === undefined ? '' : ` (got ${details.got})`;
    super(details.code, `${where}: expected ${details.expected}${got}`);
    this.file = details.file;
    this.field = details.field;
    this.expected = details.expected;
  }

  protected override jsonFields(): Record<string, unknown> {
    return { file: this.file, field: this.field, expected: this.expected };
  }
}

export function isConfigError(err: unknown): err is ConfigError {
  return err instanceof ConfigError;
}
