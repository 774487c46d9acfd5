// Org-scoped roles. The org is the caller's own, or for System org callers the one named by the
// tenant-context header. The list holds the org's own roles and, read-only, the global roles published to the org
// (VCD lists them among the org's roles, each with a tenant-side role id; that is how tenants assign them). Every user may read its own role and that role's rights even without
// "Role: View" (INFERRED; the token bootstrap's preflight relies on it to tell a missing role right from a
// missing bundle publication).
import { emptyResponse, fail, jsonResponse, pagedCollection, requireRight, type Router, type RouteContext } from '../../http';
import type { Role } from '../../world';
import { applyChange, badRequest, canSeeOrg, modifyingCaller, notFound, readingCaller, targetOrg, type Caller } from './access';
import { allReferences, pagedReferences } from './references';
import { roleJson } from './representations';
import { readDefinitionBody, readReferences, resolveRights } from './request-bodies';
import { visibleRights } from './rights-routes';

const BASE = '/cloudapi/1.0.0';
export const ROLE_VIEW_RIGHT = 'Role: View';
export const ROLE_EDIT_RIGHT = 'Role: Create, Edit, Delete, or Copy';

export function registerRoleRoutes(router: Router): void {
  router.add('GET', `${BASE}/roles`, (ctx) => {
    const caller = readingCaller(ctx);
    const org = targetOrg(ctx, caller);
    const roles = ctx.world.rolesAvailableIn(org.id).filter((role) => canSeeRole(ctx, caller, role));
    return pagedCollection(ctx, roles, {
      model: 'Roles',
      toJson: (role) => roleJson(role, ctx.apiVersion),
      fields: { id: (r) => r.id, name: (r) => r.name, bundleKey: (r) => r.bundleKey, readOnly: (r) => String(r.readOnly) },
    });
  });

  router.add('POST', `${BASE}/roles`, async (ctx) => {
    const caller = modifyingCaller(ctx);
    const org = targetOrg(ctx, caller);
    requireRight(ctx, ROLE_EDIT_RIGHT);
    const body = await readDefinitionBody(ctx, 'Role');
    const role = applyChange(ctx, () => ctx.world.addRole({ name: body.name, description: body.description, bundleKey: body.bundleKey, orgId: org.id }));
    return jsonResponse(201, roleJson(role, ctx.apiVersion), { Location: `${ctx.baseUrl}${BASE}/roles/${role.id}` }, ctx.apiVersion);
  });

  router.add('GET', `${BASE}/roles/{id}`, (ctx) => jsonResponse(200, roleJson(visibleRole(ctx), ctx.apiVersion), {}, ctx.apiVersion));

  router.add('PUT', `${BASE}/roles/{id}`, async (ctx) => {
    const role = editableRole(ctx);
    const body = await readDefinitionBody(ctx, 'Role');
    if (body.id !== undefined && body.id !== role.id) badRequest(ctx, `The id in the body (${body.id}) does not match the URL (${role.id})`);
    const updated = applyChange(ctx, () => ctx.world.updateRole(role.id, { name: body.name, description: body.description }));
    return jsonResponse(200, roleJson(updated, ctx.apiVersion), {}, ctx.apiVersion);
  });

  router.add('DELETE', `${BASE}/roles/{id}`, (ctx) => {
    const role = editableRole(ctx);
    applyChange(ctx, () => ctx.world.removeRole(role.id));
    return emptyResponse(204);
  });

  router.add('GET', `${BASE}/roles/{id}/rights`, (ctx) => {
    const role = visibleRole(ctx);
    return pagedReferences(ctx, role.rightIds.map((id) => ctx.world.rights.get(id)).filter((r) => r !== undefined));
  });

  for (const method of ['POST', 'PUT'] as const) {
    router.add(method, `${BASE}/roles/{id}/rights`, async (ctx) => {
      const role = editableRole(ctx);
      const caller = modifyingCaller(ctx);
      const rights = resolveRights(ctx, ctx.world, await readReferences(ctx));
      // Tenants can only grant what has been published to their org (INFERRED from how bundles cap roles).
      if (!caller.isProvider) {
        const available = new Set(visibleRights(ctx, caller).map((r) => r.id));
        const unavailable = rights.filter((r) => !available.has(r.id));
        if (unavailable.length > 0) {
          badRequest(ctx, `Right(s) not published to organization "${caller.org.name}": ${unavailable.map((r) => r.name).join(', ')}`);
        }
      }
      const rightIds = method === 'POST' ? [...role.rightIds, ...rights.map((r) => r.id)] : rights.map((r) => r.id);
      const updated = applyChange(ctx, () => ctx.world.updateRole(role.id, { rightIds }));
      return allReferences(ctx, updated.rightIds.map((id) => ctx.world.rights.get(id)).filter((r) => r !== undefined));
    });
  }
}

function canSeeRole(ctx: RouteContext, caller: Caller, role: Role): boolean {
  if (!canSeeOrg(caller, role.orgId)) return false;
  return role.id === caller.user.roleId || ctx.world.hasRight(caller.user.id, ROLE_VIEW_RIGHT);
}

function visibleRole(ctx: RouteContext): Role {
  const caller = readingCaller(ctx);
  const role = ctx.world.findRoleById(ctx.params.id);
  if (!role || !canSeeRole(ctx, caller, role)) notFound(ctx, 'Role', ctx.params.id);
  return role;
}

function editableRole(ctx: RouteContext): Role {
  const caller = modifyingCaller(ctx);
  const role = ctx.world.findRoleById(ctx.params.id);
  if (!role || !canSeeOrg(caller, role.orgId)) notFound(ctx, 'Role', ctx.params.id);
  requireRight(ctx, ROLE_EDIT_RIGHT);
  if (ctx.world.isPublishedRole(role.id)) {
    fail(ctx, 400, 'READ_ONLY', `role "${role.name}" is a global role published to this organization and is read-only; the provider changes it`);
  }
  return role;
}
