// Typed errors of the bootstrap (the BOOTSTRAP_* codes of the toolkit's error model). The CLI maps them to exit
// codes (2, 5, 8, or the first failure's).
import { redactText } from '../client/redaction';
import type { ErrorCode } from '../errors/error-code';
import { VcdApiTokensError } from '../errors/vcd-api-tokens-error';
import type { BootstrapTargetResult } from './bootstrap-target';

export const BOOTSTRAP_ERROR_CODES = [
  /** No stored working token and no password to create one. */
  'BOOTSTRAP_MISSING_CREDENTIALS',
  /** VCD refused the create and the preflight names what lacks the token right. */
  'BOOTSTRAP_MISSING_RIGHT',
  /** Several targets failed for different reasons; `failures` lists them. */
  'BOOTSTRAP_FAILED',
  /** An environment was asked for (`--env`, `--vcd-url`, VCD_ENV) that the config does not define. */
  'BOOTSTRAP_UNKNOWN_ENVIRONMENT',
  /** A token file to rotate records no token name or org, and none was given. */
  'BOOTSTRAP_TOKEN_FILE_INCOMPLETE',
  /** A new token could not be handed over for a reason that carries no code of its own. */
  'BOOTSTRAP_HANDOVER_FAILED',
  /**
   * A store write of a new token may or may not have landed (its answer or read-back was lost): the new token and
   * the ones it was to replace all stay valid, named in the message, until a re-run settles it.
   */
  'BOOTSTRAP_HANDOVER_UNSETTLED',
  /** A service-account token from a CI secret, with no secret store to write the rotated one back to. */
  'BOOTSTRAP_NO_SECRET_STORE',
  /** VCD rotated a service-account token and the secret store did not take the new one (it is kept in a file). */
  'BOOTSTRAP_ROTATION_NOT_STORED',
  /** VCD refused the CI-held token (VCD_API_TOKEN_<ENV>_<TENANT>): revoked, or of another org. Re-enroll it. */
  'BOOTSTRAP_CI_TOKEN_REJECTED',
  /** Both VCD_API_TOKEN_<ENV>_<TENANT> and VCD_API_TOKEN_FILE_<ENV>_<TENANT> are set. */
  'BOOTSTRAP_CONFLICTING_VARIABLES',
  /** A tenant was asked for (`--tenant`) that no selected environment of the config has. */
  'BOOTSTRAP_UNKNOWN_TENANT',
] as const;

/** Stable codes of `BootstrapError`. */
export type BootstrapErrorCode = (typeof BOOTSTRAP_ERROR_CODES)[number];

export interface BootstrapFailure {
  readonly env: string;
  readonly tenant: string;
  /** The error's stable code (VCD_*, HANDOFF_*, BOOTSTRAP_*), or UNEXPECTED for an error without one. */
  readonly code: ErrorCode | 'UNEXPECTED';
  readonly message: string;
  readonly error: unknown;
}

export class BootstrapError extends VcdApiTokensError<BootstrapErrorCode> {
  /** For a run that failed for some targets: every environment/tenant that failed, in config order. */
  readonly failures: readonly BootstrapFailure[];
  /** For a run that failed for some targets: the targets that did get a working token (no secrets). */
  readonly results: readonly BootstrapTargetResult[];

  constructor(code: BootstrapErrorCode, message: string, failures: readonly BootstrapFailure[] = [], results: readonly BootstrapTargetResult[] = []) {
    super(code, message);
    // Failures carry raw errors (already redacted by the client) for callers; keep them out of JSON output.
    Object.defineProperty(this, 'failures', { value: failures, enumerable: false });
    Object.defineProperty(this, 'results', { value: results, enumerable: false });
    this.failures = failures;
    this.results = results;
  }

  protected override jsonFields(): Record<string, unknown> {
    if (this.failures.length === 0) return {};
    return { failures: this.failures.map((f) => ({ env: f.env, tenant: f.tenant, code: f.code, message: redactText(f.message) })) };
  }
}
