// Turns VCD's error answers (cloudapi JSON, legacy XML <Error>, OAuth bodies, empty 401s, HTML pages from
// proxies) into typed VcdErrors. Server messages are kept (redacted, shortened) because they help; bodies
// are never echoed whole, and HTML is never echoed at all.
import { VcdError, type VcdErrorCode } from './errors';
import { HTML_PAGE_EXPLANATION, type HttpResponse, contentTypeOf, looksLikeHtml, requestIdOf } from './http-response';
import { RETRYABLE_STATUSES } from './retry-policy';
import { redactText } from './redaction';
import type { VcdAuthMethod } from './types';

/** Which client operation a response belongs to; decides how ambiguous statuses (401/403/404) are read. */
export type VcdOperationKind =
  | 'versions'
  | 'login'
  | 'register'
  | 'grant'
  | 'exchange'
  | 'listTokens'
  | 'getToken'
  | 'revoke'
  | 'whoami'
  | 'verify'
  | 'logout'
  | 'rights'
  /** Register, device authorization, grant, deny, update, revoke, delete of service accounts. */
  | 'serviceAccountManage'
  /** Reading one service account by id (VCD answers 403 for a missing one). */
  | 'serviceAccountGet'
  | 'serviceAccountList'
  | 'task';

export interface ErrorMappingContext {
  readonly operation: VcdOperationKind;
  /** Human description for messages, e.g. 'Logging in as "automation@acme"'. */
  readonly description: string;
  readonly authMethod?: VcdAuthMethod;
}

export interface ParsedErrorBody {
  readonly kind: 'json' | 'xml' | 'html' | 'empty' | 'other';
  readonly minorErrorCode?: string;
  readonly message?: string;
}

const MAX_MESSAGE = 300;

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > MAX_MESSAGE ? `${oneLine.slice(0, MAX_MESSAGE)}…` : oneLine;
}

function xmlAttr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\b${name}\\s*=\\s*"([^"]*)"`).exec(tag) ?? new RegExp(`\\b${name}\\s*=\\s*'([^']*)'`).exec(tag);
  if (!m?.[1]) return undefined;
  return m[1].replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

export function parseErrorBody(res: HttpResponse): ParsedErrorBody {
  if (res.body.trim() === '') return { kind: 'empty' };
  if (looksLikeHtml(res)) return { kind: 'html' };
  const ct = contentTypeOf(res);
  const trimmed = res.body.trim();
  if (ct.includes('json') || trimmed.startsWith('{')) {
    try {
      const j = JSON.parse(trimmed) as Record<string, unknown>;
      if (j && typeof j === 'object') {
        const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
        return {
          kind: 'json',
          minorErrorCode: str(j.minorErrorCode) ?? str(j.error),
          message: str(j.message) ?? str(j.error_description),
        };
      }
    } catch {
      return { kind: 'other' };
    }
  }
  if (ct.includes('xml') || trimmed.startsWith('<')) {
    const tag = /<(?:[\w-]+:)?Error\b[^>]*>/.exec(trimmed)?.[0];
    if (tag) return { kind: 'xml', minorErrorCode: xmlAttr(tag, 'minorErrorCode'), message: xmlAttr(tag, 'message') };
    return { kind: 'xml' };
  }
  return { kind: 'other' };
}

function isInvalidGrant(body: ParsedErrorBody): boolean {
  return body.minorErrorCode?.toLowerCase() === 'invalid_grant' || /invalid refresh token/i.test(body.message ?? '');
}

const SERVICE_ACCOUNT_TOKEN_SESSION_MESSAGE =
  'VCD refuses to manage service accounts from a session made from an API token or a service account; log in with a password as a System administrator (with "Manage Service Accounts") or an org administrator (with "View Service Accounts" and "Manage Service Accounts").';

const TOKEN_SESSION_MESSAGE =
  'VCD refuses token creation from a session made from an API token; log in with a password (a user with the "API Tokens: Manage" right) to create tokens.';

/** The VcdError for a non-2xx response. */
export function errorFromResponse(res: HttpResponse, ctx: ErrorMappingContext): VcdError {
  const body = parseErrorBody(res);
  const status = res.status;
  const serverSays = body.message || body.minorErrorCode
    ? ` VCD says: ${body.minorErrorCode ? `${body.minorErrorCode} - ` : ''}${shorten(redactText(body.message ?? ''))}`
    : '';
  const base = { status, minorErrorCode: body.minorErrorCode, method: res.method, path: res.path, requestId: requestIdOf(res) };
  const make = (code: VcdErrorCode, why: string, retryable = false): VcdError =>
    new VcdError(code, `${ctx.description} failed: ${why}`, { ...base, retryable });

  if (body.kind === 'html') {
    const code: VcdErrorCode = status >= 500 ? 'VCD_SERVER_ERROR' : status === 429 ? 'VCD_RATE_LIMITED' : 'VCD_BAD_RESPONSE';
    return make(code, `HTTP ${status}; ${HTML_PAGE_EXPLANATION}. Check the VCD URL and any proxy in between.`, RETRYABLE_STATUSES.has(status));
  }

  const isGrantOp = ctx.operation === 'exchange' || ctx.operation === 'grant';
  if (isGrantOp && isInvalidGrant(body)) {
    return make(
      'VCD_INVALID_GRANT',
      ctx.operation === 'exchange'
        ? `HTTP ${status}: VCD rejected the API token (revoked, unknown, or issued for another org).${serverSays} Create a new API token, or check the org name.`
        : `HTTP ${status}: VCD rejected the initial token grant.${serverSays}`,
    );
  }

  switch (status) {
    case 401:
      if (ctx.operation === 'login') {
        return make('VCD_AUTH_FAILED', `HTTP 401: VCD refused the credentials (wrong user, org or password, or the account is disabled or locked).${serverSays} Check the user name, the org and the password; an org administrator can tell whether the account is locked.`);
      }
      if (ctx.operation === 'exchange') {
        return make('VCD_INVALID_GRANT', `HTTP 401: VCD rejected the API token.${serverSays} Create a new API token, or check the org name.`);
      }
      return make('VCD_AUTH_FAILED', `HTTP 401: the session was not accepted (it expired, was logged out, or the API token it came from was revoked).${serverSays} Log in or exchange the API token again.`);
    case 403:
      if (ctx.operation === 'serviceAccountManage') {
        if (ctx.authMethod === 'apiToken' || ctx.authMethod === 'serviceAccount') {
          return make('VCD_TOKEN_SESSION_FORBIDDEN', `HTTP 403: ${SERVICE_ACCOUNT_TOKEN_SESSION_MESSAGE}${serverSays}`);
        }
        return make(
          'VCD_MISSING_RIGHT',
          `HTTP 403: managing service accounts needs "Manage Service Accounts" (org users also "View Service Accounts", both in their role and in a rights bundle published to the org), and an org user may act only in their own org; VCD gives the same answer for a service account that does not exist.${serverSays}`,
        );
      }
      if (ctx.operation === 'serviceAccountGet') {
        return make('VCD_NOT_FOUND', `HTTP 403: the service account does not exist or is not visible to this user (VCD answers 403 for both; seeing it needs "View Service Accounts").${serverSays}`);
      }
      if (ctx.operation === 'serviceAccountList') {
        return make('VCD_MISSING_RIGHT', `HTTP 403: listing service accounts needs "View Service Accounts", "Manage Service Accounts" or "Limited Service Accounts View".${serverSays}`);
      }
      if (ctx.operation === 'register' || ctx.operation === 'grant') {
        if (ctx.authMethod === 'apiToken' || ctx.authMethod === 'serviceAccount' || /authenticated with an api token|(made|created|derived) from an api token|token session/i.test(body.message ?? '')) {
          return make('VCD_TOKEN_SESSION_FORBIDDEN', `HTTP 403: ${TOKEN_SESSION_MESSAGE}${serverSays}`);
        }
        return make('VCD_MISSING_RIGHT', `HTTP 403: the user lacks the right "API Tokens: Manage" (published to the org through a rights bundle and granted by the user's role).${serverSays}`);
      }
      if (ctx.operation === 'getToken') {
        return make('VCD_NOT_FOUND', `HTTP 403: the token does not exist or is not visible to this user (VCD answers 403 for both).${serverSays}`);
      }
      if (ctx.operation === 'listTokens') {
        return make('VCD_MISSING_RIGHT', `HTTP 403: the user may not list tokens (needs "API Tokens: Manage"; sessions made from API tokens cannot view other tokens).${serverSays}`);
      }
      return make('VCD_FORBIDDEN', `HTTP 403: VCD refused the request (missing right, or the object does not exist).${serverSays}`);
    case 404:
      if (ctx.operation === 'login' || ctx.operation === 'exchange' || ctx.operation === 'register') {
        return make('VCD_NOT_FOUND', `HTTP 404: VCD does not know this endpoint; check the VCD URL (including any path prefix) and the org name.${serverSays}`);
      }
      return make('VCD_NOT_FOUND', `HTTP 404: not found.${serverSays}`);
    case 406:
      return make('VCD_VERSION_UNSUPPORTED', `HTTP 406: VCD does not accept the requested API version.${serverSays}`);
    case 429:
      return make('VCD_RATE_LIMITED', `HTTP 429: VCD (or a proxy) is rate limiting; retry later.${serverSays}`, true);
    default:
      if (status >= 500) {
        return make('VCD_SERVER_ERROR', `HTTP ${status}: VCD had a server error.${serverSays} Retry later; if it persists, VCD's administrators can find the request in its logs.`, RETRYABLE_STATUSES.has(status));
      }
      if (status >= 300 && status < 400) {
        return make('VCD_BAD_RESPONSE', `HTTP ${status}: VCD answered with a redirect, which the client never follows for credential requests. Check the VCD URL (scheme, host, path prefix).`);
      }
      return make('VCD_HTTP_ERROR', `HTTP ${status}.${serverSays}`);
  }
}
