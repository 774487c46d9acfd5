// Validates OAuth token responses (refresh and jwt-bearer grants) field by field, oauth4webapi style.
// Failures say which field was wrong and never echo the body.
import { VcdError } from './errors';
import { HTML_PAGE_EXPLANATION, type HttpResponse, contentTypeOf, isJsonContentType, looksLikeHtml, requestIdOf } from './http-response';
import { Secret, registerSecretValue } from './redaction';

export interface TokenEndpointResult {
  readonly accessToken: Secret;
  readonly tokenType: 'Bearer';
  /** Seconds. */
  readonly expiresIn: number;
  /** Present when VCD returned a refresh token (jwt-bearer grant: the new API token; service accounts: rotation). */
  readonly refreshToken?: Secret;
}

export function parseTokenResponse(res: HttpResponse, description: string): TokenEndpointResult {
  const fail = (why: string): VcdError =>
    new VcdError('VCD_BAD_RESPONSE', `${description}: the token response is not usable: ${why}.`, {
      status: res.status,
      method: res.method,
      path: res.path,
      requestId: requestIdOf(res),
    });
  if (looksLikeHtml(res)) throw fail(HTML_PAGE_EXPLANATION);
  const ct = contentTypeOf(res);
  if (!isJsonContentType(ct)) throw fail(`expected a JSON content type, got "${ct.split(';')[0] || 'none'}"`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(res.body);
  } catch {
    throw fail('the body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw fail('the body is not a JSON object');
  const j = parsed as Record<string, unknown>;
  // Register secret values first, so nothing below (or anything the caller does later) can print them.
  if (typeof j.access_token === 'string') registerSecretValue(j.access_token);
  if (typeof j.refresh_token === 'string') registerSecretValue(j.refresh_token);

  if (typeof j.access_token !== 'string' || j.access_token === '') throw fail('"access_token" is missing or not a non-empty string');
  if (typeof j.token_type !== 'string') throw fail('"token_type" is missing or not a string');
  if (j.token_type.toLowerCase() !== 'bearer') throw fail(`"token_type" is ${/^[\w-]{1,20}$/.test(j.token_type) ? `"${j.token_type}"` : "not a known type"}, expected "Bearer"`);
  if (typeof j.expires_in !== 'number' || !Number.isFinite(j.expires_in) || j.expires_in <= 0) {
    throw fail('"expires_in" is missing or not a finite positive number');
  }
  let refreshToken: Secret | undefined;
  if (j.refresh_token !== undefined && j.refresh_token !== null) {
    if (typeof j.refresh_token !== 'string' || j.refresh_token === '') throw fail('"refresh_token" is present but not a non-empty string');
    refreshToken = new Secret(j.refresh_token);
  }
  return { accessToken: new Secret(j.access_token), tokenType: 'Bearer', expiresIn: j.expires_in, ...(refreshToken ? { refreshToken } : {}) };
}
