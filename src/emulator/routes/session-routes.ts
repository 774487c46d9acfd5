import { emptyResponse, jsonResponse } from '../http/http-response';
import { fail, requireSession } from '../http/guards';
import type { RouteContext } from '../http/route-context';
import type { Router } from '../http/router';
import type { EmulatorRuntime } from '../server/emulator-runtime';
import { sessionJson } from './session-json';

/** Parses `Authorization: Basic base64(user@org:password)`; the org is after the last `@`. */
export function parseBasicCredentials(
  header: string | undefined,
): { userName: string; orgName: string; password: string } | undefined {
  const match = header ? /^basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header) : null;
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const principal = decoded.slice(0, colon);
  const at = principal.lastIndexOf('@');
  if (at <= 0 || at === principal.length - 1) return undefined;
  return { userName: principal.slice(0, at), orgName: principal.slice(at + 1), password: decoded.slice(colon + 1) };
}

/**
 * Password login and logout.
 * Decision (GAP in the sources): `/sessions/provider` accepts only System-org users and `/sessions` only
 * tenant users; the other combination answers 401 without a body, like bad credentials, so a client that
 * picks the wrong endpoint fails loudly.
 */
export function registerSessionRoutes(router: Router, runtime: EmulatorRuntime): void {
  const { world, sessions } = runtime;

  const login = (provider: boolean) => (ctx: RouteContext) => {
    const credentials = parseBasicCredentials(ctx.req.headers.authorization);
    const unauthorized = emptyResponse(401);
    if (!credentials) return unauthorized;
    const org = world.findOrgByName(credentials.orgName);
    if (!org || org.isProvider !== provider) return unauthorized;
    const user = world.findUser(org.id, credentials.userName);
    if (!user || user.enabled === false || !world.verifyPassword(user, credentials.password)) return unauthorized;
    const minted = sessions.create({ userId: user.id, userName: user.name, orgId: org.id, authMethod: 'password' });
    return jsonResponse(
      200,
      sessionJson(world, minted.session, ctx.apiVersion, ctx.baseUrl, runtime.idleTimeoutSeconds),
      {
        'X-VMWARE-VCLOUD-ACCESS-TOKEN': minted.accessToken,
        'X-VMWARE-VCLOUD-TOKEN-TYPE': 'Bearer',
        Link: `<${ctx.baseUrl}/cloudapi/1.0.0/sessions/current>;rel="down";type="application/json";model="Session"`,
      },
      ctx.apiVersion,
    );
  };

  const logout = (ctx: RouteContext) => {
    const session = requireSession(ctx);
    sessions.delete(session.id);
    return emptyResponse(204);
  };

  router.add('POST', '/cloudapi/1.0.0/sessions/provider', login(true));
  router.add('POST', '/cloudapi/1.0.0/sessions', login(false));
  router.add('GET', '/cloudapi/1.0.0/sessions/current', (ctx) => {
    const session = requireSession(ctx);
    return jsonResponse(200, sessionJson(world, session, ctx.apiVersion, ctx.baseUrl, runtime.idleTimeoutSeconds), {}, ctx.apiVersion);
  });
  router.add('DELETE', '/cloudapi/1.0.0/sessions/current', logout);
  // GOVCD Disconnect() sends DELETE to the login URL itself (undocumented; GAP): treated as logout.
  router.add('DELETE', '/cloudapi/1.0.0/sessions', logout);
  router.add('DELETE', '/cloudapi/1.0.0/sessions/provider', logout);
  router.add('GET', '/cloudapi/1.0.0/sessions/{id}', (ctx) => {
    const session = requireSession(ctx);
    const target = sessions.get(ctx.params.id);
    if (!target || target.userId !== session.userId) {
      fail(ctx, 403, 'ACCESS_TO_RESOURCE_IS_FORBIDDEN', 'Session not found or not yours');
    }
    return jsonResponse(200, sessionJson(world, target, ctx.apiVersion, ctx.baseUrl, runtime.idleTimeoutSeconds), {}, ctx.apiVersion);
  });
  router.add('DELETE', '/cloudapi/1.0.0/sessions/{id}', (ctx) => {
    const session = requireSession(ctx);
    const target = sessions.get(ctx.params.id);
    if (!target || target.userId !== session.userId) {
      fail(ctx, 403, 'ACCESS_TO_RESOURCE_IS_FORBIDDEN', 'Session not found or not yours');
    }
    sessions.delete(target.id);
    return emptyResponse(204);
  });
}
