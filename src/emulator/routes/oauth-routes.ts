import { randomUUID } from 'node:crypto';
import { cloudapiError, jsonResponse, type HttpResponse } from '../http/http-response';
import { fail, requirePasswordSession, requireRight, TOKEN_SESSION_FORBIDDEN } from '../http/guards';
import type { RouteContext } from '../http/route-context';
import type { Router } from '../http/router';
import { hashSecret, newApiTokenSecret } from '../secrets';
import type { EmulatorRuntime } from '../server/emulator-runtime';
import { TOKEN_RIGHT_MANAGE } from '../world/rights-catalogue';
import type { Org } from '../world/types';
import { DEVICE_CODE_GRANT, serviceAccountOauth } from './service-account-routes';

export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
export const REFRESH_TOKEN_GRANT = 'refresh_token';

/** Token responses must never be cached (RFC 6749 §5.1). */
const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' } as const;

function withNoStore(response: HttpResponse): HttpResponse {
  return { ...response, headers: { ...(response.headers ?? {}), ...NO_STORE } };
}

/** A successful token response (JSON, never cached). */
function tokenResponse(body: Record<string, unknown>): HttpResponse {
  return jsonResponse(200, body, NO_STORE);
}

/**
 * OAuth endpoints of API tokens (VCD 10.3.1+ / API 36.1+): register a client, the one-time jwt-bearer
 * grant that issues the API token, and the refresh_token grant that exchanges it for a bearer.
 * `Accept` is not checked here (GOVCD sends `application/json;version=` with an empty version).
 */
export function registerOauthRoutes(router: Router, runtime: EmulatorRuntime): void {
  const { world, sessions } = runtime;
  const serviceAccounts = serviceAccountOauth(runtime);

  /** The org named by the path: `/oauth/provider/...` is System, `/oauth/tenant/{org}/...` a tenant. */
  const pathOrg = (ctx: RouteContext): Org | undefined => {
    if (ctx.params.org === undefined) return world.providerOrg();
    const org = world.findOrgByName(ctx.params.org);
    return org && !org.isProvider ? org : undefined;
  };

  /** The body as a JSON object, or undefined (the API-token path reports malformed bodies in its own order). */
  const peekJsonObject = async (ctx: RouteContext): Promise<Record<string, unknown> | undefined> => {
    try {
      const value: unknown = JSON.parse((await ctx.body()).toString('utf8'));
      return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  };

  const register = async (ctx: RouteContext): Promise<HttpResponse> => {
    const session = requirePasswordSession(ctx);
    const org = pathOrg(ctx);
    // The presence of software_id makes it a service account (DOC-TOK 10.4+), with its own rules.
    const peeked = await peekJsonObject(ctx);
    if (peeked && peeked.software_id !== undefined) return serviceAccounts.register(ctx, session, org, peeked);
    if (!org || org.id !== session.orgId) {
      fail(
        ctx,
        403,
        'ACCESS_TO_RESOURCE_IS_FORBIDDEN',
        "API tokens can only be registered in the caller's own organization (System users: /oauth/provider/register)",
      );
    }
    requireRight(ctx, TOKEN_RIGHT_MANAGE);
    const body = await ctx.jsonBody<Record<string, unknown>>();
    if (!body || typeof body !== 'object' || Array.isArray(body)) fail(ctx, 400, 'BAD_REQUEST', 'Expected a JSON object');
    const clientName = body.client_name;
    if (typeof clientName !== 'string' || clientName.trim() === '' || clientName.length > 128) {
      fail(ctx, 400, 'BAD_REQUEST', '"client_name" must be a non-empty string of at most 128 characters');
    }
    const clientId = randomUUID();
    world.addToken({
      id: `urn:vcloud:token:${clientId}`,
      clientId,
      name: clientName,
      ownerUserId: session.userId,
      orgId: session.orgId,
      type: 'REFRESH',
      secretHash: null,
      grantConsumed: false,
    });
    // Values of grant_types / token_endpoint_auth_method are a GAP in the sources (field names from GOVCD).
    return jsonResponse(200, {
      client_name: clientName,
      client_id: clientId,
      grant_types: [JWT_BEARER_GRANT, REFRESH_TOKEN_GRANT],
      token_endpoint_auth_method: 'none',
    });
  };

  const invalidGrant = (): HttpResponse =>
    withNoStore(jsonResponse(runtime.invalidGrant.status, runtime.invalidGrant.body));

  const oauthError = (status: number, code: string, message: string): HttpResponse =>
    withNoStore(cloudapiError(status, code, message));

  const token = async (ctx: RouteContext): Promise<HttpResponse> => {
    const contentType = ctx.req.headers['content-type'];
    if (contentType && !/^application\/x-www-form-urlencoded/i.test(contentType)) {
      return oauthError(400, 'invalid_request', 'The token endpoint takes application/x-www-form-urlencoded parameters');
    }
    // VCD accepts the parameters in the query string too (GOVCD v2.14 sent them there); the request log
    // flags that as a leak. Body values win when both are present.
    const form = await ctx.formBody();
    let params = form;
    if (ctx.search !== '') {
      params = new URLSearchParams(ctx.search);
      for (const [name, value] of form) params.set(name, value);
    }
    const grantType = params.get('grant_type');
    const org = pathOrg(ctx);

    if (grantType === REFRESH_TOKEN_GRANT) {
      const presented = params.get('refresh_token');
      if (!presented) return oauthError(400, 'invalid_request', 'Missing "refresh_token"');
      const record = world.findTokenBySecretHash(hashSecret(presented));
      if (!record) return serviceAccounts.refresh(presented, org) ?? invalidGrant();
      if (!org || record.orgId !== org.id) return invalidGrant();
      const owner = world.users.get(record.ownerUserId);
      if (!owner || owner.enabled === false) return invalidGrant();
      const minted = sessions.create({
        userId: owner.id,
        userName: owner.name,
        orgId: owner.orgId,
        authMethod: 'apiToken',
        tokenId: record.id,
      });
      const body: Record<string, unknown> = {
        access_token: minted.accessToken,
        token_type: 'Bearer',
        expires_in: minted.expiresInSeconds,
      };
      if (runtime.rotateRefreshTokens) {
        // Rotation: the presented token dies now and a new one is returned (sessions already minted live on).
        const next = newApiTokenSecret();
        world.updateToken(record.id, { secretHash: hashSecret(next) });
        body.refresh_token = next;
      }
      // Without rotation, whether VCD echoes refresh_token for user API tokens is a GAP; the emulator omits it.
      return tokenResponse(body);
    }

    if (grantType === JWT_BEARER_GRANT) {
      const assertion = params.get('assertion');
      const clientId = params.get('client_id');
      if (!assertion || !clientId) return oauthError(400, 'invalid_request', 'Missing "assertion" or "client_id"');
      const session = sessions.peek(assertion);
      if (typeof session === 'string') return invalidGrant();
      if (session.authMethod !== 'password') {
        return oauthError(
          403,
          TOKEN_SESSION_FORBIDDEN,
          'A session authenticated with an API token or a service account cannot create API tokens',
        );
      }
      const record = world.tokens.get(`urn:vcloud:token:${clientId}`);
      if (!record || record.ownerUserId !== session.userId || !org || record.orgId !== org.id || record.grantConsumed) {
        return invalidGrant();
      }
      if (!world.effectiveRights(session.userId).has(TOKEN_RIGHT_MANAGE)) {
        return oauthError(403, 'ACCESS_TO_RESOURCE_IS_FORBIDDEN', `Missing right "${TOKEN_RIGHT_MANAGE}"`);
      }
      const owner = world.users.get(session.userId);
      const secret = newApiTokenSecret();
      world.updateToken(record.id, { secretHash: hashSecret(secret), grantConsumed: true });
      const minted = sessions.create({
        userId: session.userId,
        userName: owner?.name ?? '',
        orgId: session.orgId,
        authMethod: 'apiToken',
        tokenId: record.id,
      });
      return withNoStore(
        jsonResponse(200, {
          access_token: minted.accessToken,
          token_type: 'Bearer',
          expires_in: minted.expiresInSeconds,
          refresh_token: secret,
        }),
      );
    }

    if (grantType === DEVICE_CODE_GRANT) return serviceAccounts.deviceCodeGrant(params, org);

    if (grantType === null || grantType === '') return oauthError(400, 'invalid_request', 'Missing "grant_type"');
    return oauthError(400, 'unsupported_grant_type', 'Supported grant types: refresh_token and jwt-bearer');
  };

  if (!runtime.release.hasApiTokens) return; // VCD before 10.3.1 has no API tokens: these paths are 404.
  router.add('POST', '/oauth/provider/register', register);
  router.add('POST', '/oauth/tenant/{org}/register', register);
  router.add('POST', '/oauth/provider/token', token);
  router.add('POST', '/oauth/tenant/{org}/token', token);
}
