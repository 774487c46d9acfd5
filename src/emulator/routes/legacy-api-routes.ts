import { escapeXml, xmlResponse } from '../http/http-response';
import { requireSession } from '../http/guards';
import type { Router } from '../http/router';
import type { EmulatorRuntime } from '../server/emulator-runtime';

const VCLOUD_NS = 'http://www.vmware.com/vcloud/v1.5';

function uuidOf(urn: string): string {
  return urn.slice(urn.lastIndexOf(':') + 1);
}

/** Legacy XML API reads used by GOVCD to validate a bearer: `GET /api/org` and `GET /api/session`. */
export function registerLegacyApiRoutes(router: Router, runtime: EmulatorRuntime): void {
  router.add('GET', '/api/org', (ctx) => {
    const session = requireSession(ctx);
    const own = runtime.world.orgs.get(session.orgId);
    // Provider users see every org; tenants only their own.
    const orgs = own?.isProvider ? [...runtime.world.orgs.values()] : own ? [own] : [];
    const items = orgs
      .map(
        (org) =>
          `  <Org href="${escapeXml(`${ctx.baseUrl}/api/org/${uuidOf(org.id)}`)}" name="${escapeXml(org.name)}" ` +
          'type="application/vnd.vmware.vcloud.org+xml"/>',
      )
      .join('\n');
    return xmlResponse(
      200,
      `<OrgList xmlns="${VCLOUD_NS}" href="${escapeXml(`${ctx.baseUrl}/api/org/`)}" ` +
        `type="application/vnd.vmware.vcloud.orgList+xml">\n${items}\n</OrgList>`,
      'application/vnd.vmware.vcloud.orgList+xml',
      ctx.apiVersion,
    );
  });

  router.add('GET', '/api/session', (ctx) => {
    const session = requireSession(ctx);
    const user = runtime.world.users.get(session.userId);
    const org = runtime.world.orgs.get(session.orgId);
    const role = user ? runtime.world.principalRole(user.roleId) : undefined;
    const xml =
      `<Session xmlns="${VCLOUD_NS}" user="${escapeXml(user?.name ?? '')}" org="${escapeXml(org?.name ?? '')}" ` +
      `userId="${escapeXml(session.userId)}" roles="${escapeXml(role?.name ?? '')}" ` +
      `href="${escapeXml(`${ctx.baseUrl}/api/session`)}" type="application/vnd.vmware.vcloud.session+xml">\n` +
      `  <Link rel="down" href="${escapeXml(`${ctx.baseUrl}/api/org/`)}" type="application/vnd.vmware.vcloud.orgList+xml"/>\n` +
      '</Session>';
    return xmlResponse(200, xml, 'application/vnd.vmware.vcloud.session+xml', ctx.apiVersion);
  });
}
