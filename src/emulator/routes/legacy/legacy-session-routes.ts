// The legacy session record `GET /api/session` (XML or JSON) with its links to the org list and to the session's
// own org, and `DELETE /api/session` (logout), which API 38.0 removed.
import { emptyResponse } from '../../http/http-response';
import { fail, requireSession } from '../../http/guards';
import type { Router } from '../../http/router';
import type { EmulatorRuntime } from '../../server/emulator-runtime';
import { compareApiVersions } from '../../versions/vcd-releases';
import { legacyResponse, link, type LegacyNode } from './legacy-document';
import { orgHref } from './legacy-org-routes';

const SESSION = 'application/vnd.vmware.vcloud.session';
/** API version that removed the legacy login and logout (VCD 10.5). */
const LEGACY_LOGOUT_REMOVED_IN = '38.0';

export function registerLegacySessionRoutes(router: Router, runtime: EmulatorRuntime): void {
  router.add('GET', '/api/session', (ctx) => {
    const session = requireSession(ctx);
    const { world } = ctx;
    const principal = world.users.get(session.userId) ?? world.serviceAccounts.get(session.userId);
    const org = world.orgs.get(session.orgId);
    const role = principal ? world.principalRole(principal.roleId) : undefined;
    const href = `${ctx.baseUrl}/api/session`;
    const locationId = `${org?.name ?? ''}@vcd-emulator`;
    const children: LegacyNode[] = [link('down', `${ctx.baseUrl}/api/org/`, 'application/vnd.vmware.vcloud.orgList')];
    if (org) children.push(link('down', orgHref(ctx.baseUrl, org), 'application/vnd.vmware.vcloud.org', org.name));
    if (compareApiVersions(ctx.apiVersion, LEGACY_LOGOUT_REMOVED_IN) < 0) children.push(link('remove', href, SESSION));
    children.push({
      tag: 'AuthorizedLocations',
      children: [
        {
          tag: 'Location',
          children: [
            { tag: 'LocationId', text: locationId },
            { tag: 'SiteName', text: 'vcd-emulator' },
            { tag: 'OrgName', text: org?.name ?? '' },
            { tag: 'RestApiEndpoint', text: ctx.baseUrl },
            { tag: 'UIEndpoint', text: ctx.baseUrl },
            { tag: 'AuthContext', text: org?.name ?? '' },
          ],
        },
      ],
    });
    return legacyResponse(
      ctx.req.headers.accept,
      {
        tag: 'Session',
        attrs: {
          href,
          type: SESSION,
          user: principal?.name ?? '',
          org: org?.name ?? '',
          userId: session.userId,
          roles: role?.name ?? '',
          locationId,
        },
        children,
      },
      ctx.apiVersion,
    );
  });

  router.add('DELETE', '/api/session', (ctx) => {
    if (compareApiVersions(ctx.apiVersion, LEGACY_LOGOUT_REMOVED_IN) >= 0) {
      fail(ctx, 404, 'NOT_FOUND', `DELETE /api/session was removed in API ${LEGACY_LOGOUT_REMOVED_IN}; use DELETE /cloudapi/1.0.0/sessions/current`);
    }
    const session = requireSession(ctx);
    runtime.sessions.delete(session.id);
    return emptyResponse(204);
  });
}
