// Command-line mistakes: exit 2, message says what to use instead.

export class CliUsageError extends Error {
  readonly code = 'CLI_USAGE' as const;
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}
