// HTTP for the CI secret stores, with the project's transport rules: undici (the client's dispatcher: keep-alive,
// TLS verification with NODE_EXTRA_CA_CERTS, proxy variables), a timeout on connect, headers and body, and a
// deadline per request; only GETs are retried (429/502/503/504 and connection errors, backoff with jitter,
// Retry-After capped); a PUT or POST is sent exactly once, because a second one could overwrite a newer value.
// Every answer is returned (the stores decide what a status means); transport failures become StoreErrors. The
// debug log carries method, redacted URL and status only: never headers or bodies (the store token and the
// sealed or plain secret travel there).
import { readFileSync } from 'node:fs';
import type { Dispatcher } from 'undici';
import { createDispatcher } from '../client/dispatcher';
import { redactText, redactUrl } from '../client/redaction';
import { resolveRetryPolicy, retryDelayMs, RETRYABLE_STATUSES, type RetryPolicy } from '../client/retry-policy';
import { defaultUserAgent } from '../client/user-agent';
import { isLoopbackHost } from '../client/vcd-url';
import { StoreError } from './store-error';

export interface StoreHttpSettings {
  /** The API base, e.g. `https://api.github.com` or `https://gitlab.example.com/api/v4`. */
  readonly baseUrl: string;
  /** The store kind, for messages. */
  readonly store: string;
  /** Headers of every request (authentication, media type). */
  readonly headers: Readonly<Record<string, string>>;
  /** PEM CA certificate(s) to trust besides the system roots (a GitHub Enterprise or GitLab behind a private CA, tests). @default - system roots and NODE_EXTRA_CA_CERTS */
  readonly ca?: string;
  /** Per-request timeout for connecting, the headers and the body, in ms. @default 30000 */
  readonly timeoutMs?: number;
  /** Retries of GETs. @default 4 attempts */
  readonly retry?: { readonly maxAttempts?: number; readonly baseDelayMs?: number };
  /** One redacted line per request and answer (--debug). @default - no logging */
  readonly debugLog?: (line: string) => void;
  /** Environment for proxy and CA variables. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

export interface StoreResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  readonly json: unknown;
}

const MAX_BODY_BYTES = 1024 * 1024;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class StoreHttp {
  readonly #settings: StoreHttpSettings;
  readonly #origin: string;
  readonly #basePath: string;
  readonly #dispatcher: Dispatcher;
  readonly #retry: RetryPolicy;
  readonly #timeoutMs: number;

  constructor(settings: StoreHttpSettings) {
    let url: URL;
    try {
      url = new URL(settings.baseUrl);
    } catch {
      throw new StoreError('STORE_INVALID_ARGUMENT', `The ${settings.store} API URL ${JSON.stringify(settings.baseUrl.slice(0, 100))} is not an absolute URL.`, { store: settings.store });
    }
    if (url.protocol !== 'https:' || url.username || url.password || url.search) {
      throw new StoreError('STORE_INVALID_ARGUMENT', `The ${settings.store} API URL must be https, without credentials or query (got ${redactUrl(url.origin)}).`, { store: settings.store });
    }
    this.#settings = settings;
    this.#origin = url.origin;
    this.#basePath = url.pathname.replace(/\/+$/, '');
    this.#timeoutMs = settings.timeoutMs ?? 30_000;
    this.#retry = resolveRetryPolicy(settings.retry ?? {});
    const loopback = isLoopbackHost(url.hostname);
    const ca = settings.ca ?? extraCaCerts(settings.env);
    this.#dispatcher = createDispatcher(
      { origin: url.origin, prefix: '', hostname: url.hostname, loopback },
      { ...(ca !== undefined ? { ca } : {}), connectTimeoutMs: this.#timeoutMs, headersTimeoutMs: this.#timeoutMs, bodyTimeoutMs: this.#timeoutMs, proxy: 'env', connections: 1, env: settings.env },
    );
  }

  /** `path` is relative to the base URL's path and already encoded. */
  async request(method: 'GET' | 'PUT' | 'POST', path: string, body?: unknown): Promise<StoreResponse> {
    const fullPath = `${this.#basePath}${path}`;
    const where = redactUrl(`${this.#origin}${fullPath}`);
    const maxAttempts = method === 'GET' ? this.#retry.maxAttempts : 1;
    for (let attempt = 1; ; attempt++) {
      this.#log(`[request] ${method} ${where} attempt=${attempt}`);
      let res: StoreResponse;
      try {
        res = await this.#once(method, fullPath, body);
      } catch (err) {
        const failure = this.#transportError(err, method, where);
        if (method === 'GET' && attempt < maxAttempts) {
          const wait = retryDelayMs(this.#retry, attempt, undefined);
          this.#log(`[retry] ${method} ${where} ${failure.code} wait=${wait}ms`);
          await sleep(wait);
          continue;
        }
        throw failure;
      }
      this.#log(`[response] ${method} ${where} ${res.status}`);
      if (method === 'GET' && RETRYABLE_STATUSES.has(res.status) && attempt < maxAttempts) {
        const retryAfter = res.headers['retry-after'];
        const wait = retryDelayMs(this.#retry, attempt, typeof retryAfter === 'string' ? retryAfter : undefined);
        this.#log(`[retry] ${method} ${where} HTTP ${res.status} wait=${wait}ms`);
        await sleep(wait);
        continue;
      }
      return res;
    }
  }

  async close(): Promise<void> {
    await this.#dispatcher.close();
  }

  async #once(method: string, path: string, body: unknown): Promise<StoreResponse> {
    const headers: Record<string, string> = { 'user-agent': defaultUserAgent(), ...this.#settings.headers };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await this.#dispatcher.request({
      origin: this.#origin,
      path,
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      headersTimeout: this.#timeoutMs,
      bodyTimeout: this.#timeoutMs,
      // A whole request (all phases) is bounded too: a server that trickles bytes cannot hold it forever.
      signal: AbortSignal.timeout(this.#timeoutMs * 3),
    });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body) {
      const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      size += buf.length;
      if (size > MAX_BODY_BYTES) {
        res.body.destroy();
        throw new StoreError('STORE_BAD_RESPONSE', `The ${this.#settings.store} API answered more than ${MAX_BODY_BYTES} bytes; refusing to read it.`, { store: this.#settings.store, status: res.statusCode });
      }
      chunks.push(buf);
    }
    const text = Buffer.concat(chunks).toString('utf8');
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.statusCode, headers: res.headers as StoreResponse['headers'], text, json };
  }

  #transportError(err: unknown, method: string, where: string): StoreError {
    if (err instanceof StoreError) return err;
    const codes: string[] = [];
    for (let e: unknown = err, i = 0; e && typeof e === 'object' && i < 5; e = (e as { cause?: unknown }).cause, i++) {
      // undici errors carry a string code; the whole-request deadline aborts with a DOMException named TimeoutError.
      for (const c of [(e as { code?: unknown }).code, (e as { name?: unknown }).name]) if (typeof c === 'string' && c !== 'Error') codes.push(c);
    }
    const store = this.#settings.store;
    const ambiguous = method === 'GET' ? '' : ' The write may or may not have been applied.';
    if (codes.some((c) => /TIMEOUT|TimeoutError|AbortError/i.test(c))) {
      return new StoreError('STORE_TIMEOUT', `The ${store} API did not answer ${method} ${where} within ${this.#timeoutMs} ms.${ambiguous}`, { store, cause: err, writeMayHaveLanded: method !== 'GET' });
    }
    const tls = codes.find((c) => /CERT|SSL|TLS|EPROTO/.test(c));
    if (tls) {
      return new StoreError('STORE_UNAVAILABLE', `The TLS connection to the ${store} API failed (${tls}): its certificate is not trusted. Add the CA that signed it to NODE_EXTRA_CA_CERTS.`, { store, cause: err });
    }
    return new StoreError('STORE_UNAVAILABLE', `The connection to the ${store} API failed (${codes[0] ?? 'network error'}) on ${method} ${where}.${ambiguous}`, { store, cause: err, writeMayHaveLanded: method !== 'GET' });
  }

  #log(line: string): void {
    this.#settings.debugLog?.(redactText(line));
  }
}

/**
 * NODE_EXTRA_CA_CERTS of the given environment, read here rather than left to Node: Node reads it once at process
 * start from the process's own environment, which is not the command's when vcd-token runs in-process (the main
 * job, tests). Unreadable is ignored, as Node does.
 */
function extraCaCerts(env: NodeJS.ProcessEnv | undefined): string | undefined {
  const file = (env ?? process.env).NODE_EXTRA_CA_CERTS;
  if (!file) return undefined;
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The API's own message from an error answer (GitHub `message`, GitLab `message`/`error`), short and redacted. */
export function apiMessage(res: StoreResponse): string {
  const doc = res.json as { message?: unknown; error?: unknown; error_description?: unknown } | undefined;
  let message: string;
  if (doc && typeof doc === 'object') {
    const parts = [doc.message, doc.error, doc.error_description].filter((p) => p !== undefined).map((p) => (typeof p === 'string' ? p : JSON.stringify(p)));
    message = parts.join(': ');
  } else {
    message = res.text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  }
  message = redactText(message);
  return message.length > 300 ? `${message.slice(0, 300)}…` : message || '(no message)';
}

export interface StoreErrorHints {
  /** What a 401 means and what to do (which variable holds the token). */
  readonly unauthorized: string;
  /** What a 403 means: the permission or scope needed. */
  readonly forbidden: string;
  /** What a 404 means: which repository/project/environment the token cannot see. */
  readonly notFound: string;
}

/** The StoreError for an answer the store did not expect, by status. */
export function storeErrorFromResponse(store: string, res: StoreResponse, action: string, secretName: string, hints: StoreErrorHints): StoreError {
  const said = `${res.status} ${apiMessage(res)}`;
  const options = { store, status: res.status, secretName };
  const rateLimited = res.status === 429 || (res.status === 403 && (res.headers['x-ratelimit-remaining'] === '0' || /rate limit/i.test(said)));
  if (rateLimited) return new StoreError('STORE_UNAVAILABLE', `${action} was rate-limited by the ${store} API (${said}). Retry later.`, options);
  if (res.status === 401) return new StoreError('STORE_AUTH_FAILED', `${action} failed: the ${store} API refused the token (${said}). ${hints.unauthorized}`, options);
  if (res.status === 403) return new StoreError('STORE_FORBIDDEN', `${action} failed: the ${store} API says the token may not do this (${said}). ${hints.forbidden}`, options);
  if (res.status === 404) return new StoreError('STORE_NOT_FOUND', `${action} failed: not found (${said}). ${hints.notFound}`, options);
  if (res.status === 400 || res.status === 409 || res.status === 422) return new StoreError('STORE_REJECTED', `${action} failed: the ${store} API rejected the request (${said}).`, options);
  if (res.status >= 500) return new StoreError('STORE_UNAVAILABLE', `${action} failed: the ${store} API is unavailable (${said}). Retry later.`, options);
  return new StoreError('STORE_BAD_RESPONSE', `${action} failed: unexpected answer from the ${store} API (${said}).`, options);
}
