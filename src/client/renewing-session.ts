// A bearer session for long-running library users that renews itself from its token: before the known expiry
// (the exchange's `expires_in`, or the JWT's `exp` if sooner) and once after a 401 (idle or absolute timeout,
// logout elsewhere) it exchanges the API token or service-account token again, saving a rotated token first.
// Pass it to any VcdClient operation like any BearerSession; the client repeats a request that got the 401 only
// when its method is idempotent. A token VCD refuses (revoked, used up) ends the session with VCD_INVALID_GRANT.
import { persistOrExplain } from './device-flow';
import { VcdError } from './errors';
import { Secret } from './redaction';
import { jwtExpiryMs } from './response-parsing';
import type { PersistRefreshToken } from './service-account-types';
import { attachSessionRenewal } from './session-renewal';
import type { BearerSession, VcdAuthMethod } from './types';
import type { VcdClient } from './vcd-client';

export interface RenewingSessionOptions {
  /** The org of the token (its name, as in `/oauth/tenant/{org}`; "System" for provider tokens). */
  readonly org: string;
  /** The token to exchange: a user's API token or a service account's refresh token. */
  readonly token: string | Secret;
  /** `serviceAccount` tokens rotate on every exchange. @default 'apiToken' */
  readonly kind?: 'apiToken' | 'serviceAccount';
  /**
   * Saves a rotated token durably before the session uses its new bearer. Required for service accounts; for API
   * tokens only where VCD rotates them (without it a rotation ends the session).
   * @default none
   */
  readonly persist?: PersistRefreshToken;
  /** Renew this long before the known expiry (at most a quarter of the session's lifetime). @default 60000 */
  readonly renewBeforeMs?: number;
  /** Clock in ms since the epoch (tests). @default Date.now */
  readonly now?: () => number;
  /** Told after each renewal; carries no secret. @default none */
  readonly onRenew?: (event: { readonly reason: 'expiry' | 'unauthorized'; readonly renewals: number }) => void;
  /** Name or id of the service account, for messages. @default none */
  readonly serviceAccount?: string;
}

/** The state of one exchange: its bearer and when it is known to end. */
interface Exchanged {
  readonly bearer: BearerSession;
  readonly obtainedAtMs: number;
  /** Ms since the epoch, or Infinity when VCD said nothing. */
  readonly expiresAtMs: number;
}

export class VcdRenewingSession implements BearerSession {
  /** Exchanges `options.token` once and returns a session that keeps itself valid. */
  public static async open(client: VcdClient, options: RenewingSessionOptions): Promise<VcdRenewingSession> {
    if ((options.kind ?? 'apiToken') === 'serviceAccount' && typeof options.persist !== 'function') {
      throw new VcdError('VCD_INVALID_ARGUMENT', 'A renewing service-account session needs a persist callback: every renewal rotates the token, and the new one must be saved first.');
    }
    const session = new VcdRenewingSession(client, options);
    await session.#renew('open');
    return session;
  }

  public readonly org: string;
  public readonly tokenType = 'Bearer' as const;
  public readonly authMethod: VcdAuthMethod;
  readonly #client: VcdClient;
  readonly #options: RenewingSessionOptions;
  readonly #now: () => number;
  #token: Secret;
  #current?: Exchanged;
  #pending?: Promise<Secret>;
  #ended?: VcdError;
  #renewals = 0;

  private constructor(client: VcdClient, options: RenewingSessionOptions) {
    this.#client = client;
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.org = options.org;
    this.authMethod = (options.kind ?? 'apiToken') === 'serviceAccount' ? 'serviceAccount' : 'apiToken';
    this.#token = Secret.from(options.token);
    attachSessionRenewal(this, {
      current: () => this.#fresh(),
      afterUnauthorized: (rejected) => this.#afterUnauthorized(rejected),
    });
  }

  /** The current bearer. Client operations ask the session itself, which renews first when needed. */
  public get accessToken(): Secret {
    if (this.#ended) throw this.#ended;
    return (this.#current as Exchanged).bearer.accessToken;
  }

  /** Lifetime of the current bearer in seconds, as VCD reported it. */
  public get expiresIn(): number | undefined {
    return this.#current?.bearer.expiresIn;
  }

  public get obtainedAt(): Date {
    return new Date(this.#current?.obtainedAtMs ?? this.#now());
  }

  /** How many times the session renewed itself since it was opened. */
  public get renewals(): number {
    return this.#renewals;
  }

  /** The error that ended the session (its token was refused), if it ended. */
  public get endedBy(): VcdError | undefined {
    return this.#ended;
  }

  /** Renews now, whatever the expiry. */
  public async renew(): Promise<void> {
    await this.#single('expiry');
  }

  async #fresh(): Promise<Secret> {
    if (this.#ended) throw this.#ended;
    const current = this.#current as Exchanged;
    const lifetime = current.expiresAtMs - current.obtainedAtMs;
    const margin = Math.min(this.#options.renewBeforeMs ?? 60_000, lifetime / 4);
    if (this.#now() < current.expiresAtMs - margin) return current.bearer.accessToken;
    return this.#single('expiry');
  }

  async #afterUnauthorized(rejected: Secret): Promise<Secret> {
    if (this.#ended) throw this.#ended;
    // Another request already renewed after its own 401: use that bearer.
    if (this.#current && this.#current.bearer.accessToken !== rejected) return this.#current.bearer.accessToken;
    return this.#single('unauthorized');
  }

  /** One renewal at a time: concurrent callers share it. */
  #single(reason: 'expiry' | 'unauthorized'): Promise<Secret> {
    this.#pending ??= this.#renew(reason).finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  async #renew(reason: 'open' | 'expiry' | 'unauthorized'): Promise<Secret> {
    if (this.#ended) throw this.#ended;
    let bearer: BearerSession;
    try {
      bearer = this.authMethod === 'serviceAccount' ? await this.#exchangeServiceAccount() : await this.#exchangeApiToken();
    } catch (e) {
      // A refused token cannot come back; anything else (network, 5xx) may pass, so the session stays usable.
      if (VcdError.isVcdError(e) && (e.code === 'VCD_INVALID_GRANT' || e.code === 'VCD_ROTATED_TOKEN_NOT_SAVED' || e.code === 'VCD_ROTATION_INCOMPLETE')) this.#ended = e;
      throw e;
    }
    const obtainedAtMs = this.#now();
    const byExpiresIn = bearer.expiresIn !== undefined ? obtainedAtMs + bearer.expiresIn * 1000 : Infinity;
    const byJwt = jwtExpiryMs(bearer.accessToken.reveal()) ?? Infinity;
    this.#current = { bearer, obtainedAtMs, expiresAtMs: Math.min(byExpiresIn, byJwt) };
    if (reason !== 'open') {
      this.#renewals++;
      this.#options.onRenew?.({ reason, renewals: this.#renewals });
    }
    return bearer.accessToken;
  }

  async #exchangeServiceAccount(): Promise<BearerSession> {
    const result = await this.#client.serviceAccounts.exchange({
      org: this.org,
      refreshToken: this.#token,
      persist: this.#options.persist as PersistRefreshToken,
      ...(this.#options.serviceAccount !== undefined ? { serviceAccount: this.#options.serviceAccount } : {}),
    });
    this.#token = result.refreshToken;
    return result.session;
  }

  async #exchangeApiToken(): Promise<BearerSession> {
    const bearer = await this.#client.exchangeApiToken({ org: this.org, apiToken: this.#token });
    const rotated = bearer.rotatedApiToken;
    if (rotated) {
      const persist: PersistRefreshToken =
        this.#options.persist ??
        (() => {
          throw new Error('no persist callback was given (RenewingSessionOptions.persist)');
        });
      await persistOrExplain(persist, rotated, { stage: 'rotated', subject: `the API token of org "${this.org}"`, recovery: 'create a new API token (vcd-token create or bootstrap) and revoke the old one' });
      this.#token = rotated;
    }
    return bearer;
  }
}
