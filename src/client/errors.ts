// The one error type of the client (the VCD_* codes of the toolkit's error model). Codes are stable strings;
// tests and callers switch on `code`, never on the prose. Everything that goes into an error (message, path,
// cause chain, details) is redacted when the error is built, so serialising it (JSON, util.inspect, String,
// stack) can never leak a secret.
import { VcdApiTokensError } from '../errors/vcd-api-tokens-error';
import { redactText, redactUrl } from './redaction';

/** What every VcdError message starts with (so a log line names the library). */
const MESSAGE_PREFIX = '[vcd-api-tokens] ';

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
  /** The CA file given to trust VCD's certificate cannot be read or holds no usable certificate. */
  'VCD_BAD_CA_FILE',
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
  'VCD_CLIENT_CLOSED',
  /** Service accounts: the device code is still not granted when the caller's deadline passed. */
  'VCD_DEVICE_AUTHORIZATION_PENDING',
  /** Service accounts: an administrator denied the device authorization request. */
  'VCD_DEVICE_AUTHORIZATION_DENIED',
  /** Service accounts: the device code expired before it was granted and polled. */
  'VCD_DEVICE_CODE_EXPIRED',
  /** A rotating exchange answered without the new refresh token: nothing was saved. */
  'VCD_ROTATION_INCOMPLETE',
  /** The caller's persistence callback failed after VCD rotated the token: the new token is live but not saved. */
  'VCD_ROTATED_TOKEN_NOT_SAVED',
  /** A VCD task (service-account delete) ended in error or was aborted. */
  'VCD_TASK_FAILED',
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

/**
 * Every failure of the VCD client. `code` is stable; `message` says what failed, why and how to fix it.
 */
export class VcdError extends VcdApiTokensError<VcdErrorCode> {
  /** Brand check that works across duplicate installs of this package. */
  public static isVcdError(x: unknown): x is VcdError {
    return x instanceof VcdError;
  }

  public readonly status?: number;
  public readonly minorErrorCode?: string;
  public readonly method?: string;
  public readonly path?: string;
  public readonly requestId?: string;
  public readonly retryable: boolean;
  public readonly details?: Readonly<Record<string, unknown>>;

  public constructor(code: VcdErrorCode, message: string, options: VcdErrorOptions = {}) {
    super(code, `${MESSAGE_PREFIX}${message}`, options.cause === undefined ? {} : { cause: options.cause });
    if (options.status !== undefined) this.status = options.status;
    if (options.minorErrorCode !== undefined) this.minorErrorCode = redactText(options.minorErrorCode);
    if (options.method !== undefined) this.method = options.method;
    if (options.path !== undefined) this.path = redactUrl(options.path);
    if (options.requestId !== undefined) this.requestId = redactText(options.requestId);
    this.retryable = options.retryable ?? false;
    if (options.details !== undefined) this.details = sanitizeDetails(options.details);
  }

  protected override jsonFields(): Record<string, unknown> {
    return {
      ...(this.status !== undefined ? { status: this.status } : {}),
      ...(this.minorErrorCode !== undefined ? { minorErrorCode: this.minorErrorCode } : {}),
      ...(this.method !== undefined ? { method: this.method } : {}),
      ...(this.path !== undefined ? { path: this.path } : {}),
      ...(this.requestId !== undefined ? { requestId: this.requestId } : {}),
      retryable: this.retryable,
      ...(this.details !== undefined ? { details: this.details } : {}),
    };
  }
}

function sanitizeDetails(details: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
  // Round-trip through JSON with redaction of every string: details are meant to be plain data.
  return JSON.parse(JSON.stringify(details, (_k, v: unknown) => (typeof v === 'string' ? redactText(v) : v))) as Record<string, unknown>;
}

/** An error's message without the VcdError prefix, for quoting it inside another message; String(err) for a non-Error. */
export function quotedMessage(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  return err.message.startsWith(MESSAGE_PREFIX) ? err.message.slice(MESSAGE_PREFIX.length) : err.message;
}

/**
 * The request got no usable answer (network, timeout, 5xx, unreadable body): VCD may or may not have processed it,
 * so a request that consumes or rotates something must be settled, not simply retried or reported as failed.
 */
export function gotNoUsableAnswer(err: unknown): err is VcdError {
  return VcdError.isVcdError(err) && (err.code === 'VCD_NETWORK' || err.code === 'VCD_TIMEOUT' || err.code === 'VCD_SERVER_ERROR' || err.code === 'VCD_BAD_RESPONSE');
}
