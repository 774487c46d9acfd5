// The store token (a GitHub or GitLab access token) comes from the environment only, never argv, and is
// registered with the redaction layer as soon as it is read, so no error, log or --debug line can show it.
import { registerSecretValue } from '../client/redaction';
import { StoreError } from './store-error';

export interface StoreToken {
  readonly value: string;
  /** The variable it came from, for messages. */
  readonly variable: string;
}

/** The first non-empty of `variables` in `env`, registered for redaction; STORE_MISSING_CREDENTIALS when none. */
export function storeTokenFrom(env: NodeJS.ProcessEnv, variables: readonly string[], store: string, needs: string): StoreToken {
  for (const variable of variables) {
    const value = env[variable]?.trim();
    if (value) {
      registerSecretValue(value);
      return { value, variable };
    }
  }
  throw new StoreError('STORE_MISSING_CREDENTIALS', `No ${store} token: set ${variables.join(' or ')} (${needs}). Tokens are read from the environment only, never from the command line.`, { store });
}
