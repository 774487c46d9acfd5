// The one error type of the client. Codes are stable strings; tests and callers switch on `code`, never on
// the prose. Everything that goes into an error (message, path, cause chain, details) is redacted when the
// error is built, so serialising it (JSON, util.inspect, String, stack) can never leak a secret.
import { redactText, redactUrl } from './redaction';

export const VCD_ERROR_CODES = [
  'VCD_AUTH_FAILED',
  'VCD_INVALID_GRANT',
  'VCD_FORBIDDEN',
  'VCD_MISSING_RIGHT',
  'VCD_TOKEN_SESSION_FORBIDDEN',
  'VCD_NOT_FOUND',
  'VCD_VERSION_UNSUPPORTED',
  'VCD_BAD_ORG',
  'VCD_INVALID_ARGUMENT',
  'VCD_INSECURE_TRANSPORT',
  'VCD_HTTP_ERROR',
  'VCD_SERVER_ERROR',
  'VCD_RATE_LIMITED',
  'VCD_NETWORK',
  'VCD_TIMEOUT',
  'VCD_TLS',
  'VCD_BAD_RESPONSE',
  'VCD_REVOKE_UNCONFIRMED',
  'VCD_CREATE_RECONCILED',
  'VCD_ABORTED',
] as const;

/** Stable error codes of `VcdError`. */
export type VcdErrorCode = (typeof VCD_ERROR_CODES)[number];

export interface VcdErrorOptions {
  /** HTTP status when VCD answered. */
  readonly status?: number;
  /** VCD's `minorErrorCode` (cloudapi JSON, XML Error, OAuth error bodies). */
  readonly minorErrorCode?: string;
  /** HTTP method of the failed request. */
  readonly method?: string;
  /** Request path (redacted when stored). */
  readonly path?: string;
  /** `X-VMWARE-VCLOUD-REQUEST-ID` from the response, for VCD support cases. */
  readonly requestId?: string;
  /** Whether trying the same operation again later may succeed. @default false */
  readonly retryable?: boolean;
  /** The underlying error (a redacted copy is kept). */
  readonly cause?: unknown;
  /** Structured, secret-free extra data (e.g. reconciliation results). */
  readonly details?: Readonly<Record<string, unknown>>;
}

const VCD_ERROR_BRAND = Symbol.for('vcd-api-tokens.VcdError');

/**
 * Every failure of the VCD client. `code` is stable; `message` says what failed, why and how to fix it.
 */
export class VcdError extends Error {
  /** Brand check that works across duplicate installs of this package. */
  public static isVcdError(x: unknown): x is VcdError {
    return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[VCD_ERROR_BRAND] === true;
  }

  public static [Symbol.hasInstance](x: unknown): boolean {
    return VcdError.isVcdError(x);
  }

  public readonly code: VcdErrorCode;
  public readonly status?: number;
  public readonly minorErrorCode?: string;
  public readonly method?: string;
  public readonly path?: string;
  public readonly requestId?: string;
  public readonly retryable: boolean;
  public readonly details?: Readonly<Record<string, unknown>>;

  public constructor(code: VcdErrorCode, message: string, options: VcdErrorOptions = {}) {
    const cause = options.cause === undefined ? undefined : sanitizeCause(options.cause);
    super(`[vcd-api-tokens] ${redactText(message)}`, cause === undefined ? undefined : { cause });
    Object.defineProperty(this, VCD_ERROR_BRAND, { value: true, enumerable: false });
    this.name = 'VcdError';
    this.code = code;
    if (options.status !== undefined) this.status = options.status;
    if (options.minorErrorCode !== undefined) this.minorErrorCode = redactText(options.minorErrorCode);
    if (options.method !== undefined) this.method = options.method;
    if (options.path !== undefined) this.path = redactUrl(options.path);
    if (options.requestId !== undefined) this.requestId = redactText(options.requestId);
    this.retryable = options.retryable ?? false;
    if (options.details !== undefined) this.details = sanitizeDetails(options.details);
  }

  /** Plain, secret-free data for JSON output (CLI `--json`, structured logs); includes the message and the cause's code. */
  public toJSON(): Record<string, unknown> {
    const cause = (this as { cause?: unknown }).cause as { code?: unknown; message?: unknown } | undefined;
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      ...(this.status !== undefined ? { status: this.status } : {}),
      ...(this.minorErrorCode !== undefined ? { minorErrorCode: this.minorErrorCode } : {}),
      ...(this.method !== undefined ? { method: this.method } : {}),
      ...(this.path !== undefined ? { path: this.path } : {}),
      ...(this.requestId !== undefined ? { requestId: this.requestId } : {}),
      retryable: this.retryable,
      ...(this.details !== undefined ? { details: this.details } : {}),
      ...(cause !== undefined ? { cause: { code: typeof cause.code === 'string' ? cause.code : undefined, message: typeof cause.message === 'string' ? cause.message : undefined } } : {}),
    };
  }
}

/**
 * A redacted copy of a cause: keeps name, code and (redacted) message, recursively for its own cause.
 * VcdErrors are already safe and are kept as they are.
 */
function sanitizeCause(cause: unknown, depth = 0): unknown {
  if (VcdError.isVcdError(cause)) return cause;
  if (depth > 5) return undefined;
  if (cause instanceof Error) {
    const copy = new Error(redactText(cause.message));
    copy.name = cause.name;
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string') (copy as Error & { code?: string }).code = code;
    // The original stack can hold a secret in its first line (the message); rebuild it from the safe parts.
    copy.stack = `${copy.name}: ${copy.message}\n${(cause.stack ?? '').split('\n').slice(1).map(redactText).join('\n')}`;
    const inner = (cause as { cause?: unknown }).cause;
    if (inner !== undefined) {
      const safeInner = sanitizeCause(inner, depth + 1);
      if (safeInner !== undefined) Object.defineProperty(copy, 'cause', { value: safeInner, enumerable: false, writable: true, configurable: true });
    }
    return copy;
  }
  if (typeof cause === 'string') return new Error(redactText(cause));
  return new Error(redactText(safeString(cause)));
}

function safeString(value: unknown): string {
  try {
    return typeof value === 'object' ? JSON.stringify(value) ?? String(value) : String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

function sanitizeDetails(details: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
  // Round-trip through JSON with redaction of every string: details are meant to be plain data.
  return JSON.parse(JSON.stringify(details, (_k, v: unknown) => (typeof v === 'string' ? redactText(v) : v))) as Record<string, unknown>;
}
