// Typed errors of the token handoff. Messages name files and flags, never secret values.

/** Stable codes; the CLI maps them to exit codes. */
export type HandoffErrorCode =
  | 'HANDOFF_UNSAFE_LOCATION'
  | 'HANDOFF_INSECURE_PERMISSIONS'
  | 'HANDOFF_UNREADABLE'
  | 'HANDOFF_MALFORMED'
  | 'HANDOFF_UNSAFE_VALUE'
  | 'HANDOFF_LOCK_TIMEOUT'
  | 'HANDOFF_SECRET_ARGUMENT'
  | 'HANDOFF_REVEAL_REFUSED'
  | 'HANDOFF_WRITE_FAILED';

export class HandoffError extends Error {
  readonly code: HandoffErrorCode;
  /** The file concerned, when there is one (a path, never content). */
  readonly path?: string;

  constructor(code: HandoffErrorCode, message: string, options: { path?: string; cause?: unknown } = {}) {
    super(message);
    this.name = 'HandoffError';
    this.code = code;
    if (options.path !== undefined) this.path = options.path;
    // The cause may be a raw fs error; keep it out of JSON serialisation but available for debugging.
    if (options.cause !== undefined) Object.defineProperty(this, 'cause', { value: options.cause, enumerable: false });
  }
}

export function isHandoffError(err: unknown): err is HandoffError {
  return err instanceof HandoffError;
}
