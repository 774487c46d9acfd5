// Entry `vcd-api-tokens/stores`: the places a pipeline credential is kept (a file, a GitHub Actions secret, a
// GitLab CI/CD variable) behind one interface, each write confirmed before the caller acts on the old credential
// (no cdktf; libsodium loads on the first GitHub write). HTTP plumbing, sealing and token look-up are internal.
export type { SecretStore, StoreReceipt, StoredSecretDetails } from './secret-store';
export { FileSecretStore, type FileSecretStoreOptions } from './file-store';
export { GitHubSecretStore, type GitHubSecretStoreOptions } from './github-secret-store';
export { GitLabVariableStore, type GitLabVariableStoreOptions } from './gitlab-variable-store';
export { StoreError, type StoreErrorCode, type StoreErrorOptions } from './store-error';
export type { SecretInput } from '../handoff/secret-value';
export { VcdApiTokensError, isVcdApiTokensError, type ErrorCode } from '../errors';
