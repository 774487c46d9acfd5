// Entry `vcd-api-tokens/client`: the undici-based VCD client for API tokens (no cdktf). Redaction, URL and
// version helpers are internal; import them from their modules inside the package.
export { VcdClient, type VcdClientOptions } from './vcd-client';
export { VcdError, type VcdErrorCode } from './errors';
export { Secret } from './redaction';
export { VcdServiceAccounts } from './service-accounts';
export { VcdRenewingSession, type RenewingSessionOptions } from './renewing-session';
export type { TaskWaitOptions } from './task-wait';
export type {
  DeleteServiceAccountResult,
  DeviceAuthorization,
  DeviceAuthorizationProgress,
  DeviceTokenPollOptions,
  PersistRefreshToken,
  RegisterServiceAccountInput,
  RegisteredServiceAccount,
  ServiceAccountRef,
  ServiceAccountStatus,
  ServiceAccountTokens,
  ServiceAccountUpdate,
  VcdServiceAccountInfo,
} from './service-account-types';
export type {
  BearerSession,
  CreatedApiToken,
  ListTokensFilter,
  NegotiatedVersion,
  RevokeResult,
  VcdAuthMethod,
  VcdEntityRef,
  VcdOperationOptions,
  VcdRightsBundle,
  VcdSessionInfo,
  VcdTokenInfo,
} from './types';
export type { VcdClientEvent, VcdLogger } from './transport';
export type { VcdRetryOptions } from './retry-policy';
export type { VcdSettingNames } from './setting-names';
export { VcdApiTokensError, isVcdApiTokensError, type ErrorCode } from '../errors';
