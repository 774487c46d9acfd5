// Entry `vcd-api-tokens/handoff`: getting tokens from the bootstrap to Terraform and CI without leaking them:
// token files (0600, atomic, locked), env-files, CI detection and GitHub Actions masking (no cdktf). File-safety
// checks, atomic writes and secret input are internal; import them from their modules inside the package.
export { readTokenFile, readServiceAccountTokenFile, writeTokenFile, type TokenFileContent, type TokenFileRecord, type WriteTokenFileOptions } from './token-file';
export { saveRotatedToken } from './rotated-token';
export { acquireRotationLock, type HeldLock, type LockOptions } from './rotation-lock';
export { writeEnvFile, tokenEnvEntries, serviceAccountEnvEntries, TOKEN_ENV_NAMES, type WriteEnvFileOptions } from './env-file';
export { detectCi, isCi, type CiEnvironment, type CiKind } from './ci-environment';
export { addMaskCommand, appendGithubEnv } from './github-actions';
export type { SecretInput } from './secret-value';
export { HandoffError, isHandoffError, type HandoffErrorCode } from './handoff-error';
export { VcdApiTokensError, isVcdApiTokensError, type ErrorCode } from '../errors';
