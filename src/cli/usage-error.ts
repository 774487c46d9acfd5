// Command-line mistakes (the CLI_* codes of the toolkit's error model): exit 2, the message says what to use
// instead.
import { VcdApiTokensError } from '../errors/vcd-api-tokens-error';

export const CLI_ERROR_CODES = ['CLI_USAGE'] as const;

/** Stable codes of the CLI's own errors. */
export type CliErrorCode = (typeof CLI_ERROR_CODES)[number];

export class CliUsageError extends VcdApiTokensError<CliErrorCode> {
  constructor(message: string) {
    super('CLI_USAGE', message);
  }
}
