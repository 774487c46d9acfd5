import { randomBytes, randomUUID } from 'node:crypto';
import type { EmulatorClock } from '../clock';
import { hashSecret } from '../secrets';
import { mintAccessToken } from './access-token';
import type { EmulatorSession, SessionAuthMethod } from './emulator-session';

export interface SessionStoreOptions {
  readonly clock: EmulatorClock;
  /** Inactivity after which a bearer gets 401. */
  readonly idleTimeoutMs: number;
  /** Lifetime after which a bearer gets 401 whatever its activity. */
  readonly absoluteTimeoutMs: number;
  /**
   * Live sessions kept; beyond it the oldest is dropped (its bearer then gets 401), so memory stays
   * bounded under load such as 100,000 refresh exchanges.
   */
  readonly maxSessions: number;
}

export interface NewSession {
  readonly userId: string;
  readonly userName: string;
  readonly orgId: string;
  readonly authMethod: SessionAuthMethod;
  readonly tokenId?: string;
}

export interface MintedSession {
  readonly session: EmulatorSession;
  /** The bearer; returned to the client once and never stored. */
  readonly accessToken: string;
  /** Seconds the bearer stays valid without use (the idle timeout): the `expires_in` of token responses. */
  readonly expiresInSeconds: number;
}

/** Why a bearer was not accepted. */
export type SessionLookupFailure = 'unknown' | 'idleExpired' | 'absoluteExpired';

function uuidOf(urn: string): string {
  return urn.slice(urn.lastIndexOf(':') + 1);
}

/** Live bearer sessions, keyed by the sha256 of their access token. */
export class SessionStore {
  private readonly byHash = new Map<string, EmulatorSession>();
  private readonly byId = new Map<string, EmulatorSession>();
  private readonly byToken = new Map<string, Set<string>>();
  private readonly signingKey = randomBytes(32);

  public constructor(private readonly options: SessionStoreOptions) {}

  public get size(): number {
    return this.byHash.size;
  }

  public create(input: NewSession): MintedSession {
    const now = this.options.clock.now();
    const uuid = randomUUID();
    const { token } = mintAccessToken(
      {
        sub: input.userName,
        iss: `${uuidOf(input.userId)}@${uuidOf(input.orgId)}`,
        iat: Math.floor(now / 1000),
        exp: Math.floor((now + this.options.absoluteTimeoutMs) / 1000),
      },
      uuid, // the JWT id doubles as the session id: one CSPRNG call per session
      this.signingKey,
    );
    const session: EmulatorSession = {
      id: `urn:vcloud:session:${uuid}`,
      userId: input.userId,
      orgId: input.orgId,
      authMethod: input.authMethod,
      tokenId: input.tokenId,
      createdAt: now,
      lastUsedAt: now,
      accessTokenHash: hashSecret(token),
    };
    this.byHash.set(session.accessTokenHash, session);
    this.byId.set(session.id, session);
    if (input.tokenId) {
      let ids = this.byToken.get(input.tokenId);
      if (!ids) this.byToken.set(input.tokenId, (ids = new Set()));
      ids.add(session.id);
    }
    this.evictBeyondCapacity(now);
    return { session, accessToken: token, expiresInSeconds: Math.floor(this.options.idleTimeoutMs / 1000) };
  }

  /** Resolves a bearer and marks the session used (idle timeout restarts). */
  public resolve(accessToken: string): EmulatorSession | SessionLookupFailure {
    return this.resolveHash(hashSecret(accessToken), true);
  }

  /** Resolves a bearer without marking it used (for `assertion` checks). */
  public peek(accessToken: string): EmulatorSession | SessionLookupFailure {
    return this.resolveHash(hashSecret(accessToken), false);
  }

  /** True when `hash` is the sha256 of a live bearer (leak detection). */
  public hasAccessTokenHash(hash: string): boolean {
    return this.byHash.has(hash);
  }

  public get(sessionId: string): EmulatorSession | undefined {
    return this.byId.get(sessionId);
  }

  /** Ends one session (logout). */
  public delete(sessionId: string): boolean {
    const session = this.byId.get(sessionId);
    if (!session) return false;
    this.byId.delete(sessionId);
    this.byHash.delete(session.accessTokenHash);
    if (session.tokenId) {
      const ids = this.byToken.get(session.tokenId);
      ids?.delete(sessionId);
      if (ids && ids.size === 0) this.byToken.delete(session.tokenId);
    }
    return true;
  }

  /** Ends every session minted from an API token (revocation cascade); returns how many. */
  public revokeByToken(tokenId: string): number {
    const ids = [...(this.byToken.get(tokenId) ?? [])];
    for (const id of ids) this.delete(id);
    this.byToken.delete(tokenId);
    return ids.length;
  }

  /** Ends every session of a user (e.g. user deleted). */
  public revokeByUser(userId: string): number {
    const ids = [...this.byId.values()].filter((s) => s.userId === userId).map((s) => s.id);
    for (const id of ids) this.delete(id);
    return ids.length;
  }

  private resolveHash(hash: string, touch: boolean): EmulatorSession | SessionLookupFailure {
    const session = this.byHash.get(hash);
    if (!session) return 'unknown';
    const now = this.options.clock.now();
    if (now - session.createdAt >= this.options.absoluteTimeoutMs) {
      this.delete(session.id);
      return 'absoluteExpired';
    }
    if (now - session.lastUsedAt >= this.options.idleTimeoutMs) {
      this.delete(session.id);
      return 'idleExpired';
    }
    if (touch) session.lastUsedAt = now;
    return session;
  }

  private evictBeyondCapacity(now: number): void {
    // Map iteration follows insertion (= creation) order, so the front holds the oldest sessions.
    for (const session of this.byHash.values()) {
      const overCapacity = this.byHash.size > this.options.maxSessions;
      const absoluteExpired = now - session.createdAt >= this.options.absoluteTimeoutMs;
      if (!overCapacity && !absoluteExpired) break;
      this.delete(session.id);
    }
  }
}
