// The hook between a self-renewing session and the client's bearer requests: a session that carries a renewal
// is asked for its current bearer before each request and told about every 401, so any client operation works
// with it unchanged. The renewal itself lives in renewing-session.ts.
import type { Secret } from './redaction';

const RENEWAL = Symbol.for('vcd-api-tokens.sessionRenewal');

export interface SessionRenewal {
  /** The bearer to send now; renews first when the session's known expiry is near. */
  current(): Promise<Secret>;
  /**
   * Called after VCD answered 401 to `rejected`. Renews once (concurrent callers share one renewal; a caller whose
   * bearer was already replaced gets the new one) and returns the bearer to repeat with.
   */
  afterUnauthorized(rejected: Secret): Promise<Secret>;
}

export function attachSessionRenewal(session: object, renewal: SessionRenewal): void {
  Object.defineProperty(session, RENEWAL, { value: renewal, enumerable: false });
}

export function sessionRenewalOf(session: object): SessionRenewal | undefined {
  return (session as Record<symbol, SessionRenewal | undefined>)[RENEWAL];
}

/** Methods a renewing session repeats after renewing on a 401 (RFC 9110 idempotent methods the client sends). */
export function isIdempotentMethod(method: string): boolean {
  return method === 'GET' || method === 'PUT' || method === 'DELETE';
}
