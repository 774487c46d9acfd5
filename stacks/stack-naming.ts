// Stack names and the VCD object names the stacks create. One place, so the bootstrap, docs and tests agree.

export function platformStackName(environment: string): string {
  return `${environment}-platform`;
}

export function tenantStackName(environment: string, tenant: string): string {
  return `${environment}-${tenant}`;
}

/** Rights bundle with "API Tokens: Manage", published to tenants without token administrators. */
export const TOKEN_RIGHTS_BUNDLE_NAME = 'API Token Rights';
/** Rights bundle with "API Tokens: Manage" and "API Tokens: Manage All", published to tenants with token administrators. */
export const TOKEN_ADMIN_RIGHTS_BUNDLE_NAME = 'API Token Rights (Manage All)';
/** Global role for CI automation users: manage own tokens. Published to every tenant of the environment. */
export const TOKEN_AUTOMATION_ROLE_NAME = 'API Token Automation';
/** Global role for tenant token administrators: manage own and all users' tokens. */
export const TOKEN_ADMINISTRATOR_ROLE_NAME = 'API Token Administrator';
/** Rights bundle with the service-account rights, published to tenants that deploy with a service account, so their org administrators can authorize, revoke and re-authorize it. */
export const SERVICE_ACCOUNT_RIGHTS_BUNDLE_NAME = 'Service Account Rights';
/**
 * Terraform variable of a service-account tenant stack: the path of the token file (not a secret; the file is).
 * The bootstrap's env-file sets it as TF_VAR_<this> (src/handoff SERVICE_ACCOUNT_FILE_ENV_NAMES).
 */
export const SERVICE_ACCOUNT_TOKEN_FILE_VARIABLE = 'vcd_service_account_token_file';
