// Sends one logical request: headers every VCD request carries, bounded retries for idempotent methods,
// network-error classification, and redacted debug events. It returns every HTTP answer (2xx or not); the
// operations decide what a status means.
import { randomUUID } from 'node:crypto';
import type { Dispatcher } from 'undici';
import { VcdError } from './errors';
import type { HttpResponse } from './http-response';
import { header } from './http-response';
import { Operation } from './operation';
import { redactHeaders, redactUrl } from './redaction';
import { RETRYABLE_STATUSES, type RetryPolicy, abortableSleep, retryDelayMs } from './retry-policy';
import { LIBRARY_SETTING_NAMES, type VcdSettingNames } from './setting-names';

/** A debug event. URL and headers are redacted; events never carry bodies. */
export interface VcdClientEvent {
  readonly type: 'request' | 'response' | 'retry' | 'warning';
  readonly method?: string;
  /** Redacted URL. */
  readonly url?: string;
  readonly status?: number;
  /** Attempt number, from 1. */
  readonly attempt?: number;
  /** Elapsed ms of the attempt (response) or the wait before the next attempt (retry). */
  readonly ms?: number;
  /** Human-readable text (warnings, retry reasons); redacted. */
  readonly message?: string;
  /** Request headers (request events only), redacted: `Authorization` keeps only its scheme. */
  readonly headers?: Readonly<Record<string, string>>;
}

export type VcdLogger = (event: VcdClientEvent) => void;

export interface RequestSpec {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path with query, already including the endpoint prefix. */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface TransportSettings {
  readonly origin: string;
  readonly dispatcher: Dispatcher;
  readonly retry: RetryPolicy;
  readonly userAgent: string;
  readonly headersTimeoutMs: number;
  readonly bodyTimeoutMs: number;
  readonly logger?: VcdLogger;
  /** Response bodies larger than this are refused (VCD answers are small). @default 8 MiB */
  readonly maxBodyBytes?: number;
  /** @default Math.random */
  readonly random?: () => number;
  /** What messages call the CA, insecure and timeout settings. @default LIBRARY_SETTING_NAMES */
  readonly settingNames?: VcdSettingNames;
}

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'EPROTO',
]);
const RETRYABLE_NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

function errorCodes(err: unknown): string[] {
  const codes: string[] = [];
  let e: unknown = err;
  for (let i = 0; i < 5 && e && typeof e === 'object'; i++) {
    const c = (e as { code?: unknown }).code;
    if (typeof c === 'string') codes.push(c);
    e = (e as { cause?: unknown }).cause;
  }
  return codes;
}

/**
 * The methods the transport retries: GET and DELETE. PUT is idempotent by HTTP's definition too, but VCD's PUTs
 * replace whole objects (service accounts): one sent after another client's change would undo it.
 */
export function isRetriedMethod(method: string): boolean {
  return method === 'GET' || method === 'DELETE';
}

/**
 * Maps a thrown transport error (not an HTTP answer) to a VcdError whose message names the VCD address and
 * what to change, in the reader's terms (`names`).
 */
export function classifyNetworkError(
  err: unknown,
  op: Operation,
  method: string,
  path: string,
  origin = 'VCD',
  names: VcdSettingNames = LIBRARY_SETTING_NAMES,
): VcdError {
  if (VcdError.isVcdError(err)) return err;
  if (op.signal.aborted) return op.abortError(method, path);
  const codes = errorCodes(err);
  const idempotent = isRetriedMethod(method);
  const tls = codes.find((c) => TLS_CODES.has(c) || c.startsWith('ERR_SSL_') || c.startsWith('ERR_TLS_'));
  if (tls) {
    return new VcdError(
      'VCD_TLS',
      `The TLS connection to ${origin} failed (${tls}): the server certificate is not trusted or does not match the host name. Give the CA that signed it with ${names.caFile}; only for throw-away labs turn verification off with ${names.insecure}.`,
      { method, path, cause: err },
    );
  }
  const timeout = codes.find((c) => c === 'UND_ERR_HEADERS_TIMEOUT' || c === 'UND_ERR_CONNECT_TIMEOUT' || c === 'UND_ERR_BODY_TIMEOUT');
  const ambiguity = idempotent ? '' : ' The request may or may not have been processed by VCD.';
  if (timeout) {
    const phase = timeout === 'UND_ERR_CONNECT_TIMEOUT' ? 'connecting' : timeout === 'UND_ERR_HEADERS_TIMEOUT' ? 'waiting for the response headers' : 'reading the response body';
    return new VcdError('VCD_TIMEOUT', `${origin} did not answer in time (timed out ${phase}).${ambiguity} If VCD is known to be slow, raise ${names.timeout}.`, {
      method,
      path,
      cause: err,
      retryable: idempotent,
    });
  }
  const known = codes.find((c) => RETRYABLE_NETWORK_CODES.has(c));
  const msg = err instanceof Error ? err.message : String(err);
  const hangUp = /socket hang up|other side closed/i.test(msg);
  const code = known ?? codes[0] ?? (hangUp ? 'socket hang up' : 'network error');
  return new VcdError(
    'VCD_NETWORK',
    `The connection to ${origin} failed (${code}${explainNetworkCode(code, origin)}).${ambiguity} Retry; if it keeps failing, check the network path to VCD (proxy, firewall, load balancer).`,
    { method, path, cause: err, retryable: idempotent && (known !== undefined || hangUp) },
  );
}

/** What a connection errno means for the user, naming the host it concerns. */
function explainNetworkCode(code: string, origin: string): string {
  let host = origin;
  try {
    host = new URL(origin).host;
  } catch {
    // not a URL: keep the text
  }
  switch (code) {
    case 'ENOTFOUND':
      return `: the host name of ${host} does not resolve; check the VCD URL`;
    case 'EAI_AGAIN':
      return `: the host name of ${host} could not be resolved (DNS did not answer); check the VCD URL and DNS`;
    case 'ECONNREFUSED':
      return `: nothing accepts connections at ${host}; check the VCD URL and port`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `: ${host} cannot be reached from this network`;
    default:
      return '';
  }
}

export class VcdTransport {
  readonly #s: TransportSettings;

  public constructor(settings: TransportSettings) {
    this.#s = settings;
  }

  public get logger(): VcdLogger | undefined {
    return this.#s.logger;
  }

  public emit(event: VcdClientEvent): void {
    if (!this.#s.logger) return;
    try {
      this.#s.logger(event);
    } catch {
      // A failing logger must never break a token operation.
    }
  }

  /**
   * Sends the request. GET and DELETE are retried on 429/502/503/504 and connection errors; POST exactly once.
   * Returns the final HTTP answer; throws VcdError for transport failures, timeouts and aborts.
   */
  public async send(spec: RequestSpec, op: Operation): Promise<HttpResponse> {
    const idempotent = isRetriedMethod(spec.method);
    const maxAttempts = idempotent ? this.#s.retry.maxAttempts : 1;
    // Redacting costs a scan per request; only debug events carry the URL.
    const url = this.#s.logger ? redactUrl(`${this.#s.origin}${spec.path}`) : undefined;
    for (let attempt = 1; ; attempt++) {
      if (op.signal.aborted) throw op.abortError(spec.method, spec.path);
      const started = Date.now();
      if (this.#s.logger) this.emit({ type: 'request', method: spec.method, url, attempt, headers: redactHeaders(spec.headers ?? {}) });
      let res: HttpResponse;
      try {
        res = await this.#once(spec, op);
      } catch (err) {
        const e = classifyNetworkError(err, op, spec.method, spec.path, this.#s.origin, this.#s.settingNames);
        if (idempotent && e.retryable && attempt < maxAttempts && (e.code === 'VCD_NETWORK' || e.code === 'VCD_TIMEOUT') && !op.signal.aborted) {
          const wait = retryDelayMs(this.#s.retry, attempt, undefined, this.#s.random);
          this.emit({ type: 'retry', method: spec.method, url, attempt, ms: wait, message: e.message });
          await this.#sleep(wait, op, spec);
          continue;
        }
        throw e;
      }
      if (this.#s.logger) this.emit({ type: 'response', method: spec.method, url, status: res.status, attempt, ms: Date.now() - started });
      if (idempotent && RETRYABLE_STATUSES.has(res.status) && attempt < maxAttempts) {
        const wait = retryDelayMs(this.#s.retry, attempt, header(res, 'retry-after'), this.#s.random);
        this.emit({ type: 'retry', method: spec.method, url, status: res.status, attempt, ms: wait, message: `HTTP ${res.status}` });
        await this.#sleep(wait, op, spec);
        continue;
      }
      return res;
    }
  }

  async #sleep(ms: number, op: Operation, spec: RequestSpec): Promise<void> {
    try {
      await abortableSleep(ms, op.signal);
    } catch {
      throw op.abortError(spec.method, spec.path);
    }
  }

  async #once(spec: RequestSpec, op: Operation): Promise<HttpResponse> {
    const headers: Record<string, string> = {
      'user-agent': this.#s.userAgent,
      'x-vmware-vcloud-client-request-id': newRequestId(),
      ...lowerCaseKeys(spec.headers ?? {}),
    };
    const res = await this.#s.dispatcher.request({
      origin: this.#s.origin,
      path: spec.path,
      method: spec.method,
      headers,
      body: spec.body,
      signal: op.signal,
      headersTimeout: this.#s.headersTimeoutMs,
      bodyTimeout: this.#s.bodyTimeoutMs,
    });
    const limit = this.#s.maxBodyBytes ?? 8 * 1024 * 1024;
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body) {
      const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      size += buf.length;
      if (size > limit) {
        res.body.destroy();
        throw new VcdError('VCD_BAD_RESPONSE', `VCD's response is larger than ${limit} bytes; refusing to read it.`, {
          status: res.statusCode,
          method: spec.method,
          path: spec.path,
        });
      }
      chunks.push(buf);
    }
    await connectionBackInPool();
    return {
      status: res.statusCode,
      headers: res.headers as Record<string, string | string[] | undefined>,
      body: Buffer.concat(chunks).toString('utf8'),
      method: spec.method,
      path: spec.path,
    };
  }
}

/**
 * Resolves once undici has put the connection of the response just read back into its pool. With HTTP/1.1
 * and no pipelining, undici marks a connection reusable only one event-loop turn after the response ended
 * (`setImmediate`, to notice a server that closes despite keep-alive). Our callers read the body and send the
 * next request within the same turn, so without this wait the pool sees its only connection as busy and opens
 * a second TLS connection for the next request of the same flow. Waiting one turn here costs microseconds;
 * a handshake costs a round trip and server CPU.
 */
function connectionBackInPool(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function lowerCaseKeys(h: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) out[k.toLowerCase()] = v;
  return out;
}

export function newRequestId(): string {
  return `vcd-api-tokens-${randomUUID()}`;
}
