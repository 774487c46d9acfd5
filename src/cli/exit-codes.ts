// The documented exit codes of `vcd-token` (docs/cli.md copies this table; a test checks the copy). One code per
// thing the caller can act on: fix the command line, the credentials, the token, the rights, retry later, check a
// revoke by hand, fix the config/local files. Every error code of the toolkit maps to one of them here, checked
// by the compiler.
import type { ErrorCode } from '../errors/error-code';

export const EXIT_CODES = {
  OK: 0,
  UNEXPECTED: 1,
  USAGE: 2,
  AUTH_FAILED: 3,
  INVALID_TOKEN: 4,
  MISSING_RIGHTS: 5,
  SERVER_OR_NETWORK: 6,
  REVOKE_UNCONFIRMED: 7,
  CONFIG: 8,
} as const;

export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

/** Rows of the exit-code table: code, meaning, what to do. */
export const EXIT_CODE_TABLE: readonly { readonly code: ExitCode; readonly meaning: string; readonly action: string }[] = [
  { code: 0, meaning: 'Success', action: '-' },
  { code: 1, meaning: 'Unexpected error (a bug)', action: 'Re-run with --debug and report it' },
  { code: 2, meaning: 'Usage error: unknown flag, secret passed as an argument, missing credentials, org given in the wrong form, --reveal refused in CI', action: 'Fix the command line or the environment variables named in the message' },
  { code: 3, meaning: 'Authentication failed (wrong user, password or org; or a CI store token the store refuses)', action: 'Check VCD_USER / VCD_PASSWORD / VCD_ORG, or GH_TOKEN / GITLAB_TOKEN' },
  { code: 4, meaning: 'API token or service-account token invalid or revoked (invalid_grant), the token does not exist, or the device code expired', action: 'Create a new token (vcd-token create / bootstrap), or re-authorize the service account' },
  { code: 5, meaning: "Missing rights: the user's role or the org's rights bundles lack 'API Tokens: Manage' (or the service-account rights), the action is not allowed from an API-token session, a CI store token lacks a permission, or an administrator denied the device authorization", action: 'Deploy the <env>-platform stack (publishes the bundle and role) or fix the role; ask an administrator to grant the request' },
  { code: 6, meaning: 'Server or network problem: 5xx, 429, connection errors, TLS verification failure, timeout, malformed response, unsupported VCD version, device authorization still pending at the deadline', action: 'Retry later; for TLS pass --ca-file' },
  { code: 7, meaning: 'Revoke not confirmed: the token may still be valid', action: 'Check with vcd-token list and revoke again' },
  { code: 8, meaning: 'Configuration or local file error: invalid environments config, unsafe or unreadable token file, lock timeout, a rotated token that could not be saved', action: 'Fix the file named in the message' },
];

/** The exit code of BOOTSTRAP_FAILED: that of its first failure in config order (see `exitCodeFor`). */
export const EXIT_OF_FIRST_FAILURE = 'first-failure';

/** What an error code exits with: a fixed code, or the first failure's for an error that lists several. */
export type ExitRule = ExitCode | typeof EXIT_OF_FIRST_FAILURE;

/**
 * The exit code of every error code. Typed over the closed ErrorCode union: a new code without an entry here
 * does not compile, so no error silently becomes exit 1.
 */
export const EXIT_CODE_BY_ERROR_CODE: { readonly [C in ErrorCode]: ExitRule } = {
  // Client
  VCD_AUTH_FAILED: EXIT_CODES.AUTH_FAILED,
  VCD_INVALID_GRANT: EXIT_CODES.INVALID_TOKEN,
  VCD_NOT_FOUND: EXIT_CODES.INVALID_TOKEN,
  VCD_FORBIDDEN: EXIT_CODES.MISSING_RIGHTS,
  VCD_MISSING_RIGHT: EXIT_CODES.MISSING_RIGHTS,
  VCD_TOKEN_SESSION_FORBIDDEN: EXIT_CODES.MISSING_RIGHTS,
  VCD_BAD_ORG: EXIT_CODES.USAGE,
  VCD_INVALID_ARGUMENT: EXIT_CODES.USAGE,
  VCD_INSECURE_TRANSPORT: EXIT_CODES.USAGE,
  // A local file: fixed where it is, like a config file.
  VCD_BAD_CA_FILE: EXIT_CODES.CONFIG,
  VCD_VERSION_UNSUPPORTED: EXIT_CODES.SERVER_OR_NETWORK,
  VCD_HTTP_ERROR: EXIT_CODES.SERVER_OR_NETWORK,
  VCD_SERVER_ERROR: EXIT_CODES.SERVER_OR_NETWORK,
  VCD_RATE_LIMITED: EXIT_CODES.SERVER_OR_NETWORK,
  VCD_NETWORK: EXIT_CODES.SERVER_OR_NETWORK,
  VCD_TIMEOUT: EXIT_CODES.SERVER_OR_NETWORK,
  VCD_TLS: EXIT_CODES.SERVER_OR_NETWORK,
  VCD_BAD_RESPONSE: EXIT_CODES.SERVER_OR_NETWORK,
  VCD_CREATE_RECONCILED: EXIT_CODES.SERVER_OR_NETWORK,
  VCD_ABORTED: EXIT_CODES.SERVER_OR_NETWORK,
  VCD_REVOKE_UNCONFIRMED: EXIT_CODES.REVOKE_UNCONFIRMED,
  // Using a client after close() is a bug in the caller.
  VCD_CLIENT_CLOSED: EXIT_CODES.UNEXPECTED,
  // Service accounts: still pending at the deadline is "try again later"; a deny is a refusal to allow; an
  // expired device code is a dead grant, like a revoked token.
  VCD_DEVICE_AUTHORIZATION_PENDING: EXIT_CODES.SERVER_OR_NETWORK,
  VCD_DEVICE_AUTHORIZATION_DENIED: EXIT_CODES.MISSING_RIGHTS,
  VCD_DEVICE_CODE_EXPIRED: EXIT_CODES.INVALID_TOKEN,
  VCD_ROTATION_INCOMPLETE: EXIT_CODES.SERVER_OR_NETWORK,
  VCD_ROTATED_TOKEN_NOT_SAVED: EXIT_CODES.CONFIG,
  VCD_TASK_FAILED: EXIT_CODES.SERVER_OR_NETWORK,
  // Config
  CONFIG_UNREADABLE: EXIT_CODES.CONFIG,
  CONFIG_INVALID_JSON: EXIT_CODES.CONFIG,
  CONFIG_UNKNOWN_FIELD: EXIT_CODES.CONFIG,
  CONFIG_MISSING_FIELD: EXIT_CODES.CONFIG,
  CONFIG_WRONG_TYPE: EXIT_CODES.CONFIG,
  CONFIG_BAD_NAME: EXIT_CODES.CONFIG,
  CONFIG_BAD_URL: EXIT_CODES.CONFIG,
  CONFIG_DUPLICATE: EXIT_CODES.CONFIG,
  CONFIG_UNSUPPORTED_VCD_VERSION: EXIT_CODES.CONFIG,
  CONFIG_NO_TENANTS: EXIT_CODES.CONFIG,
  CONFIG_BAD_BACKEND: EXIT_CODES.CONFIG,
  CONFIG_BAD_VALUE: EXIT_CODES.CONFIG,
  // Constructs: bad input to the stacks, fixed in the app or its config.
  CONSTRUCT_INVALID_VCD_VERSION: EXIT_CODES.CONFIG,
  CONSTRUCT_UNSUPPORTED_VCD_VERSION: EXIT_CODES.CONFIG,
  CONSTRUCT_RIGHT_ABSENT_IN_VERSION: EXIT_CODES.CONFIG,
  CONSTRUCT_RIGHT_UNKNOWN: EXIT_CODES.CONFIG,
  CONSTRUCT_INVALID_RIGHT_NAME: EXIT_CODES.CONFIG,
  CONSTRUCT_PUBLICATION_TARGET: EXIT_CODES.CONFIG,
  CONSTRUCT_INVALID_TENANT: EXIT_CODES.CONFIG,
  CONSTRUCT_DUPLICATE_TENANT: EXIT_CODES.CONFIG,
  CONSTRUCT_INVALID_PROP: EXIT_CODES.CONFIG,
  CONSTRUCT_DUPLICATE_VARIABLE: EXIT_CODES.CONFIG,
  CONSTRUCT_RIGHT_NOT_PUBLISHED: EXIT_CODES.CONFIG,
  CONSTRUCT_GUARD_TOKEN_SESSION_RESTRICTED: EXIT_CODES.CONFIG,
  CONSTRUCT_GUARD_AUTH_UNKNOWN: EXIT_CODES.CONFIG,
  CONSTRUCT_GUARD_SUPPRESSION: EXIT_CODES.CONFIG,
  CONSTRUCT_FEATURE_ABSENT_IN_VERSION: EXIT_CODES.CONFIG,
  // A second copy of cdktf: the app's installation is fixed, like a config file.
  CONSTRUCT_DUPLICATE_CDKTF: EXIT_CODES.CONFIG,
  // Handoff
  HANDOFF_SECRET_ARGUMENT: EXIT_CODES.USAGE,
  HANDOFF_REVEAL_REFUSED: EXIT_CODES.USAGE,
  HANDOFF_UNSAFE_LOCATION: EXIT_CODES.CONFIG,
  HANDOFF_INSECURE_PERMISSIONS: EXIT_CODES.CONFIG,
  HANDOFF_UNREADABLE: EXIT_CODES.CONFIG,
  HANDOFF_MALFORMED: EXIT_CODES.CONFIG,
  HANDOFF_UNSAFE_VALUE: EXIT_CODES.CONFIG,
  HANDOFF_LOCK_TIMEOUT: EXIT_CODES.CONFIG,
  HANDOFF_WRITE_FAILED: EXIT_CODES.CONFIG,
  // The file is fine; the command was given the wrong kind of token.
  HANDOFF_WRONG_TOKEN_TYPE: EXIT_CODES.USAGE,
  // Bootstrap
  BOOTSTRAP_MISSING_CREDENTIALS: EXIT_CODES.USAGE,
  BOOTSTRAP_UNKNOWN_ENVIRONMENT: EXIT_CODES.USAGE,
  BOOTSTRAP_TOKEN_FILE_INCOMPLETE: EXIT_CODES.USAGE,
  BOOTSTRAP_MISSING_RIGHT: EXIT_CODES.MISSING_RIGHTS,
  BOOTSTRAP_HANDOVER_FAILED: EXIT_CODES.CONFIG,
  // Tokens stay valid that nobody may hold: the message names them, as for an unconfirmed revoke.
  BOOTSTRAP_HANDOVER_UNSETTLED: EXIT_CODES.REVOKE_UNCONFIRMED,
  BOOTSTRAP_NO_SECRET_STORE: EXIT_CODES.USAGE,
  BOOTSTRAP_ROTATION_NOT_STORED: EXIT_CODES.CONFIG,
  BOOTSTRAP_FAILED: EXIT_OF_FIRST_FAILURE,
  BOOTSTRAP_CI_TOKEN_REJECTED: EXIT_CODES.INVALID_TOKEN,
  BOOTSTRAP_CONFLICTING_VARIABLES: EXIT_CODES.USAGE,
  BOOTSTRAP_UNKNOWN_TENANT: EXIT_CODES.USAGE,
  // CLI
  CLI_USAGE: EXIT_CODES.USAGE,
  // Synth
  SYNTH_UNKNOWN_ENVIRONMENT_OVERRIDE: EXIT_CODES.USAGE,
  SYNTH_BAD_URL_OVERRIDES: EXIT_CODES.USAGE,
  SYNTH_SCHEMA_INVALID: EXIT_CODES.CONFIG,
  SYNTH_VALIDATION_FAILED: EXIT_CODES.CONFIG,
  SYNTH_NO_APP: EXIT_CODES.CONFIG,
  SYNTH_APP_FAILED: EXIT_CODES.CONFIG,
  SYNTH_NO_MANIFEST: EXIT_CODES.CONFIG,
  SYNTH_NO_JSON_OUTPUT: EXIT_CODES.CONFIG,
  SYNTH_NO_SCHEMA: EXIT_CODES.CONFIG,
  // CI secret stores (enroll, rotate --to): fix the store token or flags (2, 3, 5), retry later (6).
  STORE_MISSING_CREDENTIALS: EXIT_CODES.USAGE,
  STORE_INVALID_ARGUMENT: EXIT_CODES.USAGE,
  STORE_NOT_FOUND: EXIT_CODES.USAGE,
  STORE_REJECTED: EXIT_CODES.USAGE,
  STORE_CANNOT_MASK: EXIT_CODES.USAGE,
  STORE_AUTH_FAILED: EXIT_CODES.AUTH_FAILED,
  STORE_FORBIDDEN: EXIT_CODES.MISSING_RIGHTS,
  STORE_UNAVAILABLE: EXIT_CODES.SERVER_OR_NETWORK,
  STORE_TIMEOUT: EXIT_CODES.SERVER_OR_NETWORK,
  STORE_BAD_RESPONSE: EXIT_CODES.SERVER_OR_NETWORK,
  STORE_NOT_CONFIRMED: EXIT_CODES.SERVER_OR_NETWORK,
};

/** True for a code of the ErrorCode union (an own key of the exit-code map, so prototype names do not count). */
export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(EXIT_CODE_BY_ERROR_CODE, code);
}

/** The exit code for any error thrown by a command, by its code; anything without a known code is 1. */
export function exitCodeFor(err: unknown): ExitCode {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  if (!isErrorCode(code)) return EXIT_CODES.UNEXPECTED;
  const rule = EXIT_CODE_BY_ERROR_CODE[code];
  return rule === EXIT_OF_FIRST_FAILURE ? firstFailureExitCode(err) : rule;
}

/**
 * A bootstrap that failed for several targets: the exit code of the first failure in config order (a token dir
 * that cannot be written is 8 whether one tenant or all hit it). 1 would claim a bug, which mixed failures are
 * not; every failure is listed in the message anyway.
 */
function firstFailureExitCode(err: unknown): ExitCode {
  const failures = (err as { failures?: readonly { readonly error: unknown }[] }).failures ?? [];
  return failures.length > 0 ? exitCodeFor(failures[0].error) : EXIT_CODES.UNEXPECTED;
}
