// Public exports of src/constructs: rights, the rights catalogue, token rights bundles and roles, provider
// configurations for token and password auth, and the guard that keeps token stacks off forbidden resources.
export { VcdConstructError, CONSTRUCT_ERROR_CODES, type ConstructErrorCode } from './errors';
export * from './api-token-rights';
export * from './vcd-version';
export * from './rights-catalogue';
export * from './api-token-role-kind';
export * from './api-token-rights-bundle';
export * from './api-token-global-role';
export * from './api-token-tenant-role';
export * from './rights-publication-validation';
export * from './vcd-api-token-provider';
export * from './vcd-password-provider';
export * from './vcd-service-account';
export * from './api-token-auth-rules';
export * from './api-token-auth-guard';
export { EPHEMERAL_VARIABLES_REQUIRED_TERRAFORM_VERSION } from './private/secret-variable';
