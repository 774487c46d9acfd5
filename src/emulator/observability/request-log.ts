import type { IncomingHttpHeaders } from 'node:http';
import { hashSecret } from '../secrets';
import { BoundedSet } from './bounded-set';

/** One request as the emulator remembers it: secrets already redacted. */
export interface RequestLogEntry {
  readonly seq: number;
  /** ms since the epoch (emulator clock). */
  readonly at: number;
  readonly method: string;
  /** Path and query with secret values replaced by `[REDACTED]`. */
  readonly url: string;
  /** Header values with credentials reduced to their scheme. */
  readonly headers: Readonly<Record<string, string>>;
  /** Names of form or JSON body fields (values are never kept). */
  readonly bodyFields: readonly string[];
  /** `grant_type` of a token request (not secret), if any. */
  readonly grantType?: string;
  readonly status: number;
  readonly durationMs: number;
  readonly requestId: string;
  /** Route pattern that handled the request, or `-`. */
  readonly route: string;
  /** `password` / `apiToken` / `serviceAccount` when a bearer session was resolved. */
  readonly authMethod?: string;
  /** Injected fault, if one applied. */
  readonly fault?: string;
}

/** A credential that reached the emulator somewhere it should not have. */
export interface SecretLeak {
  readonly at: number;
  readonly method: string;
  /** Redacted URL of the request. */
  readonly url: string;
  /** `query` (a credential parameter in the query string) or `header` (a live secret in an unexpected header). */
  readonly where: 'query' | 'header';
  /** The query parameter or header name. */
  readonly name: string;
}

/** Answer of `secretSeen`. */
export interface SecretSightings {
  /** The value appeared as a query-string value or a path segment. */
  readonly inUrl: boolean;
  /** The value appeared in a header other than `Authorization` / `X-VMWARE-VCLOUD-ACCESS-TOKEN`. */
  readonly inUnexpectedHeader: boolean;
  /** The value appears in a retained log entry or log line (it never should). */
  readonly inLog: boolean;
}

export interface RequestLogOptions {
  /** Entries kept (ring buffer). @default 1000 */
  readonly capacity?: number;
  /** Distinct URL / header value hashes remembered for `secretSeen`. @default 20000 */
  readonly hashCapacity?: number;
}

/** Query parameters that carry credentials; VCD accepts some of them but logs them (GOVCD #415). */
export const CREDENTIAL_PARAMETERS: ReadonlySet<string> = new Set([
  'refresh_token',
  'access_token',
  'assertion',
  'device_code',
  'client_secret',
  'password',
  'token',
  'code',
]);

/** Headers in which a credential is expected (their values are never hashed as "unexpected"). */
const CREDENTIAL_HEADERS: ReadonlySet<string> = new Set(['authorization', 'x-vmware-vcloud-access-token']);
/** Headers that can hold credentials in some clients; their value is redacted in the log. */
const REDACTED_HEADERS: ReadonlySet<string> = new Set([
  'authorization',
  'x-vmware-vcloud-access-token',
  'x-vcloud-authorization',
  'cookie',
  'proxy-authorization',
]);

const REDACTED = '[REDACTED]';

/** Values shorter than this are not hashed for `secretSeen` (every credential the emulator issues is longer). */
export const MIN_SECRET_LENGTH = 16;

/**
 * Bounded, redacting request log. Keeps the last `capacity` entries and, separately, sha256 hashes of
 * every URL value and unexpected header value seen, so a test can ask whether a canary ever travelled in
 * a URL or header without the log itself holding any secret.
 */
export class RequestLog {
  private readonly capacity: number;
  private readonly ring: (RequestLogEntry | undefined)[];
  private next = 0;
  private seq = 0;
  private readonly urlHashes: BoundedSet<string>;
  private readonly headerHashes: BoundedSet<string>;
  private readonly leakList: SecretLeak[] = [];
  private readonly lineRing: string[] = [];
  private total = 0;
  private readonly statusCounts = new Map<number, number>();
  // Header values such as Host or User-Agent repeat on every request; remembering their digest keeps the
  // per-request hashing cost to the values that actually change.
  private readonly digestCache = new Map<string, string>();
  private readonly candidateCache = new Map<string, ReadonlyArray<readonly [string, string]>>();

  public constructor(options: RequestLogOptions = {}) {
    this.capacity = options.capacity ?? 1000;
    this.ring = new Array(this.capacity);
    const hashCapacity = options.hashCapacity ?? 20000;
    this.urlHashes = new BoundedSet(hashCapacity);
    this.headerHashes = new BoundedSet(hashCapacity);
  }

  /** Total requests recorded since start (not bounded by the ring). */
  public get totalRequests(): number {
    return this.total;
  }

  /** Request counts by HTTP status. */
  public countsByStatus(): Record<string, number> {
    return Object.fromEntries([...this.statusCounts].map(([k, v]) => [String(k), v]));
  }

  /** The retained entries, oldest first. */
  public entries(): RequestLogEntry[] {
    const out: RequestLogEntry[] = [];
    for (let i = 0; i < this.capacity; i++) {
      const entry = this.ring[(this.next + i) % this.capacity];
      if (entry) out.push(entry);
    }
    return out;
  }

  /** Query-string credential use and live secrets in unexpected headers, oldest first (last 1000). */
  public leaks(): SecretLeak[] {
    return [...this.leakList];
  }

  /** Whether `secret` was ever seen in a URL, in an unexpected header, or appears in the log. */
  public secretSeen(secret: string): SecretSightings {
    const hash = hashSecret(secret);
    const inLog =
      this.entries().some((e) => JSON.stringify(e).includes(secret)) || this.lineRing.some((l) => l.includes(secret));
    return { inUrl: this.urlHashes.has(hash), inUnexpectedHeader: this.headerHashes.has(hash), inLog };
  }

  /** True when `secret` was seen in a URL, an unexpected header or the log. */
  public sawSecret(secret: string): boolean {
    const seen = this.secretSeen(secret);
    return seen.inUrl || seen.inUnexpectedHeader || seen.inLog;
  }

  /** Text log lines the emulator wrote (startup, errors, and request lines when verbose), last 200. */
  public lines(): string[] {
    return [...this.lineRing];
  }

  /** Records a free-text log line (must already be free of secrets; `secretSeen` checks it). */
  public addLine(line: string): void {
    this.lineRing.push(line);
    if (this.lineRing.length > 200) this.lineRing.shift();
  }

  /**
   * Notes the URL and headers of an incoming request: hashes every query value, path segment and
   * unexpected header value, and flags credential parameters in the query string as leaks.
   * `isLiveSecret` tells whether a value (given with its hash) is a live token or bearer (leak detection).
   * Returns the redacted URL and headers for the entry.
   */
  public observe(
    method: string,
    pathname: string,
    search: string,
    headers: IncomingHttpHeaders,
    at: number,
    isLiveSecret: (value: string, hash: string) => boolean,
  ): { url: string; headers: Record<string, string> } {
    for (const segment of pathname.split('/')) {
      if (segment.length >= MIN_SECRET_LENGTH) this.urlHashes.add(this.digest(safeDecode(segment)));
    }
    let redactedUrl = pathname;
    if (search !== '') {
      const redactedQuery = new URLSearchParams();
      const queryLeaks: string[] = [];
      for (const [name, value] of new URLSearchParams(search)) {
        const hash = value.length > 0 ? hashSecret(value) : '';
        if (hash) this.urlHashes.add(hash);
        const sensitive = CREDENTIAL_PARAMETERS.has(name.toLowerCase()) || (hash !== '' && isLiveSecret(value, hash));
        if (sensitive && value.length > 0) queryLeaks.push(name);
        redactedQuery.append(name, sensitive ? REDACTED : value);
      }
      const query = redactedQuery.toString();
      redactedUrl = pathname + (query ? `?${query.replace(/%5BREDACTED%5D/g, REDACTED)}` : '');
      for (const name of queryLeaks) this.pushLeak({ at, method, url: redactedUrl, where: 'query', name });
    }

    const redactedHeaders: Record<string, string> = {};
    for (const name in headers) {
      const raw = headers[name];
      if (raw === undefined) continue;
      const value = Array.isArray(raw) ? raw.join(', ') : raw;
      if (REDACTED_HEADERS.has(name)) {
        const scheme = /^(\w+)\s+\S/.exec(value);
        redactedHeaders[name] = name === 'authorization' && scheme ? `${scheme[1]} ${REDACTED}` : REDACTED;
        if (CREDENTIAL_HEADERS.has(name)) continue;
      }
      // Credentials are long (API tokens 43+ chars, bearers far more); shorter values are not tracked.
      if (value.length < MIN_SECRET_LENGTH) {
        if (!REDACTED_HEADERS.has(name)) redactedHeaders[name] = value;
        continue;
      }
      let leaked = false;
      for (const [candidate, hash] of this.candidateDigests(value)) {
        this.headerHashes.add(hash);
        if (isLiveSecret(candidate, hash)) leaked = true;
      }
      if (leaked) {
        redactedHeaders[name] = REDACTED;
        this.pushLeak({ at, method, url: redactedUrl, where: 'header', name });
      } else if (!REDACTED_HEADERS.has(name)) {
        redactedHeaders[name] = value;
      }
    }
    return { url: redactedUrl, headers: redactedHeaders };
  }

  /** Appends a finished request (sequence number assigned here). */
  public record(entry: Omit<RequestLogEntry, 'seq'>): RequestLogEntry {
    const full: RequestLogEntry = { seq: ++this.seq, ...entry };
    this.ring[this.next] = full;
    this.next = (this.next + 1) % this.capacity;
    this.total++;
    this.statusCounts.set(entry.status, (this.statusCounts.get(entry.status) ?? 0) + 1);
    return full;
  }

  /** Forgets entries, leaks, hashes and lines (counters are kept). */
  public clear(): void {
    this.ring.fill(undefined);
    this.next = 0;
    this.urlHashes.clear();
    this.headerHashes.clear();
    this.leakList.length = 0;
    this.lineRing.length = 0;
  }

  /**
   * Digests of a header value and of its long parts (a credential may sit inside e.g. `Cookie: a=<token>`).
   * Values such as Content-Type or User-Agent repeat on every request, so the list is remembered per value.
   */
  private candidateDigests(value: string): ReadonlyArray<readonly [candidate: string, digest: string]> {
    let digests = this.candidateCache.get(value);
    if (digests === undefined) {
      const candidates = new Set([value, ...value.split(/[\s,;=]+/).filter((p) => p.length >= MIN_SECRET_LENGTH)]);
      digests = [...candidates].map((candidate) => [candidate, this.digest(candidate)] as const);
      if (this.candidateCache.size >= 1000) this.candidateCache.clear();
      this.candidateCache.set(value, digests);
    }
    return digests;
  }

  private digest(value: string): string {
    let hash = this.digestCache.get(value);
    if (hash === undefined) {
      hash = hashSecret(value);
      if (this.digestCache.size >= 1000) this.digestCache.clear();
      this.digestCache.set(value, hash);
    }
    return hash;
  }

  private pushLeak(leak: SecretLeak): void {
    this.leakList.push(leak);
    if (this.leakList.length > 1000) this.leakList.shift();
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** One log line for an entry: `seq method url status ms route` (already redacted). */
export function formatLogEntry(entry: RequestLogEntry): string {
  const fault = entry.fault ? ` fault=${entry.fault}` : '';
  return `${entry.seq} ${entry.method} ${entry.url} ${entry.status} ${entry.durationMs}ms ${entry.route}${fault} rid=${entry.requestId}`;
}
