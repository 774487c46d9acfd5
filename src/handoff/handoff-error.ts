// Typed errors of the token handoff (the HANDOFF_* codes of the toolkit's error model). Messages name files
// and flags, never secret values.
import { VcdApiTokensError } from '../errors/vcd-api-tokens-error';

export const HANDOFF_ERROR_CODES = [
  'HANDOFF_UNSAFE_LOCATION',
  'HANDOFF_INSECURE_PERMISSIONS',
  'HANDOFF_UNREADABLE',
  'HANDOFF_MALFORMED',
  'HANDOFF_UNSAFE_VALUE',
  'HANDOFF_LOCK_TIMEOUT',
  'HANDOFF_SECRET_ARGUMENT',
  'HANDOFF_REVEAL_REFUSED',
  'HANDOFF_WRITE_FAILED',
  /** A token file of the other kind (service account vs API token) was given. */
  'HANDOFF_WRONG_TOKEN_TYPE',
] as const;

/** Stable codes of `HandoffError`; the CLI maps them to exit codes. */
export type HandoffErrorCode = (typeof HANDOFF_ERROR_CODES)[number];

export class HandoffError extends VcdApiTokensError<HandoffErrorCode> {
  /** The file concerned, when there is one (a path, never content). */
  readonly path?: string;

  constructor(code: HandoffErrorCode, message: string, options: { path?: string; cause?: unknown } = {}) {
    // The cause may be a raw fs error: kept as a redacted copy, out of the message.
    super(code, message, options.cause === undefined ? {} : { cause: options.cause });
    if (options.path !== undefined) this.path = options.path;
  }

  protected override jsonFields(): Record<string, unknown> {
    return this.path === undefined ? {} : { path: this.path };
  }
}

export function isHandoffError(err: unknown): err is HandoffError {
  return err instanceof HandoffError;
}
