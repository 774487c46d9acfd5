// Typed failures of building or checking the stacks (bad config errors are ConfigError, from src/config).

export type StacksErrorCode = 'STACKS_UNKNOWN_ENVIRONMENT_OVERRIDE' | 'STACKS_SCHEMA_INVALID';

export class StacksError extends Error {
  readonly code: StacksErrorCode;
  constructor(code: StacksErrorCode, message: string) {
    super(message);
    this.name = 'StacksError';
    this.code = code;
  }
}
