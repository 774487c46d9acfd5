// GitHub Actions secrets (repository or environment) through the REST API: fetch the public key, seal the value
// (libsodium sealed box), PUT it with the key id, and confirm by reading the secret's metadata back: the write is
// confirmed only when `updated_at` moved (or the secret appeared), since the value itself can never be read.
import { registerSecretValue } from '../client/redaction';
import { revealSecret, type SecretInput } from '../handoff/secret-value';
import { sealForGitHub } from './sealed-box';
import type { SecretStore, StoredSecretDetails, StoreReceipt } from './secret-store';
import { StoreError } from './store-error';
import { StoreHttp, storeErrorFromResponse, type StoreErrorHints, type StoreResponse } from './store-http';
import { storeTokenFrom } from './store-token';

export const GITHUB_TOKEN_VARIABLES = ['GH_TOKEN', 'GITHUB_TOKEN'] as const;
const GITHUB_TOKEN_NEEDS = 'a fine-grained token with the repository permission "Secrets: read and write" (and "Environments: read and write" for environment secrets), or a classic token with repo; the workflow\'s own GITHUB_TOKEN cannot write secrets';

export interface GitHubSecretStoreOptions {
  /** `owner/name`. */
  readonly repository: string;
  /** A deployment environment: its environment secrets instead of repository secrets. @default - repository secrets */
  readonly environment?: string;
  /** REST API base. @default $GITHUB_API_URL, else https://api.github.com */
  readonly apiUrl?: string;
  /** Environment to read the token (GH_TOKEN, GITHUB_TOKEN), GITHUB_API_URL and proxy variables from. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Extra CA certificates (PEM) to trust (a GitHub Enterprise Server behind a private CA). @default - system roots and NODE_EXTRA_CA_CERTS */
  readonly ca?: string;
  /** Per-request timeout in ms. @default 30000 */
  readonly timeoutMs?: number;
  /** Redacted debug lines. @default - none */
  readonly debugLog?: (line: string) => void;
  /** Retries of GETs (tests). @default 4 attempts */
  readonly retry?: { readonly maxAttempts?: number; readonly baseDelayMs?: number };
}

/** A secret's `updated_at`, and the server's clock (its Date header) when it was read. */
interface SecretTimestamp {
  readonly updatedAt: string;
  readonly serverTime: number;
}

interface PublicKey {
  readonly keyId: string;
  readonly key: string;
}

const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export class GitHubSecretStore implements SecretStore {
  readonly kind = 'github';
  readonly #http: StoreHttp;
  readonly #repo: string;
  readonly #environment?: string;
  readonly #apiUrl: string;
  readonly #hints: StoreErrorHints;
  #publicKey?: Promise<PublicKey>;

  constructor(options: GitHubSecretStoreOptions) {
    const env = options.env ?? process.env;
    if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(options.repository)) {
      throw new StoreError('STORE_INVALID_ARGUMENT', `--repo must be owner/name (got ${JSON.stringify(options.repository.slice(0, 100))}).`, { store: 'github' });
    }
    if (options.environment !== undefined && (options.environment.trim() === '' || options.environment.length > 255)) {
      throw new StoreError('STORE_INVALID_ARGUMENT', '--environment must name a GitHub deployment environment (1 to 255 characters).', { store: 'github' });
    }
    const token = storeTokenFrom(env, GITHUB_TOKEN_VARIABLES, 'GitHub', GITHUB_TOKEN_NEEDS);
    this.#repo = options.repository;
    this.#environment = options.environment;
    this.#apiUrl = (options.apiUrl ?? (env.GITHUB_API_URL || 'https://api.github.com')).replace(/\/+$/, '');
    this.#http = new StoreHttp({
      baseUrl: this.#apiUrl,
      store: this.kind,
      headers: { authorization: `Bearer ${token.value}`, accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' },
      ...(options.ca !== undefined ? { ca: options.ca } : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.debugLog ? { debugLog: options.debugLog } : {}),
      ...(options.retry ? { retry: options.retry } : {}),
      env,
    });
    const where = this.#environment === undefined ? `repository ${this.#repo}` : `environment ${JSON.stringify(this.#environment)} of ${this.#repo}`;
    this.#hints = {
      unauthorized: `Check the token in ${token.variable} (expired or revoked?).`,
      forbidden: `${token.variable} needs ${GITHUB_TOKEN_NEEDS}.`,
      notFound: `The token in ${token.variable} cannot see the ${where} (GitHub answers 404 for what it hides): check --repo${this.#environment === undefined ? '' : ', --environment (create the environment first)'} and the token's repository access.`,
    };
  }

  describe(name: string): string {
    return `GitHub Actions ${this.#environment === undefined ? 'repository' : `environment (${this.#environment})`} secret ${name} of ${this.#repo}${this.#apiUrl === 'https://api.github.com' ? '' : ` on ${this.#apiUrl}`}`;
  }

  async prepare(names: readonly string[]): Promise<void> {
    for (const name of names) assertSecretName(name);
    await this.#key();
  }

  async put(name: string, secret: SecretInput, _details?: StoredSecretDetails): Promise<StoreReceipt> {
    assertSecretName(name);
    const value = revealSecret(secret);
    registerSecretValue(value);
    const key = await this.#key();
    const path = `${this.#secretsPath()}/${encodeURIComponent(name.toUpperCase())}`;
    const before = await this.#updatedAt(name, path);
    // GitHub's updated_at has one-second resolution: a write in the same second as the previous one could not be
    // told from it, so wait for the next second (at most once, only right after another write).
    if (before !== undefined && Date.parse(before.updatedAt) >= Math.floor(before.serverTime / 1000) * 1000) await sleep(1100);
    const sealed = await sealForGitHub(value, key.key);
    let writeError: StoreError | undefined;
    try {
      const res = await this.#http.request('PUT', path, { encrypted_value: sealed, key_id: key.keyId });
      if (res.status !== 201 && res.status !== 204) throw this.#error(res, `Writing ${this.describe(name)}`, name);
    } catch (err) {
      // A timeout or reset leaves it open whether GitHub applied the write: the read-back below decides.
      if (!(err instanceof StoreError) || (err.code !== 'STORE_TIMEOUT' && err.code !== 'STORE_UNAVAILABLE') || err.status !== undefined) throw err;
      writeError = err;
    }
    let after: SecretTimestamp | undefined;
    try {
      after = await this.#updatedAt(name, path);
    } catch (err) {
      const readError = String((err as { code?: unknown }).code ?? 'error');
      // Either way the secret may now hold the new value: the caller must not revoke it.
      if (!writeError) throw new StoreError('STORE_NOT_CONFIRMED', `GitHub accepted the write of ${this.describe(name)}, but reading it back failed (${readError}), so the write is not confirmed; the secret probably holds the new value.`, { store: this.kind, secretName: name, cause: err, writeMayHaveLanded: true });
      throw new StoreError(writeError.code, `${writeError.message} Reading the secret back to settle it failed too (${readError}).`, { store: this.kind, secretName: name, cause: writeError, writeMayHaveLanded: true });
    }
    if (after === undefined || (before !== undefined && Date.parse(after.updatedAt) <= Date.parse(before.updatedAt))) {
      // Settled: the write did not land.
      if (writeError) throw new StoreError(writeError.code, `${writeError.message} Reading the secret back showed it was not applied.`, { store: this.kind, secretName: name, cause: writeError });
      throw new StoreError('STORE_NOT_CONFIRMED', `GitHub accepted the write of ${this.describe(name)}, but its updated_at did not move (${before?.updatedAt ?? 'absent'} → ${after?.updatedAt ?? 'absent'}), so the write is not confirmed.`, { store: this.kind, secretName: name });
    }
    return {
      store: this.kind,
      name: name.toUpperCase(),
      location: this.describe(name.toUpperCase()),
      confirmedBy: `updated_at moved (${before?.updatedAt ?? 'new secret'} → ${after.updatedAt})`,
    };
  }

  async close(): Promise<void> {
    await this.#http.close();
  }

  #secretsPath(): string {
    const repo = `/repos/${this.#repo.split('/').map(encodeURIComponent).join('/')}`;
    return this.#environment === undefined ? `${repo}/actions/secrets` : `${repo}/environments/${encodeURIComponent(this.#environment)}/secrets`;
  }

  #key(): Promise<PublicKey> {
    this.#publicKey ??= (async () => {
      const res = await this.#http.request('GET', `${this.#secretsPath()}/public-key`);
      if (res.status !== 200) throw this.#error(res, `Reading the secrets public key of ${this.#repo}${this.#environment === undefined ? '' : ` (environment ${this.#environment})`}`, '');
      const doc = res.json as { key_id?: unknown; key?: unknown } | undefined;
      if (typeof doc?.key_id !== 'string' || typeof doc.key !== 'string') {
        throw new StoreError('STORE_BAD_RESPONSE', 'GitHub answered the secrets public key without key_id and key.', { store: this.kind, status: res.status });
      }
      return { keyId: doc.key_id, key: doc.key };
    })();
    // A failed fetch is not cached: the next put asks again.
    this.#publicKey.catch(() => (this.#publicKey = undefined));
    return this.#publicKey;
  }

  async #updatedAt(name: string, path: string): Promise<SecretTimestamp | undefined> {
    const res = await this.#http.request('GET', path);
    if (res.status === 404) return undefined;
    if (res.status !== 200) throw this.#error(res, `Reading ${this.describe(name)}`, name);
    const updatedAt = (res.json as { updated_at?: unknown } | undefined)?.updated_at;
    if (typeof updatedAt !== 'string' || Number.isNaN(Date.parse(updatedAt))) {
      throw new StoreError('STORE_BAD_RESPONSE', `GitHub answered ${this.describe(name)} without a valid updated_at.`, { store: this.kind, status: res.status, secretName: name });
    }
    const date = typeof res.headers.date === 'string' ? Date.parse(res.headers.date) : NaN;
    return { updatedAt, serverTime: Number.isNaN(date) ? Date.now() : date };
  }

  #error(res: StoreResponse, action: string, name: string): StoreError {
    return storeErrorFromResponse(this.kind, res, action, name, this.#hints);
  }
}

function assertSecretName(name: string): void {
  if (!SECRET_NAME.test(name) || /^GITHUB_/i.test(name)) {
    throw new StoreError('STORE_REJECTED', `${JSON.stringify(name)} is not a valid GitHub secret name (letters, digits and underscores, not starting with a digit or GITHUB_).`, { store: 'github', secretName: name });
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
