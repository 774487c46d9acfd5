// Where the bootstrap gets a tenant user's password: a callback (library), VCD_PASSWORD_<ENV>_<TENANT>, or
// VCD_PASSWORD. Never argv.
import { passwordVariableName } from './target-variables';

export { passwordVariableName };

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
