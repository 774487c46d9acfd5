import type { EmulatorSession } from '../sessions/emulator-session';
import { compareApiVersions } from '../versions/vcd-releases';
import { EmulatorHttpError } from './http-error';
import { cloudapiError, legacyJsonError, legacyXmlError, wantsLegacyJson, type HttpResponse } from './http-response';
import type { ApiArea, RouteContext } from './route-context';

/**
 * An error in the shape of the request's API area: `Error` on /api (XML, or JSON when the client asked for JSON),
 * the cloudapi JSON object elsewhere.
 */
export function areaError(area: ApiArea, status: number, minorErrorCode: string, message: string, accept?: string): HttpResponse {
  if (area !== 'api') return cloudapiError(status, minorErrorCode, message);
  return wantsLegacyJson(accept) ? legacyJsonError(status, minorErrorCode, message) : legacyXmlError(status, minorErrorCode, message);
}

/** Throws an EmulatorHttpError answering with an error in the request's area shape. */
export function fail(ctx: Pick<RouteContext, 'area'> & { readonly req?: RouteContext['req'] }, status: number, minorErrorCode: string, message: string): never {
  throw new EmulatorHttpError(areaError(ctx.area, status, minorErrorCode, message, ctx.req?.headers.accept), message);
}

/** The bearer session, or 401 (VCD: "not authenticated" / "session has expired"). */
export function requireSession(ctx: RouteContext): EmulatorSession {
  if (!ctx.session) {
    fail(ctx, 401, 'UNAUTHORIZED', 'Authentication required: send a valid bearer token (the session may have expired)');
  }
  return ctx.session;
}

/** Minor error code used for every refusal caused by the API-token session restrictions. */
export const TOKEN_SESSION_FORBIDDEN = 'ACCESS_TO_RESOURCE_IS_FORBIDDEN';

/**
 * The session, which must come from a password login: VCD refuses user management, password changes,
 * token creation and role/bundle changes to sessions made from an API token or a service account (403).
 */
export function requirePasswordSession(ctx: RouteContext): EmulatorSession {
  const session = requireSession(ctx);
  if (session.authMethod !== 'password') {
    fail(
      ctx,
      403,
      TOKEN_SESSION_FORBIDDEN,
      'This operation is not allowed for a session authenticated with an API token or a service account; log in with a password',
    );
  }
  return session;
}

/** The session, whose user must hold `rightName` (effective rights: role ∩ published bundles), else 403. */
export function requireRight(ctx: RouteContext, rightName: string): EmulatorSession {
  const session = requireSession(ctx);
  if (!ctx.world.effectiveRights(session.userId).has(rightName)) {
    const why = ctx.world.explainMissingRight(session.userId, rightName);
    const reason = !why.inRole
      ? "the user's role does not include it"
      : !why.inPublishedBundle
        ? "no rights bundle published to the user's organization includes it"
        : 'it is not effective for this user';
    fail(ctx, 403, 'ACCESS_TO_RESOURCE_IS_FORBIDDEN', `Missing right "${rightName}": ${reason}`);
  }
  return session;
}

/**
 * 404 when the request names an API version older than the one that introduced the endpoint: the endpoint does
 * not exist at that version (INFERRED: VCD answers such requests as unknown paths).
 */
export function requireApiVersion(ctx: RouteContext, minimum: string): void {
  if (compareApiVersions(ctx.apiVersion, minimum) < 0) {
    fail(ctx, 404, 'NOT_FOUND', `No resource at ${ctx.method} ${ctx.pathname} in API version ${ctx.apiVersion}; it exists from ${minimum}`);
  }
}
