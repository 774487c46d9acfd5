// Typed errors of the CI secret stores (the STORE_* codes of the toolkit's error model). Messages name the store,
// the secret's name and where it goes, never the secret's value or the store token.
import { VcdApiTokensError } from '../errors/vcd-api-tokens-error';

export const STORE_ERROR_CODES = [
  /** No store token in the environment (GH_TOKEN / GITHUB_TOKEN / GITLAB_TOKEN). */
  'STORE_MISSING_CREDENTIALS',
  /** A store flag or setting is malformed (`--repo` not owner/name, a bad API URL). */
  'STORE_INVALID_ARGUMENT',
  /** The store rejected the token (401). */
  'STORE_AUTH_FAILED',
  /** The token lacks a permission or scope, or the role is too low (403). */
  'STORE_FORBIDDEN',
  /** The repository, environment or project does not exist or the token cannot see it (404). */
  'STORE_NOT_FOUND',
  /** The store refused the request as invalid (422/400: a bad secret name, a value too large). */
  'STORE_REJECTED',
  /** GitLab cannot mask the value (too short, several lines, characters outside its mask alphabet). */
  'STORE_CANNOT_MASK',
  /** The store is unavailable: 5xx, 429, connection failure. */
  'STORE_UNAVAILABLE',
  /** The store did not answer in time. */
  'STORE_TIMEOUT',
  /** The store answered with something that is not what its API documents. */
  'STORE_BAD_RESPONSE',
  /** The write was answered, but reading it back did not confirm it (so it is not trusted). */
  'STORE_NOT_CONFIRMED',
] as const;

/** Stable codes of `StoreError`; the CLI maps them to exit codes. */
export type StoreErrorCode = (typeof STORE_ERROR_CODES)[number];

export interface StoreErrorOptions {
  /** The store kind (`github`, `gitlab`, `file`). @default - not recorded */
  readonly store?: string;
  /** HTTP status of the store's answer, when there was one. @default - no answer */
  readonly status?: number;
  /** The secret's name (never its value). @default - not recorded */
  readonly secretName?: string;
  /**
   * The write may have been applied although it failed or was not confirmed (the answer was lost, or the read-back
   * failed): the store may now hold the new value. The caller must then keep the new token valid. @default false
   */
  readonly writeMayHaveLanded?: boolean;
  /** The underlying error. @default - none */
  readonly cause?: unknown;
}

export class StoreError extends VcdApiTokensError<StoreErrorCode> {
  readonly store?: string;
  readonly status?: number;
  readonly secretName?: string;
  /** See StoreErrorOptions.writeMayHaveLanded. */
  readonly writeMayHaveLanded: boolean;

  constructor(code: StoreErrorCode, message: string, options: StoreErrorOptions = {}) {
    super(code, message, options.cause === undefined ? {} : { cause: options.cause });
    if (options.store !== undefined) this.store = options.store;
    if (options.status !== undefined) this.status = options.status;
    if (options.secretName !== undefined) this.secretName = options.secretName;
    this.writeMayHaveLanded = options.writeMayHaveLanded ?? false;
  }

  protected override jsonFields(): Record<string, unknown> {
    return {
      ...(this.store === undefined ? {} : { store: this.store }),
      ...(this.status === undefined ? {} : { status: this.status }),
      ...(this.secretName === undefined ? {} : { secretName: this.secretName }),
      ...(this.writeMayHaveLanded ? { writeMayHaveLanded: true } : {}),
    };
  }
}
