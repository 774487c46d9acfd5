// One interface for every place a pipeline credential can be kept: a file on this machine, a GitHub Actions
// secret, a GitLab CI/CD variable. `enroll`, `rotate --to` and the service-account write-back hand a new token
// to a store and act on the old one only after `put` resolved, because `put` resolves only once the store has
// confirmed the write (read back, or a timestamp that moved). Implementations are one file each.
import type { SecretInput } from '../handoff/secret-value';
import type { TokenFileType } from '../handoff/token-file';

/** Non-secret facts about the secret, for stores that can keep them next to it (file metadata, a description). */
export interface StoredSecretDetails {
  /** `urn:vcloud:token:<uuid>` (or a service account's id). */
  readonly tokenId?: string;
  /** The token's VCD name. */
  readonly tokenName?: string;
  readonly org?: string;
  readonly vcdUrl?: string;
  /** The kind of token: a file store writes it in that kind's file format. @default "API Token" */
  readonly tokenType?: TokenFileType;
}

/** Proof that a write landed. Never carries the value. */
export interface StoreReceipt {
  /** The store kind: `file`, `github`, `gitlab`. */
  readonly store: string;
  /** The secret's name as the store keeps it. */
  readonly name: string;
  /** Where it went, for people: a path, `github.com/owner/repo (environment prod)`, a GitLab project and scope. */
  readonly location: string;
  /** How the write was confirmed, e.g. "updated_at moved", "value read back". */
  readonly confirmedBy: string;
}

export interface SecretStore {
  /** The store kind, as in receipts and messages. */
  readonly kind: string;
  /**
   * Writes `secret` under `name` and resolves once the store confirms it; rejects (with a typed error naming the
   * store and the name, never the value) when it cannot be written or confirmed. A rejection means the caller
   * must treat the write as not done, unless the StoreError says `writeMayHaveLanded` (the answer or the read-back
   * was lost): then the store may hold the new value, which must stay valid.
   */
  put(name: string, secret: SecretInput, details?: StoredSecretDetails): Promise<StoreReceipt>;
  /** Where `name` goes, in words, for messages before anything is written ("GitHub secret X of owner/repo"). */
  describe(name: string): string;
  /**
   * Checks what can be checked before a token exists (credentials present, repository visible, a value GitLab can
   * mask is not known yet), so a refusal costs no token. @default - nothing is checked up front
   */
  prepare?(names: readonly string[]): Promise<void>;
  /** Releases connections. @default - nothing to release */
  close?(): Promise<void>;
}
