// Reading VCD answers, shared by the operation files of the client (tokens, service accounts, sessions): success,
// JSON bodies, entity references, URN checks. Failures are VcdErrors that name the request, never the body.
import { VcdError } from './errors';
import { HTML_PAGE_EXPLANATION, type HttpResponse, looksLikeHtml, requestIdOf } from './http-response';
import type { Operation } from './operation';
import type { VcdEntityRef } from './types';

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const URN_RE = /^urn:vcloud:[A-Za-z]+:[A-Za-z0-9._-]+$/;

export function isSuccess(res: HttpResponse): boolean {
  return res.status >= 200 && res.status < 300;
}

export function asVcdError(e: unknown, op?: Operation): VcdError {
  if (VcdError.isVcdError(e)) return e;
  if (op?.signal.aborted) return op.abortError();
  return new VcdError('VCD_NETWORK', 'Unexpected failure while talking to VCD.', { cause: e });
}

export function badResponse(res: HttpResponse, description: string, why: string): VcdError {
  // Not a VCD answer as VCD sends it: a proxy in between, a URL that reaches something else, or a VCD fault.
  return new VcdError('VCD_BAD_RESPONSE', `${description}: ${why}. Check that the URL reaches VCD's API directly (not a proxy or portal page), then retry.`, { status: res.status, method: res.method, path: res.path, requestId: requestIdOf(res) });
}

export function parseJson(res: HttpResponse, description: string): unknown {
  if (looksLikeHtml(res)) throw badResponse(res, description, HTML_PAGE_EXPLANATION);
  try {
    return JSON.parse(res.body);
  } catch {
    throw badResponse(res, description, 'the body is not valid JSON');
  }
}

export function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

export function toRef(x: unknown): VcdEntityRef | undefined {
  if (!isRecord(x) || typeof x.name !== 'string') return undefined;
  return { name: x.name, id: typeof x.id === 'string' ? x.id : '' };
}

export function isRef(x: VcdEntityRef | undefined): x is VcdEntityRef {
  return x !== undefined;
}

/**
 * The JWT's `exp` in ms since the epoch, when the token is a JWT with a numeric `exp`. Read only to know when a
 * session ends; the token is never trusted for anything else (VCD's signature cannot be checked here).
 */
export function jwtExpiryMs(token: string): number | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof claims.exp === 'number' && Number.isFinite(claims.exp) ? claims.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** Seconds until the JWT's `exp`, when the token is a JWT with a numeric `exp` in the future. */
export function jwtSecondsLeft(token: string, nowMs: number = Date.now()): number | undefined {
  const exp = jwtExpiryMs(token);
  if (exp === undefined) return undefined;
  const left = Math.floor((exp - nowMs) / 1000);
  return left > 0 ? left : undefined;
}

export function normalizeUrn(id: string, kind: string): string {
  if (typeof id === 'string' && URN_RE.test(id)) return id;
  throw new VcdError('VCD_INVALID_ARGUMENT', `A ${kind} id was expected, got something else (value not shown: it may be a secret); expected "urn:vcloud:${kind}:<uuid>".`);
}
