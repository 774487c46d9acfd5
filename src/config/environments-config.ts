// The typed shape of the environments config (stacks/environments.json). The loader/validator in this folder
// turns untrusted JSON into these types, or fails naming the file, the field and what was expected.
// Consumers: stacks/ (synth) and src/bootstrap (tokens per environment and tenant).

/** Where a stack keeps its Terraform state. Credentials never go here: backends read them from the environment. */
export type BackendConfig =
  | { readonly type: 'local'; /** @default "terraform-state" (relative to the stack dir's working dir) */ readonly directory?: string }
  | { readonly type: 's3'; readonly bucket: string; readonly region: string; readonly keyPrefix?: string; readonly dynamodbTable?: string }
  | { readonly type: 'http'; readonly address: string; readonly lockAddress?: string; readonly unlockAddress?: string }
  | { readonly type: 'pg'; /** @default "vcd_api_tokens" */ readonly schemaPrefix?: string };

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
  /** The routed network the tenant stack declares. */
  readonly network: { readonly name: string; readonly gateway: string; readonly prefixLength: number };
}

export interface EnvironmentConfig {
  /** Lower-case environment name, used in stack names: `<name>-platform`, `<name>-<tenant>`. */
  readonly name: string;
  /** VCD API endpoint as the provider wants it, e.g. https://vcd.example.com/api */
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
