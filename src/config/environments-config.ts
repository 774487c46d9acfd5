// The typed shape of the environments config (stacks/environments.json). The loader/validator in this folder
// turns untrusted JSON into these types, or fails naming the file, the field and what was expected.
// Consumers: stacks/ (synth) and src/bootstrap (tokens per environment and tenant).

/**
 * Where a stack keeps its Terraform state; each stack gets its own state. Credentials never go here:
 * backends read them from the environment (AWS_*, TF_HTTP_USERNAME/TF_HTTP_PASSWORD, PG_CONN_STR).
 */
export type BackendConfig = LocalStateBackendConfig | S3StateBackendConfig | HttpStateBackendConfig | PgStateBackendConfig;

export interface LocalStateBackendConfig {
  readonly type: 'local';
  /**
   * Directory of the state files (`<directory>/<stack>.tfstate`), relative to the project root. The synthesized
   * path is relative to the stack directory, so it survives `cdktf.out` being rebuilt and the checkout moving.
   * @default "terraform-state"
   */
  readonly directory?: string;
}

export interface S3StateBackendConfig {
  readonly type: 's3';
  readonly bucket: string;
  readonly region: string;
  /** State key is `<keyPrefix>/<stack>.tfstate` (a trailing `/` is ignored). @default "vcd-api-tokens" */
  readonly keyPrefix?: string;
  /** DynamoDB table for state locking. @default - no locking table */
  readonly dynamodbTable?: string;
  /** Terraform's native S3 lock file (`use_lockfile`, Terraform >= 1.10), with or instead of the DynamoDB table. @default false */
  readonly useLockfile?: boolean;
  /** Endpoint of an S3-compatible object store (https). @default - AWS */
  readonly endpoint?: string;
  /** Path-style addressing, usual for S3-compatible stores. @default false */
  readonly usePathStyle?: boolean;
}

export interface HttpStateBackendConfig {
  readonly type: 'http';
  /** https URL of the state; `{stack}` is replaced by the stack name, else `/<stack>` is appended. */
  readonly address: string;
  /** https URL for locking; must contain `{stack}`. @default - no locking */
  readonly lockAddress?: string;
  /** https URL for unlocking; must contain `{stack}`. @default - lockAddress */
  readonly unlockAddress?: string;
}

export interface PgStateBackendConfig {
  readonly type: 'pg';
  /** Schema per stack: `<schemaPrefix>_<stack>` with `-` turned into `_`. @default "vcd_api_tokens" */
  readonly schemaPrefix?: string;
}

export interface TenantNetworkConfig {
  readonly name: string;
  /** Gateway IP address (IPv4 or IPv6): a host address of the prefix, not its network or broadcast address. */
  readonly gateway: string;
  /** 1 to 30 for IPv4, 1 to 126 for IPv6 (longer prefixes leave no host address besides the gateway). */
  readonly prefixLength: number;
}

/** The tenant stack deploys with a user's API token (the tenant's automation user). */
export interface ApiTokenIdentityConfig {
  readonly type: 'apiToken';
}

/**
 * The tenant stack deploys with a service account (VCD 10.4+): the platform stack declares it, an administrator
 * authorizes it once with the device flow, and its token rotates on every use.
 */
export interface ServiceAccountIdentityConfig {
  readonly type: 'serviceAccount';
  /** Service-account name in the tenant org (letters, digits, ".", "_", "-"). @default "vcd-api-tokens-<env>-<tenant>" */
  readonly name: string;
  /** Name of the role it acts with: a role of the tenant org or a global role published to it. */
  readonly role: string;
}

/** Who the tenant stack deploys as. */
export type TenantIdentityConfig = ApiTokenIdentityConfig | ServiceAccountIdentityConfig;

export interface TenantConfig {
  /** Organization name in VCD (case-sensitive, as the provider treats it). */
  readonly name: string;
  /** The tenant user whose API token the tenant stack deploys with. @default "automation" */
  readonly automationUser: string;
  /** Tenant users (e.g. "orgadmin") meant to hold "API Tokens: Manage All" through the token administrator role. @default [] */
  readonly manageAllUsers: readonly string[];
  /** Whether the token administrator role (own + all) is published to this tenant. @default true when manageAllUsers is non-empty */
  readonly manageAll: boolean;
  /** Org VDC for the tenant workload. @default "<name>-vdc" */
  readonly vdc: string;
  /** Edge gateway the workload network attaches to. @default "<name>-edge" */
  readonly edgeGateway: string;
  /** The routed network the tenant stack declares. @default { name: "<name>-routed", gateway: "192.168.100.1", prefixLength: 24 } */
  readonly network: TenantNetworkConfig;
  /** Who the tenant stack deploys as. @default { type: "apiToken" } */
  readonly identity: TenantIdentityConfig;
}

export interface EnvironmentConfig {
  /** Lower-case environment name, used in stack names: `<name>-platform`, `<name>-<tenant>`. */
  readonly name: string;
  /** VCD API endpoint as the provider wants it, https and ending in /api, e.g. https://vcd.example.com/api */
  readonly vcdUrl: string;
  /** VCD release, e.g. "10.5.1"; decides which rights exist. Supported: 10.3.1 to 10.6.x. */
  readonly vcdVersion: string;
  /** Provider (System) org name. @default "System" */
  readonly providerOrg: string;
  /** @default false */
  readonly allowUnverifiedSsl: boolean;
  readonly tenants: readonly TenantConfig[];
  /** @default { type: "local" } */
  readonly backend: BackendConfig;
}

export interface EnvironmentsConfig {
  /** Absolute path of the file the config was loaded from (for messages). */
  readonly sourceFile: string;
  readonly environments: readonly EnvironmentConfig[];
}
