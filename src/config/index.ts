// Public face of src/config (part of the package root): load and validate an environments config.
export { loadEnvironmentsConfig, parseEnvironmentsConfig } from './load-environments-config';
export { ConfigError, isConfigError, type ConfigErrorCode, type ConfigErrorDetails, type ConfigProblem } from './config-error';
export type {
  BackendConfig,
  EnvironmentConfig,
  EnvironmentsConfig,
  HttpStateBackendConfig,
  LocalStateBackendConfig,
  PgStateBackendConfig,
  S3StateBackendConfig,
  ApiTokenIdentityConfig,
  ServiceAccountIdentityConfig,
  TenantConfig,
  TenantIdentityConfig,
  TenantNetworkConfig,
} from './environments-config';
