// A GitHub REST API double for Actions secrets: exactly the endpoints the GitHub store uses (public key, get and
// put a repository or environment secret), answering as GitHub documents them. It checks the token and the
// headers GitHub requires, enforces the permissions a fine-grained token needs, and opens every sealed box with
// the matching private key, so a wrong key, nonce or encoding fails the write (and the test). `updated_at` has
// one-second resolution, as GitHub's has.
import * as crypto from 'node:crypto';
import sodium from 'libsodium-wrappers';
import { type DoubleAnswer, type DoubleRequest, type RunningDouble, startHttpsDouble } from './https-double';

export interface GitHubTokenGrant {
  /** Repositories (`owner/name`) the token can see. */
  readonly repositories: readonly string[];
  /** "Secrets: read and write". @default true */
  readonly secrets?: boolean;
  /** "Environments: read and write" (environment secrets). @default true */
  readonly environments?: boolean;
}

interface StoredSecret {
  plaintext: string;
  readonly createdAt: string;
  updatedAt: string;
}

interface SecretScope {
  readonly keyPair: { publicKey: Uint8Array; privateKey: Uint8Array };
  readonly keyId: string;
  readonly secrets: Map<string, StoredSecret>;
}

export interface GitHubApiDouble extends RunningDouble {
  /** Adds a repository (with its deployment environments). */
  addRepository(fullName: string, environments?: readonly string[]): void;
  /** Issues a token with the given access; returns it. */
  issueToken(grant: GitHubTokenGrant): string;
  /** The decrypted value of a secret (test assertions only), or undefined. */
  secretValue(repository: string, name: string, environment?: string): string | undefined;
  /** Sets a secret's value directly (a secret an earlier enroll wrote), for tests that start from a stored token. */
  seedSecret(repository: string, name: string, value: string, environment?: string): void;
  /** Removes a secret (tests that start without one). */
  deleteSecret(repository: string, name: string, environment?: string): void;
  /** The secret's `updated_at`, or undefined. */
  secretUpdatedAt(repository: string, name: string, environment?: string): string | undefined;
  /** Sealed boxes that did not open (a wrong key, nonce or encoding). */
  readonly unopenedBoxes: number;
  /**
   * Moves the double's clock (`updated_at`, the Date header) forward, as the minutes of a deploy between two
   * writes would: the store then need not wait for the next second of GitHub's one-second `updated_at`.
   */
  advanceClock(seconds: number): void;
}

const isoSeconds = (date: Date) => `${date.toISOString().slice(0, 19)}Z`;
const RESOURCE_NOT_ACCESSIBLE = { message: 'Resource not accessible by personal access token', documentation_url: 'https://docs.github.com/rest/actions/secrets' };

export async function startGitHubApiDouble(): Promise<GitHubApiDouble> {
  await sodium.ready;
  const repositories = new Map<string, Set<string>>();
  const tokens = new Map<string, Required<GitHubTokenGrant>>();
  const scopes = new Map<string, SecretScope>();
  let unopenedBoxes = 0;
  let clockOffsetMs = 0;
  const now = () => new Date(Date.now() + clockOffsetMs);

  const scopeOf = (repo: string, environment?: string): SecretScope => {
    const key = `${repo.toLowerCase()}\0${environment ?? ''}`;
    let scope = scopes.get(key);
    if (!scope) {
      scope = { keyPair: sodium.crypto_box_keypair(), keyId: String(crypto.randomInt(1e12, 2e14)), secrets: new Map() };
      scopes.set(key, scope);
    }
    return scope;
  };

  const handle = (req: DoubleRequest): DoubleAnswer => {
    // GitHub refuses requests without a User-Agent.
    if (!req.headers['user-agent']) return { status: 403, body: { message: 'Request forbidden by administrative rules. Please make sure your request has a User-Agent header' } };
    const auth = /^(?:Bearer|token) (.+)$/.exec(req.headers.authorization ?? '');
    const grant = auth ? tokens.get(auth[1]) : undefined;
    if (!grant) return { status: 401, body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' } };
    if (req.headers.accept !== 'application/vnd.github+json' || req.headers['x-github-api-version'] !== '2022-11-28') {
      return { status: 400, body: { message: 'expected Accept: application/vnd.github+json and X-GitHub-Api-Version: 2022-11-28' } };
    }
    const m = /^\/repos\/([^/]+)\/([^/]+)\/(?:actions|environments\/([^/]+))\/secrets\/([^/]+)$/.exec(req.path);
    if (!m) return { status: 404, body: { message: 'Not Found' } };
    const [owner, name, environment, leaf] = m.slice(1).map((part) => (part === undefined ? undefined : decodeURIComponent(part))) as [string, string, string | undefined, string];
    const repo = `${owner}/${name}`;
    const known = [...repositories.keys()].find((r) => r.toLowerCase() === repo.toLowerCase());
    // GitHub hides what a token may not see behind 404.
    if (!known || !grant.repositories.some((r) => r.toLowerCase() === repo.toLowerCase())) return { status: 404, body: { message: 'Not Found' } };
    if (environment !== undefined && !repositories.get(known)?.has(environment)) return { status: 404, body: { message: 'Not Found' } };
    if (!grant.secrets || (environment !== undefined && !grant.environments)) return { status: 403, body: RESOURCE_NOT_ACCESSIBLE };
    const scope = scopeOf(known, environment);
    if (leaf === 'public-key') {
      if (req.method !== 'GET') return { status: 404, body: { message: 'Not Found' } };
      return { status: 200, body: { key_id: scope.keyId, key: sodium.to_base64(scope.keyPair.publicKey, sodium.base64_variants.ORIGINAL) } };
    }
    const secretName = leaf.toUpperCase();
    if (req.method === 'GET') {
      const secret = scope.secrets.get(secretName);
      if (!secret) return { status: 404, body: { message: 'Not Found' } };
      return { status: 200, body: { name: secretName, created_at: secret.createdAt, updated_at: secret.updatedAt } };
    }
    if (req.method !== 'PUT') return { status: 404, body: { message: 'Not Found' } };
    if (!/^[A-Z_][A-Z0-9_]*$/.test(secretName) || secretName.startsWith('GITHUB_')) {
      return { status: 422, body: { message: 'Secret names can only contain alphanumeric characters ([a-z], [A-Z], [0-9]) or underscores (_). Spaces are not allowed. Must start with a letter ([a-z], [A-Z]) or underscores (_).' } };
    }
    const body = req.json<{ encrypted_value?: unknown; key_id?: unknown }>();
    if (typeof body?.encrypted_value !== 'string' || typeof body.key_id !== 'string') return { status: 422, body: { message: 'Invalid request.\n\n"encrypted_value" and "key_id" are required.' } };
    if (body.key_id !== scope.keyId) return { status: 422, body: { message: 'Bad request: key_id does not match the current public key' } };
    let plaintext: string;
    try {
      plaintext = sodium.to_string(sodium.crypto_box_seal_open(sodium.from_base64(body.encrypted_value, sodium.base64_variants.ORIGINAL), scope.keyPair.publicKey, scope.keyPair.privateKey));
    } catch {
      unopenedBoxes++;
      return { status: 422, body: { message: 'encrypted_value is not a sealed box for this key' } };
    }
    const at = isoSeconds(now());
    const existing = scope.secrets.get(secretName);
    if (existing) {
      existing.plaintext = plaintext;
      existing.updatedAt = at;
      return { status: 204 };
    }
    scope.secrets.set(secretName, { plaintext, createdAt: at, updatedAt: at });
    return { status: 201, body: {} };
  };

  // Every answer carries the double's clock, as GitHub's carry its own.
  const running = await startHttpsDouble('github-api', (req) => {
    const answer = handle(req);
    return { ...answer, headers: { date: now().toUTCString(), ...answer.headers } };
  });
  // A getter, not a copied number: Object.assign would freeze the count at 0.
  Object.defineProperty(running, 'unopenedBoxes', { get: () => unopenedBoxes, enumerable: true });
  return Object.assign(running as RunningDouble & { readonly unopenedBoxes: number }, {
    addRepository(fullName: string, environments: readonly string[] = []) {
      repositories.set(fullName, new Set(environments));
    },
    issueToken(grant: GitHubTokenGrant) {
      const token = `github_pat_${crypto.randomBytes(30).toString('base64url')}`;
      tokens.set(token, { secrets: true, environments: true, ...grant });
      return token;
    },
    secretValue(repository: string, name: string, environment?: string) {
      return scopes.get(`${repository.toLowerCase()}\0${environment ?? ''}`)?.secrets.get(name.toUpperCase())?.plaintext;
    },
    seedSecret(repository: string, name: string, value: string, environment?: string) {
      const known = [...repositories.keys()].find((r) => r.toLowerCase() === repository.toLowerCase());
      if (!known || (environment !== undefined && !repositories.get(known)?.has(environment))) throw new Error(`seedSecret: no repository ${repository}${environment ? ` with environment ${environment}` : ''}`);
      // An hour old, so a write in the same second still moves updated_at.
      const then = isoSeconds(new Date(now().getTime() - 3_600_000));
      scopeOf(known, environment).secrets.set(name.toUpperCase(), { plaintext: value, createdAt: then, updatedAt: then });
    },
    deleteSecret(repository: string, name: string, environment?: string) {
      scopes.get(`${repository.toLowerCase()}\0${environment ?? ''}`)?.secrets.delete(name.toUpperCase());
    },
    advanceClock(seconds: number) {
      clockOffsetMs += seconds * 1000;
    },
    secretUpdatedAt(repository: string, name: string, environment?: string) {
      return scopes.get(`${repository.toLowerCase()}\0${environment ?? ''}`)?.secrets.get(name.toUpperCase())?.updatedAt;
    },
  });
}
