// When and how long to wait before retrying an idempotent request (GET, DELETE). POSTs are never retried here:
// register and the token grants create state or burn single-use credentials.
import { VcdError } from './errors';

export interface VcdRetryOptions {
  /** Attempts in total, including the first. @default 4 */
  readonly maxAttempts?: number;
  /** First backoff ceiling in ms (full jitter: the wait is random in [0, ceiling]). @default 500 */
  readonly baseDelayMs?: number;
  /** Largest backoff ceiling in ms. @default 10000 */
  readonly maxDelayMs?: number;
  /** Largest wait honoured from `Retry-After`. @default 30000 */
  readonly retryAfterCapMs?: number;
}

export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly retryAfterCapMs: number;
}

export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

export function resolveRetryPolicy(o: VcdRetryOptions = {}): RetryPolicy {
  const maxAttempts = o.maxAttempts ?? 4;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new VcdError('VCD_INVALID_ARGUMENT', 'retry.maxAttempts must be an integer ≥ 1.');
  return {
    maxAttempts,
    baseDelayMs: Math.max(0, o.baseDelayMs ?? 500),
    maxDelayMs: Math.max(0, o.maxDelayMs ?? 10_000),
    retryAfterCapMs: Math.max(0, o.retryAfterCapMs ?? 30_000),
  };
}

/** `Retry-After` as ms: delta-seconds or an HTTP date; `undefined` when absent or unparseable. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (v === '') return undefined;
  if (/^\d+$/.test(v)) return Number.parseInt(v, 10) * 1000;
  if (!/[a-z]/i.test(v)) return undefined;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/** The wait before attempt `attempt + 1` (attempt counts from 1). */
export function retryDelayMs(policy: RetryPolicy, attempt: number, retryAfter: string | undefined, random: () => number = Math.random): number {
  const fromHeader = parseRetryAfter(retryAfter);
  if (fromHeader !== undefined) return Math.min(fromHeader, policy.retryAfterCapMs);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(random() * ceiling);
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
