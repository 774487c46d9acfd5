// One environment × tenant of a bootstrap run, and what became of it. No secrets in any of these types.
import type { EnvironmentConfig, TenantConfig } from '../config';

/** The VCD token name bootstrap, enroll and rotate use for a tenant: `vcd-api-tokens-<env>-<tenant>`. */
export function tokenNameFor(env: string, tenant: string): string {
  return `vcd-api-tokens-${env}-${tenant}`;
}

export interface BootstrapTarget {
  readonly environment: EnvironmentConfig;
  readonly tenant: TenantConfig;
  /** The environment's name. */
  readonly env: string;
  /** The tenant org's name. */
  readonly org: string;
  /** The VCD URL used for this environment (the config's, or an override). */
  readonly url: string;
  /** The VCD token name for this tenant (see tokenNameFor). */
  readonly tokenName: string;
  /** `<token dir>/<env>-<tenant>.json` */
  readonly tokenFile: string;
  /** `<token dir>/<env>-<tenant>.env` */
  readonly envFile: string;
}

/** What happened to a token that a new one replaced, or to a leftover of the same name. */
export interface CleanupOutcome {
  /** The token's id; undefined when the tokens could not even be listed (`name` says which). */
  readonly id?: string;
  /** The token name whose leftovers are meant, when `id` is unknown. */
  readonly name?: string;
  readonly status: 'revoked' | 'already-gone' | 'unconfirmed';
  /** The error code when unconfirmed. */
  readonly code?: string;
  /** Why it is unconfirmed, for people. */
  readonly reason?: string;
}

/** Where a target's working token came from. */
export type TokenOrigin = 'ci-secret' | 'token-dir' | 'created' | 'service-account' | (string & {});

/** One environment × tenant that got a working token. No secrets. */
export interface BootstrapTargetResult {
  readonly env: string;
  readonly tenant: string;
  readonly tokenId?: string;
  readonly tokenName: string;
  readonly tokenFile: string;
  readonly envFile: string;
  /**
   * `ci-secret` (VCD_API_TOKEN_<ENV>_<TENANT> or its _FILE_ variant), `token-dir` (reused), `created` (minted),
   * `service-account` (a service account's rotating token).
   */
  readonly source: TokenOrigin;
  /** The CI variable the token came from (source `ci-secret`). */
  readonly variable?: string;
  /** True when a stored token was reused (source `token-dir`). */
  readonly reused: boolean;
  /** True when this run minted the token (source `created`). */
  readonly created: boolean;
  /** The replaced token and same-name leftovers, and whether each revoke was confirmed. @default [] */
  readonly cleanup: readonly CleanupOutcome[];
  /** Things the user should know about this target (never secrets). @default [] */
  readonly notes: readonly string[];
  /** Who the tenant deploys as. @default 'apiToken' */
  readonly identity?: 'apiToken' | 'serviceAccount';
  /** Service accounts: where the live (rotated) token was written and confirmed before the deploy's file. */
  readonly storedIn?: string;
}

// Every file a bootstrap target writes sits directly in the token dir, whose location bootstrapEnvironments checks
// first: the writes skip the per-file check (a walk up the directory tree per file and environment).
export const IN_CHECKED_TOKEN_DIR = { force: true } as const;
