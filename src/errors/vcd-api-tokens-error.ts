// The base of every error the toolkit throws. A brand (Symbol.for, so it works across duplicate installs of
// this package), a `code` from the closed ErrorCode union, and nothing that can leak a secret: the message is
// redacted when the error is built and the cause is kept as a redacted copy, so serialising an error (JSON,
// util.inspect, String, stack) never prints a token, even one a server echoed back.
import { redactText } from '../client/redaction';
import type { ErrorCode } from './error-code';

const ERROR_BRAND = Symbol.for('vcd-api-tokens.error');
/** How deep a cause chain is copied; deeper causes are dropped. */
const MAX_CAUSE_DEPTH = 5;

export interface VcdApiTokensErrorOptions {
  /** The underlying error. Errors of this toolkit are kept as they are, anything else as a redacted copy. @default - none */
  readonly cause?: unknown;
}

/** True for an error of this toolkit, from any installed copy of it. */
export function isVcdApiTokensError(x: unknown): x is VcdApiTokensError {
  return typeof x === 'object' && x !== null && typeof (x as Record<symbol, unknown>)[ERROR_BRAND] === 'string';
}

/**
 * Every error of the toolkit: `code` is stable (callers switch on it, never on the prose), `message` says what
 * failed, why, and what to do. `instanceof` works across copies: `VcdApiTokensError` matches every toolkit
 * error, a subclass the errors of that class.
 */
export abstract class VcdApiTokensError<C extends ErrorCode = ErrorCode> extends Error {
  public static [Symbol.hasInstance](x: unknown): boolean {
    if (!isVcdApiTokensError(x)) return false;
    return this === VcdApiTokensError || (x as unknown as Record<symbol, unknown>)[ERROR_BRAND] === this.name;
  }

  public readonly code: C;

  protected constructor(code: C, message: string, options: VcdApiTokensErrorOptions = {}) {
    const cause = options.cause === undefined ? undefined : redactedCause(options.cause, 0);
    super(redactText(message), cause === undefined ? undefined : { cause });
    this.name = new.target.name;
    Object.defineProperty(this, ERROR_BRAND, { value: new.target.name, enumerable: false });
    this.code = code;
  }

  /** Plain, secret-free data for JSON output (CLI `--json`, structured logs): name, code, message, the area's fields, the cause's code and message. */
  public toJSON(): Record<string, unknown> {
    const cause = (this as { cause?: unknown }).cause as { code?: unknown; message?: unknown } | undefined;
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      ...this.jsonFields(),
      ...(cause !== undefined
        ? { cause: { code: typeof cause.code === 'string' ? cause.code : undefined, message: typeof cause.message === 'string' ? cause.message : undefined } }
        : {}),
    };
  }

  /** The area's own secret-free fields for `toJSON` (e.g. status, file, construct path). */
  protected jsonFields(): Record<string, unknown> {
    return {};
  }
}

/** A redacted copy of a cause: name, code and redacted message, recursively for its own cause. */
function redactedCause(cause: unknown, depth: number): unknown {
  if (isVcdApiTokensError(cause)) return cause;
  if (depth > MAX_CAUSE_DEPTH) return undefined;
  if (cause instanceof Error) {
    const copy = new Error(redactText(cause.message));
    copy.name = cause.name;
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string') (copy as Error & { code?: string }).code = code;
    // The original stack can hold a secret in its first line (the message); rebuild it from the safe parts.
    copy.stack = `${copy.name}: ${copy.message}\n${(cause.stack ?? '').split('\n').slice(1).map(redactText).join('\n')}`;
    const inner = (cause as { cause?: unknown }).cause;
    if (inner !== undefined) {
      const safeInner = redactedCause(inner, depth + 1);
      if (safeInner !== undefined) Object.defineProperty(copy, 'cause', { value: safeInner, enumerable: false, writable: true, configurable: true });
    }
    return copy;
  }
  return new Error(redactText(typeof cause === 'string' ? cause : safeString(cause)));
}

function safeString(value: unknown): string {
  try {
    return typeof value === 'object' ? JSON.stringify(value) ?? String(value) : String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
