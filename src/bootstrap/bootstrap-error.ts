// Typed errors of the bootstrap. Codes are stable; the CLI maps them to exit codes (2, 5, or the cause's).

export type BootstrapErrorCode = 'BOOTSTRAP_MISSING_CREDENTIALS' | 'BOOTSTRAP_MISSING_RIGHT' | 'BOOTSTRAP_FAILED';

export interface BootstrapFailure {
  readonly env: string;
  readonly tenant: string;
  /** The error's stable code (VCD_*, HANDOFF_*, BOOTSTRAP_*). */
  readonly code: string;
  readonly message: string;
  readonly error: unknown;
}

export class BootstrapError extends Error {
  readonly code: BootstrapErrorCode;
  /** For BOOTSTRAP_FAILED: every environment/tenant that failed. */
  readonly failures: readonly BootstrapFailure[];

  constructor(code: BootstrapErrorCode, message: string, failures: readonly BootstrapFailure[] = []) {
    super(message);
    this.name = 'BootstrapError';
    this.code = code;
    // Failures carry raw errors (already redacted by the client) for callers; keep them out of JSON output.
    Object.defineProperty(this, 'failures', { value: failures, enumerable: false });
    this.failures = failures;
  }
}
