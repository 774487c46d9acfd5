// GitLab CI/CD project variables through the REST API: create (POST) or update (PUT) the variable of the given
// environment scope, masked, protected and raw by default, and confirm by reading the value back (a hidden
// variable answers no value: there the 200 of the write is the confirmation). A value GitLab cannot mask is
// refused before anything is sent.
import { registerSecretValue } from '../client/redaction';
import { revealSecret, type SecretInput } from '../handoff/secret-value';
import type { SecretStore, StoredSecretDetails, StoreReceipt } from './secret-store';
import { StoreError } from './store-error';
import { apiMessage, StoreHttp, storeErrorFromResponse, type StoreErrorHints, type StoreResponse } from './store-http';
import { storeTokenFrom } from './store-token';

export const GITLAB_TOKEN_VARIABLES = ['GITLAB_TOKEN'] as const;
const GITLAB_TOKEN_NEEDS = 'a personal, project or group access token with the api scope, of a user or bot with at least the Maintainer role; CI_JOB_TOKEN cannot manage variables';

/** What GitLab can mask: one line of at least 8 characters from the Base64 alphabets and `@ : . ~`. */
export const GITLAB_MASKABLE = /^[A-Za-z0-9+/=_@:.~-]{8,}$/;

export interface GitLabVariableStoreOptions {
  /** Project id or full path (`group/project`). */
  readonly project: string;
  /** The variable's environment scope. @default "*" */
  readonly environmentScope?: string;
  /** REST API base (`https://gitlab.example.com/api/v4`); a URL without `/api/v4` gets it appended. @default $CI_API_V4_URL, else https://gitlab.com/api/v4 */
  readonly apiUrl?: string;
  /** Mask the value in job logs. @default true */
  readonly masked?: boolean;
  /** Only for protected branches and tags. @default true */
  readonly protected?: boolean;
  /** Environment to read GITLAB_TOKEN, CI_API_V4_URL and proxy variables from. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Extra CA certificates (PEM) to trust. @default - system roots and NODE_EXTRA_CA_CERTS */
  readonly ca?: string;
  /** Per-request timeout in ms. @default 30000 */
  readonly timeoutMs?: number;
  /** Redacted debug lines. @default - none */
  readonly debugLog?: (line: string) => void;
  /** Retries of GETs (tests). @default 4 attempts */
  readonly retry?: { readonly maxAttempts?: number; readonly baseDelayMs?: number };
}

interface GitLabVariable {
  readonly key?: unknown;
  readonly value?: unknown;
  readonly hidden?: unknown;
  readonly masked?: unknown;
  readonly environment_scope?: unknown;
}

const KEY = /^[A-Za-z0-9_]{1,255}$/;

/** `https://gitlab.example.com` → `https://gitlab.example.com/api/v4`; a URL with `/api/v4` is kept. */
export function gitLabApiUrl(url: string): string {
  const trimmed = url.replace(/\/+$/, '');
  return /\/api\/v4$/.test(trimmed) ? trimmed : `${trimmed}/api/v4`;
}

export class GitLabVariableStore implements SecretStore {
  readonly kind = 'gitlab';
  readonly #http: StoreHttp;
  readonly #project: string;
  readonly #scope: string;
  readonly #apiUrl: string;
  readonly #masked: boolean;
  readonly #protected: boolean;
  readonly #hints: StoreErrorHints;

  constructor(options: GitLabVariableStoreOptions) {
    const env = options.env ?? process.env;
    if (!/^(\d+|[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)+)$/.test(options.project)) {
      throw new StoreError('STORE_INVALID_ARGUMENT', `--project must be a numeric project id or a full path such as group/project (got ${JSON.stringify(options.project.slice(0, 100))}).`, { store: 'gitlab' });
    }
    const token = storeTokenFrom(env, GITLAB_TOKEN_VARIABLES, 'GitLab', GITLAB_TOKEN_NEEDS);
    this.#project = options.project;
    this.#scope = options.environmentScope ?? '*';
    this.#apiUrl = gitLabApiUrl(options.apiUrl ?? (env.CI_API_V4_URL || 'https://gitlab.com/api/v4'));
    this.#masked = options.masked ?? true;
    this.#protected = options.protected ?? true;
    this.#http = new StoreHttp({
      baseUrl: this.#apiUrl,
      store: this.kind,
      headers: { 'private-token': token.value, accept: 'application/json' },
      ...(options.ca !== undefined ? { ca: options.ca } : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.debugLog ? { debugLog: options.debugLog } : {}),
      ...(options.retry ? { retry: options.retry } : {}),
      env,
    });
    this.#hints = {
      unauthorized: `Check the token in ${token.variable} (expired, revoked, or not a GitLab access token?).`,
      forbidden: `${token.variable} needs ${GITLAB_TOKEN_NEEDS}.`,
      notFound: `Project ${this.#project} does not exist on ${this.#apiUrl} or the token in ${token.variable} cannot see it: check --project and the token's membership.`,
    };
  }

  describe(name: string): string {
    return `GitLab CI/CD variable ${name} (environment scope ${this.#scope}${this.#masked ? ', masked' : ''}${this.#protected ? ', protected' : ''}) of project ${this.#project} on ${this.#apiUrl}`;
  }

  async prepare(names: readonly string[]): Promise<void> {
    for (const name of names) assertKey(name);
    const res = await this.#http.request('GET', this.#projectPath());
    if (res.status !== 200) throw this.#error(res, `Reading project ${this.#project}`, '');
  }

  async put(name: string, secret: SecretInput, details: StoredSecretDetails = {}): Promise<StoreReceipt> {
    assertKey(name);
    const value = revealSecret(secret);
    registerSecretValue(value);
    if (this.#masked && !GITLAB_MASKABLE.test(value)) {
      throw new StoreError(
        'STORE_CANNOT_MASK',
        `GitLab cannot mask the value for ${name} (it must be one line of at least 8 characters from A-Z a-z 0-9 + / = _ - @ : . ~), and an unmasked token would show in job logs: nothing was written.`,
        { store: this.kind, secretName: name },
      );
    }
    const action = `Writing ${this.describe(name)}`;
    const existing = await this.#read(name);
    const fields = {
      value,
      masked: this.#masked,
      protected: this.#protected,
      raw: true,
      variable_type: 'env_var',
      environment_scope: this.#scope,
      description: describeToken(details),
    };
    let res: StoreResponse;
    try {
      res = existing
        ? await this.#http.request('PUT', `${this.#variablePath(name)}?${this.#scopeFilter()}`, fields)
        : await this.#http.request('POST', `${this.#projectPath()}/variables`, { key: name, ...fields });
    } catch (err) {
      // A timeout or reset leaves it open whether GitLab applied the write: reading the value back decides.
      if (!(err instanceof StoreError) || !err.writeMayHaveLanded) throw err;
      return this.#settle(name, value, err, existing?.hidden === true);
    }
    if (res.status !== 200 && res.status !== 201) {
      // GitLab reports an unmaskable value as an invalid `value` of a masked variable.
      if (res.status === 400 && (/mask/i.test(apiMessage(res)) || (this.#masked && /"value"/.test(apiMessage(res))))) {
        throw new StoreError('STORE_CANNOT_MASK', `GitLab refused to mask the value for ${name} (${apiMessage(res)}); nothing was written.`, { store: this.kind, status: 400, secretName: name });
      }
      throw this.#error(res, action, name);
    }
    const written = res.json as GitLabVariable | undefined;
    if (written?.hidden === true || (existing?.hidden === true)) {
      return { store: this.kind, name, location: this.describe(name), confirmedBy: `${existing ? 'PUT' : 'POST'} answered ${res.status} (hidden variable: its value cannot be read back)` };
    }
    let back: GitLabVariable | undefined;
    try {
      back = await this.#read(name);
    } catch (err) {
      throw new StoreError('STORE_NOT_CONFIRMED', `GitLab answered ${res.status} to the write of ${this.describe(name)}, but reading it back failed (${String((err as { code?: unknown }).code ?? 'error')}), so the write is not confirmed; the variable probably holds the new value.`, { store: this.kind, secretName: name, cause: err, writeMayHaveLanded: true });
    }
    if (!back || back.value !== value) {
      throw new StoreError('STORE_NOT_CONFIRMED', `GitLab answered ${res.status} to the write of ${this.describe(name)}, but reading it back ${back ? 'gave another value' : 'found no variable'}, so the write is not confirmed.`, { store: this.kind, secretName: name });
    }
    return { store: this.kind, name, location: this.describe(name), confirmedBy: 'value read back' };
  }

  /** After a write whose answer was lost: confirmed when the value reads back, settled as not applied when another value does. */
  async #settle(name: string, value: string, writeError: StoreError, hidden: boolean): Promise<StoreReceipt> {
    if (hidden) throw new StoreError(writeError.code, `${writeError.message} The variable is hidden, so reading it back cannot settle it.`, { store: this.kind, secretName: name, cause: writeError, writeMayHaveLanded: true });
    let back: GitLabVariable | undefined;
    try {
      back = await this.#read(name);
    } catch (err) {
      throw new StoreError(writeError.code, `${writeError.message} Reading the variable back to settle it failed too (${String((err as { code?: unknown }).code ?? 'error')}).`, { store: this.kind, secretName: name, cause: writeError, writeMayHaveLanded: true });
    }
    if (back?.value === value) return { store: this.kind, name, location: this.describe(name), confirmedBy: 'value read back (the write\'s answer was lost)' };
    throw new StoreError(writeError.code, `${writeError.message} Reading the variable back showed it was not applied.`, { store: this.kind, secretName: name, cause: writeError });
  }

  async close(): Promise<void> {
    await this.#http.close();
  }

  #projectPath(): string {
    return `/projects/${encodeURIComponent(this.#project)}`;
  }

  #variablePath(name: string): string {
    return `${this.#projectPath()}/variables/${encodeURIComponent(name)}`;
  }

  #scopeFilter(): string {
    return `filter%5Benvironment_scope%5D=${encodeURIComponent(this.#scope)}`;
  }

  /** The variable of this scope, or undefined when there is none (a 404 naming the project is an error). */
  async #read(name: string): Promise<GitLabVariable | undefined> {
    const res = await this.#http.request('GET', `${this.#variablePath(name)}?${this.#scopeFilter()}`);
    if (res.status === 200 && typeof res.json === 'object' && res.json !== null) return res.json as GitLabVariable;
    if (res.status === 404 && !/project/i.test(apiMessage(res))) return undefined;
    if (res.status === 200) throw new StoreError('STORE_BAD_RESPONSE', `GitLab answered ${this.describe(name)} without a JSON variable.`, { store: this.kind, status: 200, secretName: name });
    throw this.#error(res, `Reading ${this.describe(name)}`, name);
  }

  #error(res: StoreResponse, action: string, name: string): StoreError {
    return storeErrorFromResponse(this.kind, res, action, name, this.#hints);
  }
}

function assertKey(name: string): void {
  if (!KEY.test(name)) {
    throw new StoreError('STORE_REJECTED', `${JSON.stringify(name)} is not a valid GitLab variable key (letters, digits and underscores, at most 255).`, { store: 'gitlab', secretName: name });
  }
}

/** A description that helps whoever finds the variable in the UI; never the value. */
function describeToken(details: StoredSecretDetails): string {
  const what = [details.tokenName, details.tokenId].filter(Boolean).join(' ');
  return `VCD API token${what ? ` ${what}` : ''}${details.org ? ` of org ${details.org}` : ''}, written by vcd-api-tokens`.slice(0, 255);
}
