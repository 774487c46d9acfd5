// Entry `vcd-api-tokens/bootstrap`: a working API token for every environment and tenant of a config before
// synth, from the first token source that has one (CI-held, token dir, minted); enrolling a tenant's token into a
// secret store; token rotation (no cdktf). The create/reconcile/preflight/cleanup steps are internal; import them
// from their modules inside the package.
export {
  bootstrapEnvironments,
  defaultTokenSources,
  unconfirmedRevokes,
  type BootstrapOptions,
  type BootstrapProgressEvent,
  type BootstrapResult,
} from './bootstrap-environments';
export { tokenNameFor, type BootstrapTarget, type BootstrapTargetResult, type CleanupOutcome, type TokenOrigin } from './bootstrap-target';
export type { TokenSource, TokenSourceContext } from './token-source';
export { ciHeldTokenSource } from './ci-held-token';
export { storedTokenSource } from './stored-token';
export { mintedTokenSource } from './minted-token';
export { serviceAccountTokenSource } from './service-account-token';
export { enrollToken, type EnrollTokenOptions, type EnrollTokenResult } from './enroll-token';
export { rotateApiToken, type RotateTokenOptions, type RotateTokenResult } from './rotate-token';
export {
  apiTokenFileVariableName,
  apiTokenVariableName,
  passwordVariableName,
  serviceAccountTokenFileVariableName,
  serviceAccountTokenVariableName,
} from './target-variables';
export type { PasswordProvider, PasswordRequest } from './password-source';
export { defaultTokenDir } from './token-dir';
export type { TokenApi, RightLike } from './token-api';
export { openTokenApi, type TokenApiSettings } from './client-factory';
export { BootstrapError, type BootstrapErrorCode, type BootstrapFailure } from './bootstrap-error';
export { TokenHandoverError } from './abandoned-token';
export { VcdApiTokensError, isVcdApiTokensError, type ErrorCode } from '../errors';
