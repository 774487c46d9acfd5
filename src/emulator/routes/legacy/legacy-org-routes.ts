// Legacy org records: `GET /api/org` (OrgList), `GET /api/org/{id}` (Org, the tenant view), `GET /api/admin/org/{id}`
// (AdminOrg with its settings), and the small records their links point to (tasks list, metadata, settings).
// The usual client lookup is "list /api/org, take the href whose name matches, GET it"; every href here resolves.
// Visibility: a tenant sees only its own org; the System org sees all. The admin view needs an admin: the System
// org, or a user of the org holding "General: Administrator View". API-token sessions read like their user.
import { fail, requireSession } from '../../http/guards';
import type { RouteContext } from '../../http/route-context';
import type { Router } from '../../http/router';
import type { EmulatorSession } from '../../sessions/emulator-session';
import type { Org, World } from '../../world';
import { legacyResponse, link, type LegacyNode } from './legacy-document';

/** Right that opens the admin view of one's own org (INFERRED: VCD's tenant administrators hold it). */
export const ADMIN_VIEW_RIGHT = 'General: Administrator View';

const ORG = 'application/vnd.vmware.vcloud.org';
const ADMIN_ORG = 'application/vnd.vmware.admin.organization';
const ORG_LIST = 'application/vnd.vmware.vcloud.orgList';
const TASKS_LIST = 'application/vnd.vmware.vcloud.tasksList';
const METADATA = 'application/vnd.vmware.vcloud.metadata';
const ORG_SETTINGS = 'application/vnd.vmware.admin.orgSettings';

export function uuidOf(urn: string): string {
  return urn.slice(urn.lastIndexOf(':') + 1);
}

/** `https://host/api/org/{uuid}`: where a client finds an org's legacy record. */
export function orgHref(baseUrl: string, org: Org): string {
  return `${baseUrl}/api/org/${uuidOf(org.id)}`;
}

/** Whether the session may read the tenant view of `org`. */
export function canSeeLegacyOrg(world: World, session: EmulatorSession, org: Org): boolean {
  return session.orgId === org.id || world.orgs.get(session.orgId)?.isProvider === true;
}

/** Whether the session may read the admin view of `org`. */
export function canSeeAdminOrg(world: World, session: EmulatorSession, org: Org): boolean {
  if (world.orgs.get(session.orgId)?.isProvider === true) return true;
  return session.orgId === org.id && world.effectiveRights(session.userId).has(ADMIN_VIEW_RIGHT);
}

export function registerLegacyOrgRoutes(router: Router): void {
  router.add('GET', '/api/org', (ctx) => {
    const session = requireSession(ctx);
    const orgs = [...ctx.world.orgs.values()].filter((org) => canSeeLegacyOrg(ctx.world, session, org));
    return respond(ctx, {
      tag: 'OrgList',
      attrs: { href: `${ctx.baseUrl}/api/org/`, type: ORG_LIST },
      children: orgs.map((org) => ({ tag: 'Org', attrs: { href: orgHref(ctx.baseUrl, org), name: org.name, type: ORG } })),
    });
  });

  router.add('GET', '/api/org/{id}', (ctx) => {
    const { org, session } = visibleOrg(ctx);
    const links: LegacyNode[] = [
      link('down', `${ctx.baseUrl}/api/tasksList/${uuidOf(org.id)}`, TASKS_LIST),
      link('down', `${orgHref(ctx.baseUrl, org)}/metadata`, METADATA),
    ];
    if (canSeeAdminOrg(ctx.world, session, org)) links.push(link('alternate', adminOrgHref(ctx, org), ADMIN_ORG));
    // VCD also links each VDC, catalog and org network here; the emulated orgs have none.
    return respond(ctx, {
      tag: 'Org',
      attrs: { href: orgHref(ctx.baseUrl, org), id: org.id, name: org.name, type: ORG },
      children: [...links, ...orgDetails(org)],
    });
  });

  router.add('GET', '/api/org/{id}/metadata', (ctx) => metadata(ctx, orgHref(ctx.baseUrl, visibleOrg(ctx).org), ORG));

  router.add('GET', '/api/tasksList/{id}', (ctx) => {
    const { org } = visibleOrg(ctx);
    // The emulator runs every operation synchronously, so no task is ever in progress.
    return respond(ctx, {
      tag: 'TasksList',
      attrs: { href: `${ctx.baseUrl}/api/tasksList/${uuidOf(org.id)}`, name: 'Tasks Lists', type: TASKS_LIST },
      children: [link('up', orgHref(ctx.baseUrl, org), ORG)],
    });
  });

  router.add('GET', '/api/admin/org/{id}', (ctx) => {
    const org = adminOrg(ctx);
    return respond(ctx, {
      tag: 'AdminOrg',
      attrs: { href: adminOrgHref(ctx, org), id: org.id, name: org.name, type: ADMIN_ORG },
      children: [
        link('alternate', orgHref(ctx.baseUrl, org), ORG),
        link('down', `${ctx.baseUrl}/api/tasksList/${uuidOf(org.id)}`, TASKS_LIST),
        link('down', `${adminOrgHref(ctx, org)}/metadata`, METADATA),
        ...orgDetails(org),
        orgSettings(ctx, org),
        // Sections VCD lists (empty: the emulator has no VDCs, networks or catalogs).
        { tag: 'Vdcs', children: [] },
        { tag: 'Networks', children: [] },
        { tag: 'Catalogs', children: [] },
      ],
    });
  });

  router.add('GET', '/api/admin/org/{id}/settings', (ctx) => respond(ctx, orgSettings(ctx, adminOrg(ctx))));
  router.add('GET', '/api/admin/org/{id}/metadata', (ctx) => metadata(ctx, adminOrgHref(ctx, adminOrg(ctx)), ADMIN_ORG));
}

function respond(ctx: RouteContext, root: LegacyNode) {
  return legacyResponse(ctx.req.headers.accept, root, ctx.apiVersion);
}

function adminOrgHref(ctx: RouteContext, org: Org): string {
  return `${ctx.baseUrl}/api/admin/org/${uuidOf(org.id)}`;
}

function orgDetails(org: Org): LegacyNode[] {
  return [
    { tag: 'Description', text: '' },
    { tag: 'FullName', text: org.displayName },
    { tag: 'IsEnabled', text: true },
  ];
}

/** Org settings with the values of a new VCD org (INFERRED defaults; the emulator does not use them). */
function orgSettings(ctx: RouteContext, org: Org): LegacyNode {
  return {
    tag: 'Settings',
    attrs: { href: `${adminOrgHref(ctx, org)}/settings`, type: ORG_SETTINGS },
    children: [
      {
        tag: 'OrgGeneralSettings',
        children: [
          { tag: 'CanPublishCatalogs', text: false },
          { tag: 'DeployedVMQuota', text: 0 },
          { tag: 'StoredVmQuota', text: 0 },
          { tag: 'UseServerBootSequence', text: false },
          { tag: 'DelayAfterPowerOnSeconds', text: 0 },
        ],
      },
      {
        tag: 'VAppLeaseSettings',
        children: [
          { tag: 'DeleteOnStorageLeaseExpiration', text: false },
          { tag: 'DeploymentLeaseSeconds', text: 0 },
          { tag: 'StorageLeaseSeconds', text: 0 },
          { tag: 'PowerOffOnRuntimeLeaseExpiration', text: false },
        ],
      },
      {
        tag: 'VAppTemplateLeaseSettings',
        children: [
          { tag: 'DeleteOnStorageLeaseExpiration', text: false },
          { tag: 'StorageLeaseSeconds', text: 0 },
        ],
      },
      { tag: 'OrgLdapSettings', children: [{ tag: 'OrgLdapMode', text: 'NONE' }] },
    ],
  };
}

function metadata(ctx: RouteContext, ownerHref: string, ownerType: string) {
  return respond(ctx, {
    tag: 'Metadata',
    attrs: { href: `${ownerHref}/metadata`, type: 'application/vnd.vmware.vcloud.metadata' },
    children: [link('up', ownerHref, ownerType)],
  });
}

/** The org named by `{id}` (a bare UUID, as in VCD's hrefs) if the session may see it; else 403 like VCD. */
function visibleOrg(ctx: RouteContext): { org: Org; session: EmulatorSession } {
  const session = requireSession(ctx);
  const org = ctx.world.orgs.get(`urn:vcloud:org:${ctx.params.id}`);
  if (!org || !canSeeLegacyOrg(ctx.world, session, org)) {
    fail(ctx, 403, 'ACCESS_TO_RESOURCE_IS_FORBIDDEN', `Either you need some or all of the following rights [Organization: View] to perform operations on entity urn:vcloud:org:${ctx.params.id} or it does not exist`);
  }
  return { org, session };
}

function adminOrg(ctx: RouteContext): Org {
  const session = requireSession(ctx);
  const org = ctx.world.orgs.get(`urn:vcloud:org:${ctx.params.id}`);
  if (!org || !canSeeAdminOrg(ctx.world, session, org)) {
    fail(ctx, 403, 'ACCESS_TO_RESOURCE_IS_FORBIDDEN', `Either you need some or all of the following rights [${ADMIN_VIEW_RIGHT}] to perform operations on entity urn:vcloud:org:${ctx.params.id} or it does not exist`);
  }
  return org;
}
