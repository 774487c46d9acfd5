// Where the bootstrap gets a tenant user's password: a callback (library), VCD_PASSWORD_<ENV>_<TENANT>, or
// VCD_PASSWORD. Never argv.

/** `VCD_PASSWORD_<ENV>_<TENANT>`: upper-cased, every non-alphanumeric character replaced by `_`. */
export function passwordVariableName(env: string, tenant: string): string {
  const norm = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]/g, '_');
  return `VCD_PASSWORD_${norm(env)}_${norm(tenant)}`;
}

export interface PasswordRequest {
  readonly env: string;
  readonly tenant: string;
  readonly user: string;
}

/** Returns a password, or undefined when this source has none for the request. */
export type PasswordProvider = (request: PasswordRequest) => string | undefined | Promise<string | undefined>;

export function passwordFromEnvironment(processEnv: NodeJS.ProcessEnv): PasswordProvider {
  return ({ env, tenant }) => processEnv[passwordVariableName(env, tenant)] || processEnv.VCD_PASSWORD || undefined;
}
