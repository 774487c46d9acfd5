// Public exports of src/client: the undici-based VCD client for API tokens.
export { VcdClient, type VcdClientOptions } from './vcd-client';
export { VcdServiceAccounts, clientIdOf } from './service-accounts';
export { VcdRenewingSession, type RenewingSessionOptions } from './renewing-session';
export { DEVICE_CODE_GRANT_TYPE, SLOW_DOWN_INCREMENT_MS } from './device-flow';
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
export { VcdError, VCD_ERROR_CODES, type VcdErrorCode, type VcdErrorOptions } from './errors';
export {
  Secret,
  REDACTED,
  SECRET_FIELDS,
  registerSecretValue,
  redactHeaders,
  redactUrl,
  redactForm,
  redactText,
  containsRegisteredSecret,
} from './redaction';
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
export { assertOrgName, isSystemOrg } from './org-name';
export { attemptTokenName, isTokenNamed, requestedTokenName, MAX_REQUESTED_TOKEN_NAME_LENGTH } from './token-name';
export { parseVcdUrl, type VcdEndpoint } from './vcd-url';
export { LIBRARY_SETTING_NAMES, type VcdSettingNames } from './setting-names';
export { parseSupportedVersions, chooseApiVersion } from './api-version';
