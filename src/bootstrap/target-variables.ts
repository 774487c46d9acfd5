// The environment variables a pipeline sets per environment and tenant. One normalisation for all of them
// (upper-cased, every character other than A-Z and 0-9 replaced by `_`), so `prod-eu`/`acme.corp` is always
// `…_PROD_EU_ACME_CORP`, whichever variable it is.

function normalizedSuffix(env: string, tenant: string): string {
  const norm = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]/g, '_');
  return `${norm(env)}_${norm(tenant)}`;
}

/** `VCD_PASSWORD_<ENV>_<TENANT>`: the tenant automation user's password (enroll, rotate, minting bootstraps). */
export function passwordVariableName(env: string, tenant: string): string {
  return `VCD_PASSWORD_${normalizedSuffix(env, tenant)}`;
}

/** `VCD_API_TOKEN_<ENV>_<TENANT>`: the tenant's API token held by CI (the secret `enroll` and `rotate --to` write). */
export function apiTokenVariableName(env: string, tenant: string): string {
  return `VCD_API_TOKEN_${normalizedSuffix(env, tenant)}`;
}

/** `VCD_API_TOKEN_FILE_<ENV>_<TENANT>`: the path of a token file holding that token (file-type CI variables). */
export function apiTokenFileVariableName(env: string, tenant: string): string {
  return `VCD_API_TOKEN_FILE_${normalizedSuffix(env, tenant)}`;
}

/** `VCD_SA_TOKEN_<ENV>_<TENANT>`: a service-account tenant's current token held by CI (rotates on every use). */
export function serviceAccountTokenVariableName(env: string, tenant: string): string {
  return `VCD_SA_TOKEN_${normalizedSuffix(env, tenant)}`;
}

/** `VCD_SA_TOKEN_FILE_<ENV>_<TENANT>`: the path of a service-account token file instead of that variable. */
export function serviceAccountTokenFileVariableName(env: string, tenant: string): string {
  return `VCD_SA_TOKEN_FILE_${normalizedSuffix(env, tenant)}`;
}
