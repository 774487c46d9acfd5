/** What an injected fault does to a matching request. */
export type FaultAction =
  /** Waits `ms` before handling the request normally. */
  | { readonly type: 'latency'; readonly ms: number }
  /**
   * Answers `status` without handling the request (e.g. 503/429 with `Retry-After`, 500).
   * `retryAfter`: header value; defaults to `1` for 429 and 503, omitted for others; `null` omits it.
   * `body`: default is a cloudapi error object.
   */
  | {
      readonly type: 'status';
      readonly status: number;
      readonly retryAfter?: number | string | null;
      readonly body?: string;
      readonly contentType?: string;
    }
  /**
   * Destroys the connection. `before`: nothing is processed. `after`: the request is processed (state
   * changes happen) and then the socket is destroyed instead of answering: an ambiguous failure.
   */
  | { readonly type: 'reset'; readonly when: 'before' | 'after' }
  /**
   * Processes the request but holds the response headers: for `ms` milliseconds, then answers normally,
   * or (no `ms`) never, until the client gives up or the emulator closes.
   */
  | { readonly type: 'stall'; readonly ms?: number }
  /** Processes the request, then sends a truncated JSON body with the real status. */
  | { readonly type: 'malformedJson' }
  /** Answers a redirect to `location` without handling the request (clients must not follow it with credentials). @default status 307 */
  | { readonly type: 'redirect'; readonly location: string; readonly status?: number }
  /** Answers an HTML error page as a reverse proxy would, without handling the request. @default status 502 */
  | { readonly type: 'htmlError'; readonly status?: number };

/** A fault rule as given to `faults.add` or `POST /__emulator/faults`. */
export interface FaultRuleInput {
  /** HTTP method to match, any case. @default any method */
  readonly method?: string;
  /** Path prefix (string) or pattern (RegExp) matched against the path without query string. */
  readonly path: string | RegExp;
  readonly action: FaultAction;
  /** How many matching requests it applies to. @default 1 */
  readonly times?: number | 'always';
  /**
   * How many matching requests it lets through untouched before it applies: with `skip: 2` it hits the third
   * matching request (e.g. the second DELETE of a run when the first one is the same path). @default 0
   */
  readonly skip?: number;
}

/** A registered rule. */
export interface FaultRule {
  readonly id: string;
  readonly method?: string;
  readonly path: string | RegExp;
  readonly action: FaultAction;
  /** Remaining applications, or `always`. */
  remaining: number | 'always';
  /** Matching requests still to let through before it applies. */
  skip: number;
  /** How many requests it has affected so far. */
  applied: number;
}

/** A fault rule or fault file that cannot be used. */
export class FaultRuleError extends Error {
  public readonly code = 'EMULATOR_BAD_FAULT_RULE';

  public constructor(message: string) {
    super(message);
    this.name = 'FaultRuleError';
  }
}
