// One redaction layer for everything the client logs or throws. Secrets are wrapped in `Secret` as soon as they
// enter the process, and every value ever wrapped is remembered (process-wide), so even a server that echoes a
// token back in an error message cannot make us print it.
import { inspect } from 'node:util';

export const REDACTED = '[REDACTED]';

const SECRET_BRAND = Symbol.for('vcd-api-tokens.Secret');
const REGISTRY_KEY = Symbol.for('vcd-api-tokens.secretRegistry.v2');

/** Values shorter than this are not registered: redacting e.g. "abc" everywhere would mangle ordinary text. */
const MIN_REGISTERED_LENGTH = 8;
/** The registry keeps the most recent values only, so a long-running process does not grow without bound. */
const MAX_REGISTERED_VALUES = 10_000;

/** Registered value → its percent-encoded form (precomputed: redaction runs on every log line and error). */
function registry(): Map<string, string> {
  // Shared through globalThis so two installed copies of this package still redact each other's secrets.
  const g = globalThis as unknown as Record<symbol, Map<string, string> | undefined>;
  let map = g[REGISTRY_KEY];
  if (!map) {
    map = new Map<string, string>();
    g[REGISTRY_KEY] = map;
  }
  return map;
}

/** Remembers a secret value so `redactText` removes it wherever it shows up later. */
export function registerSecretValue(value: string): void {
  if (typeof value !== 'string' || value.length < MIN_REGISTERED_LENGTH) return;
  const map = registry();
  map.delete(value);
  map.set(value, encodeURIComponent(value));
  if (map.size > MAX_REGISTERED_VALUES) {
    const oldest = map.keys().next().value;
    if (oldest !== undefined) map.delete(oldest);
  }
}

/**
 * Forgets every registered value, as a new process would (in-process CLI tests: a value registered by an
 * earlier run must not redact, and so hide, a leak in a later one).
 */
export function forgetSecretValues(): void {
  registry().clear();
}

/**
 * A secret string (password, API token, bearer, assertion). `reveal()` is the only way to read it; every
 * serialisation (`String()`, `JSON.stringify`, `util.inspect`, template literals) gives `[REDACTED]`.
 */
export class Secret {
  /** Brand check that works across duplicate installs of this package. */
  public static isSecret(x: unknown): x is Secret {
    return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[SECRET_BRAND] === true;
  }

  /** Wraps a string (or passes a Secret through). */
  public static from(value: string | Secret): Secret {
    return Secret.isSecret(value) ? value : new Secret(value);
  }

  readonly #value: string;

  public constructor(value: string) {
    if (typeof value !== 'string') throw new TypeError('[vcd-api-tokens] Secret value must be a string');
    this.#value = value;
    registerSecretValue(value);
    Object.defineProperty(this, SECRET_BRAND, { value: true, enumerable: false });
  }

  /** The secret value. Call this only where the value is sent to VCD or written to the designated token file. */
  public reveal(): string {
    return this.#value;
  }

  public get length(): number {
    return this.#value.length;
  }

  public toString(): string {
    return REDACTED;
  }

  public toJSON(): string {
    return REDACTED;
  }

  public [inspect.custom](): string {
    return REDACTED;
  }

  public [Symbol.toPrimitive](): string {
    return REDACTED;
  }
}

/** Header names whose whole value is secret. `authorization` keeps its scheme (see `redactHeaders`). */
const SECRET_HEADERS = new Set([
  'x-vmware-vcloud-access-token',
  'x-vcloud-authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
]);

/** Form, query and JSON field names whose values are secret. */
export const SECRET_FIELDS: readonly string[] = [
  'refresh_token',
  'access_token',
  'assertion',
  'device_code',
  'client_secret',
  'password',
  'apiToken',
  'api_token',
  'token',
];

const FIELD_ALTERNATION = SECRET_FIELDS.join('|');
/** `name=value` in forms and query strings. */
const FORM_FIELD_RE = new RegExp(`(^|[?&\\s;,])(${FIELD_ALTERNATION})=([^&\\s"']*)`, 'gi');
/** `"name": "value"` in JSON. */
const JSON_FIELD_RE = new RegExp(`("(?:${FIELD_ALTERNATION})"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, 'gi');
/** `Bearer xxx` / `Basic xxx` anywhere in text. */
const AUTH_SCHEME_RE = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
/** Anything shaped like a JWT (header.payload.signature, base64url). */
const JWT_RE = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
/** Credentials embedded in URLs: scheme://user:pass@host. */
const URL_USERINFO_RE = /([a-z][a-z0-9+.-]*:\/\/)[^/\s@]+@/gi;

/**
 * Removes every known secret shape and every registered secret value from free text (server messages,
 * error messages, log lines).
 */
export function redactText(text: string): string {
  if (typeof text !== 'string' || text.length === 0) return text;
  let out = text;
  // Registered values first, longest first, so a value that contains another is removed whole.
  const hits: string[] = [];
  for (const [v, enc] of registry()) {
    if (out.includes(v)) hits.push(v);
    // Also the percent-encoded form (a value that reached a URL or a form body).
    if (enc !== v && out.includes(enc)) hits.push(enc);
  }
  hits.sort((a, b) => b.length - a.length);
  for (const v of hits) out = out.split(v).join(REDACTED);
  out = out.replace(URL_USERINFO_RE, '$1[REDACTED]@');
  out = out.replace(AUTH_SCHEME_RE, (_m, scheme: string) => `${scheme} ${REDACTED}`);
  out = out.replace(JWT_RE, REDACTED);
  out = out.replace(FORM_FIELD_RE, (_m, pre: string, name: string) => `${pre}${name}=${REDACTED}`);
  out = out.replace(JSON_FIELD_RE, (_m, pre: string) => `${pre}"${REDACTED}"`);
  return out;
}

export type HeaderValue = string | readonly string[] | number | undefined;

/**
 * A redacted copy of a header map (the input is not changed). `Authorization` keeps its scheme only
 * ("Bearer [REDACTED]"), token headers and cookies are replaced, every other value goes through `redactText`.
 */
export function redactHeaders(headers: Readonly<Record<string, HeaderValue>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers)) {
    if (raw === undefined) continue;
    const value = Array.isArray(raw) ? raw.join(', ') : String(raw);
    const lower = name.toLowerCase();
    if (lower === 'authorization') {
      const scheme = /^\s*(\S+)\s+\S/.exec(value)?.[1];
      out[name] = scheme ? `${scheme} ${REDACTED}` : REDACTED;
    } else if (SECRET_HEADERS.has(lower)) {
      out[name] = REDACTED;
    } else {
      out[name] = redactText(value);
    }
  }
  return out;
}

/** A redacted URL: user-info removed, secret query parameters replaced, registered values removed. */
export function redactUrl(url: string | URL): string {
  const text = typeof url === 'string' ? url : url.toString();
  let parsed: URL | undefined;
  try {
    parsed = new URL(text, 'https://placeholder.invalid');
  } catch {
    return redactText(text);
  }
  const relative = typeof url === 'string' && !/^[a-z][a-z0-9+.-]*:/i.test(url);
  if (parsed.username || parsed.password) {
    parsed.username = '';
    parsed.password = '';
  }
  const secretNames = new Set(SECRET_FIELDS.map((f) => f.toLowerCase()));
  const params = [...parsed.searchParams.keys()];
  let touched = false;
  for (const key of params) {
    if (secretNames.has(key.toLowerCase())) {
      parsed.searchParams.set(key, 'REDACTED');
      touched = true;
    }
  }
  let out = relative ? `${parsed.pathname}${parsed.search}${parsed.hash}` : parsed.toString();
  if (touched) out = out.replace(/=REDACTED\b/g, `=${REDACTED}`);
  return redactText(out);
}

/** A redacted form body (`application/x-www-form-urlencoded`): secret fields keep their name only. */
export function redactForm(form: string | URLSearchParams): string {
  const params = typeof form === 'string' ? new URLSearchParams(form) : new URLSearchParams(form);
  const secretNames = new Set(SECRET_FIELDS.map((f) => f.toLowerCase()));
  const parts: string[] = [];
  for (const [k, v] of params) {
    parts.push(`${encodeURIComponent(k)}=${secretNames.has(k.toLowerCase()) ? REDACTED : encodeURIComponent(redactText(v))}`);
  }
  return parts.join('&');
}

/** True when `text` contains a registered secret value (used by tests and by defensive checks before logging). */
export function containsRegisteredSecret(text: string): boolean {
  for (const v of registry().keys()) if (text.includes(v)) return true;
  return false;
}
