// Public face of src/constructs (part of the package root): token rights bundles and roles, provider
// configurations for token and password auth, the guard that keeps token stacks off what token sessions cannot
// manage, and the rights catalogue. Rule helpers and messages stay internal (import them from their modules).
// Loaded with the constructs: cdktf's own DEP0044 call during synth, replaced (see the file).
import './private/terraform-output-is-array';

export { ApiTokenRightsBundle, type ApiTokenRightsBundleProps } from './api-token-rights-bundle';
export { ApiTokenGlobalRole, type ApiTokenGlobalRoleProps } from './api-token-global-role';
export { ApiTokenTenantRole, type ApiTokenTenantRoleProps } from './api-token-tenant-role';
export type { ApiTokenRoleKind } from './api-token-role-kind';
export { VcdApiTokenProvider, type VcdApiTokenProviderProps, type VcdApiTokenSource } from './vcd-api-token-provider';
export { VcdPasswordProvider, type VcdPasswordProviderProps } from './vcd-password-provider';
export { VcdServiceAccount, type VcdServiceAccountProps } from './vcd-service-account';
export { ApiTokenAuthGuard } from './api-token-auth-guard';
export { declareExternalRightsBundle, type ExternalRightsBundleProps } from './rights-publication-validation';
export { RightsCatalogue, type RightAvailability } from './rights-catalogue';
export { VcdConstructError, type ConstructErrorCode } from './errors';
