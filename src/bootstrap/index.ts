// Entry `vcd-api-tokens/bootstrap`: a working API token for every environment and tenant of a config before
// synth, and token rotation (no cdktf). The create/reconcile/preflight steps are internal; import them from their
// modules inside the package.
export {
  bootstrapEnvironments,
  tokenNameFor,
  type BootstrapOptions,
  type BootstrapProgressEvent,
  type BootstrapResult,
  type BootstrapTargetResult,
} from './bootstrap-environments';
export { rotateApiToken, type RotateTokenOptions, type RotateTokenResult } from './rotate-token';
export { passwordVariableName, type PasswordProvider, type PasswordRequest } from './password-source';
export { defaultTokenDir } from './token-dir';
export type { TokenApi, RightLike } from './token-api';
export type { TokenApiSettings } from './client-factory';
export { BootstrapError, type BootstrapErrorCode, type BootstrapFailure } from './bootstrap-error';
export { TokenHandoverError } from './abandoned-token';
export { VcdApiTokensError, isVcdApiTokensError, type ErrorCode } from '../errors';
