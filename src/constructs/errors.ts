// Every user-facing error of src/constructs in one place. Each carries a stable code (tests and callers match
// on the code, not on prose) and a message that says what is wrong, why it matters and how to fix it.

const VCD_CONSTRUCT_ERROR_SYMBOL = Symbol.for('vcd-api-tokens/constructs.VcdConstructError');

/** Stable codes of the errors and validation messages raised by the constructs. */
export type VcdConstructErrorCode =
  | 'VCD_INVALID_VERSION'
  | 'VCD_UNSUPPORTED_VERSION'
  | 'VCD_RIGHT_ABSENT_IN_VERSION'
  /** Warning only: a right the catalogue does not know. */
  | 'VCD_RIGHT_UNKNOWN'
  | 'VCD_INVALID_RIGHT_NAME'
  | 'VCD_PUBLICATION_TARGET'
  | 'VCD_INVALID_TENANT'
  | 'VCD_DUPLICATE_TENANT'
  | 'VCD_INVALID_PROP'
  | 'VCD_DUPLICATE_VARIABLE'
  | 'VCD_RIGHT_NOT_PUBLISHED'
  | 'VCD_GUARD_TOKEN_SESSION_RESTRICTED'
  | 'VCD_GUARD_AUTH_UNKNOWN'
  | 'VCD_GUARD_SUPPRESSION';

/** Thrown by the constructs for bad input discovered at construction time. */
export class VcdConstructError extends Error {
  public readonly code: VcdConstructErrorCode;
  /** Construct path the error is about, when there is one. */
  public readonly constructPath?: string;

  public constructor(code: VcdConstructErrorCode, message: string, constructPath?: string) {
    super(constructPath ? `[${code}] ${constructPath}: ${message}` : `[${code}] ${message}`);
    this.name = 'VcdConstructError';
    this.code = code;
    this.constructPath = constructPath;
    Object.defineProperty(this, VCD_CONSTRUCT_ERROR_SYMBOL, { value: true });
  }

  /** True for errors from any installed copy of this library (a brand, not `instanceof`). */
  public static isVcdConstructError(x: unknown): x is VcdConstructError {
    return typeof x === 'object' && x !== null && VCD_CONSTRUCT_ERROR_SYMBOL in x;
  }
}

/** Prefixes a deferred validation message with its code, the way thrown errors are prefixed. */
export function validationMessage(code: VcdConstructErrorCode, message: string): string {
  return `[${code}] ${message}`;
}
