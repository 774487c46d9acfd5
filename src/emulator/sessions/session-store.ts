import { createHash } from 'node:crypto';
import * as crypto from 'node:crypto';
import type { EmulatorClock } from '../clock';
import { fillRandom } from '../secrets';
import { mintAccessToken, slotOfAccessToken } from './access-token';
import type { EmulatorSession, SessionAuthMethod } from './emulator-session';

export interface SessionStoreOptions {
  readonly clock: EmulatorClock;
  /** Inactivity after which a bearer gets 401. */
  readonly idleTimeoutMs: number;
  /** Lifetime after which a bearer gets 401 whatever its activity. */
  readonly absoluteTimeoutMs: number;
  /**
   * Sessions kept: a session ends once this many newer ones were created (its bearer then gets 401), so memory
   * stays flat under load such as 200,000 refresh exchanges.
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

const METHODS: readonly SessionAuthMethod[] = ['password', 'apiToken', 'serviceAccount'];
const HASH_BYTES = 32;
const UUID_BYTES = 16;

function uuidOf(urn: string): string {
  return urn.slice(urn.lastIndexOf(':') + 1);
}

const oneShotHash = (crypto as { hash?: (algorithm: string, data: string, encoding: 'buffer') => Buffer }).hash;

/** SHA-256 of a bearer as bytes. */
function digest(token: string): Buffer {
  return oneShotHash ? oneShotHash('sha256', token, 'buffer') : createHash('sha256').update(token, 'utf8').digest();
}

/**
 * Live bearer sessions in a fixed ring of `maxSessions` slots, stored column by column in preallocated arrays
 * (SHA-256 of the bearer, session UUID, times, references to the user, org and token). A bearer names its slot
 * (inside its random segment) and must hash to the digest the slot holds. Nothing is allocated per session that
 * outlives the request: under load, session objects and map entries kept for thousands of requests were what the
 * garbage collector spent most of a token exchange on. Requests get a fresh `EmulatorSession` view.
 */
export class SessionStore {
  private readonly capacity: number;
  private readonly hashes: Buffer;
  private readonly uuids: Buffer;
  private readonly created: Float64Array;
  private readonly lastUsed: Float64Array;
  private readonly methods: Uint8Array;
  private readonly occupied: Uint8Array;
  private readonly userIds: (string | undefined)[];
  private readonly orgIds: (string | undefined)[];
  private readonly tokenIds: (string | undefined)[];
  private next = 0;
  private live = 0;

  public constructor(private readonly options: SessionStoreOptions) {
    const n = (this.capacity = options.maxSessions);
    this.hashes = Buffer.alloc(n * HASH_BYTES);
    this.uuids = Buffer.alloc(n * UUID_BYTES);
    this.created = new Float64Array(n);
    this.lastUsed = new Float64Array(n);
    this.methods = new Uint8Array(n);
    this.occupied = new Uint8Array(n);
    this.userIds = new Array<string | undefined>(n).fill(undefined);
    this.orgIds = new Array<string | undefined>(n).fill(undefined);
    this.tokenIds = new Array<string | undefined>(n).fill(undefined);
  }

  public get size(): number {
    return this.live;
  }

  public create(input: NewSession): MintedSession {
    const now = this.options.clock.now();
    const slot = this.next;
    this.next = (this.next + 1) % this.capacity;
    if (this.occupied[slot]) this.live--; // the oldest session gives way
    const uuidBytes = this.uuids.subarray(slot * UUID_BYTES, (slot + 1) * UUID_BYTES);
    fillRandom(uuidBytes);
    uuidBytes[6] = (uuidBytes[6] & 0x0f) | 0x40; // RFC 4122 version 4
    uuidBytes[8] = (uuidBytes[8] & 0x3f) | 0x80;
    const uuid = formatUuid(uuidBytes);
    const token = mintAccessToken(
      {
        sub: input.userName,
        iss: `${uuidOf(input.userId)}@${uuidOf(input.orgId)}`,
        iat: Math.floor(now / 1000),
        exp: Math.floor((now + this.options.absoluteTimeoutMs) / 1000),
      },
      uuid, // the JWT id doubles as the session id
      slot,
    );
    digest(token).copy(this.hashes, slot * HASH_BYTES);
    this.created[slot] = now;
    this.lastUsed[slot] = now;
    this.methods[slot] = METHODS.indexOf(input.authMethod);
    this.userIds[slot] = input.userId;
    this.orgIds[slot] = input.orgId;
    this.tokenIds[slot] = input.tokenId;
    this.occupied[slot] = 1;
    this.live++;
    return { session: this.view(slot, uuid), accessToken: token, expiresInSeconds: Math.floor(this.options.idleTimeoutMs / 1000) };
  }

  /** Resolves a bearer and marks the session used (idle timeout restarts). */
  public resolve(accessToken: string): EmulatorSession | SessionLookupFailure {
    return this.lookup(accessToken, true);
  }

  /** Resolves a bearer without marking it used (for `assertion` checks). */
  public peek(accessToken: string): EmulatorSession | SessionLookupFailure {
    return this.lookup(accessToken, false);
  }

  /** True when `value` is a live bearer (leak detection). */
  public isLiveAccessToken(value: string): boolean {
    const slot = slotOfAccessToken(value, this.capacity);
    return slot !== undefined && this.matches(slot, value);
  }

  public get(sessionId: string): EmulatorSession | undefined {
    const slot = this.slotOfId(sessionId);
    return slot === undefined ? undefined : this.view(slot);
  }

  /** Ends one session (logout). */
  public delete(sessionId: string): boolean {
    const slot = this.slotOfId(sessionId);
    if (slot === undefined) return false;
    this.clear(slot);
    return true;
  }

  /** Ends every session minted from an API token or service account (revocation cascade); returns how many. */
  public revokeByToken(tokenId: string): number {
    return this.clearWhere(this.tokenIds, tokenId);
  }

  /** Ends every session of a user (e.g. user deleted). */
  public revokeByUser(userId: string): number {
    return this.clearWhere(this.userIds, userId);
  }

  private lookup(accessToken: string, touch: boolean): EmulatorSession | SessionLookupFailure {
    const slot = slotOfAccessToken(accessToken, this.capacity);
    if (slot === undefined || !this.matches(slot, accessToken)) return 'unknown';
    const now = this.options.clock.now();
    if (now - this.created[slot] >= this.options.absoluteTimeoutMs) {
      this.clear(slot);
      return 'absoluteExpired';
    }
    if (now - this.lastUsed[slot] >= this.options.idleTimeoutMs) {
      this.clear(slot);
      return 'idleExpired';
    }
    if (touch) this.lastUsed[slot] = now;
    return this.view(slot);
  }

  private matches(slot: number, token: string): boolean {
    if (!this.occupied[slot]) return false;
    return digest(token).equals(this.hashes.subarray(slot * HASH_BYTES, (slot + 1) * HASH_BYTES));
  }

  private view(slot: number, uuid = formatUuid(this.uuids.subarray(slot * UUID_BYTES, (slot + 1) * UUID_BYTES))): EmulatorSession {
    return {
      id: `urn:vcloud:session:${uuid}`,
      userId: this.userIds[slot] as string,
      orgId: this.orgIds[slot] as string,
      authMethod: METHODS[this.methods[slot]],
      tokenId: this.tokenIds[slot],
      createdAt: this.created[slot],
      lastUsedAt: this.lastUsed[slot],
    };
  }

  private slotOfId(sessionId: string): number | undefined {
    const match = /^urn:vcloud:session:([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})$/.exec(sessionId);
    if (!match) return undefined;
    const wanted = Buffer.from(match.slice(1).join(''), 'hex');
    for (let slot = 0; slot < this.capacity; slot++) {
      if (this.occupied[slot] && wanted.equals(this.uuids.subarray(slot * UUID_BYTES, (slot + 1) * UUID_BYTES))) return slot;
    }
    return undefined;
  }

  private clear(slot: number): void {
    if (!this.occupied[slot]) return;
    this.occupied[slot] = 0;
    this.hashes.fill(0, slot * HASH_BYTES, (slot + 1) * HASH_BYTES);
    this.userIds[slot] = undefined;
    this.orgIds[slot] = undefined;
    this.tokenIds[slot] = undefined;
    this.live--;
  }

  private clearWhere(column: readonly (string | undefined)[], value: string): number {
    let ended = 0;
    for (let slot = 0; slot < this.capacity; slot++) {
      if (this.occupied[slot] && column[slot] === value) {
        this.clear(slot);
        ended++;
      }
    }
    return ended;
  }
}

function formatUuid(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
