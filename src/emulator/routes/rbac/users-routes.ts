// Enough of /users for the token rules: list/read (own org; the System org any org via the tenant-context
// header), create, update (role, enabled, password) and delete. Managing users needs "Organization: Edit
// Users" and a password session; a user may change its own password from a password session (INFERRED).
// Passwords are write-only: never rendered, never echoed in errors.
import { emptyResponse, jsonResponse, pagedCollection, requireRight, type Router, type RouteContext } from '../../http';
import type { Org, Role, User } from '../../world';
import { applyChange, badRequest, canSeeOrg, modifyingCaller, notFound, readingCaller, targetOrg, type Caller } from './access';
import { userJson } from './representations';

const BASE = '/cloudapi/1.0.0';
export const USER_VIEW_RIGHTS: readonly string[] = ['User: View', 'Group / User: View', 'Organization: Edit Users'];
export const USER_EDIT_RIGHT = 'Organization: Edit Users';

interface UserBody {
  readonly id?: string;
  readonly username?: string;
  readonly password?: string;
  readonly enabled?: boolean;
  readonly roleRef?: { readonly id?: string; readonly name?: string };
}

export function registerUserRoutes(router: Router): void {
  router.add('GET', `${BASE}/users`, (ctx) => {
    const caller = readingCaller(ctx);
    const org = targetOrg(ctx, caller);
    const users = ctx.world.usersOfOrg(org.id).filter((user) => canSeeUser(ctx, caller, user));
    return pagedCollection(ctx, users, {
      model: 'Users',
      toJson: (user) => userJson(user, ctx.world, ctx.apiVersion),
      fields: {
        id: (u) => u.id,
        username: (u) => u.name,
        name: (u) => u.name,
        enabled: (u) => String(u.enabled),
        'roleEntityRefs.name': (u) => ctx.world.findRoleById(u.roleId)?.name,
        'roleEntityRefs.id': (u) => u.roleId,
        'roleEntityRef.name': (u) => ctx.world.findRoleById(u.roleId)?.name,
        'roleEntityRef.id': (u) => u.roleId,
      },
    });
  });

  router.add('GET', `${BASE}/users/{id}`, (ctx) => {
    const caller = readingCaller(ctx);
    const user = ctx.world.users.get(ctx.params.id);
    if (!user || !canSeeUser(ctx, caller, user)) notFound(ctx, 'User', ctx.params.id);
    return jsonResponse(200, userJson(user, ctx.world, ctx.apiVersion), {}, ctx.apiVersion);
  });

  router.add('POST', `${BASE}/users`, async (ctx) => {
    const caller = modifyingCaller(ctx);
    const org = targetOrg(ctx, caller);
    requireRight(ctx, USER_EDIT_RIGHT);
    const body = await readUserBody(ctx);
    if (!body.username) badRequest(ctx, 'User: "username" is required');
    if (!body.password) badRequest(ctx, 'User: "password" is required for a local user');
    if (!body.roleRef) badRequest(ctx, 'User: "roleEntityRefs" with the id of a role of the organization is required');
    const role = resolveRole(ctx, org, body.roleRef);
    const user = applyChange(ctx, () =>
      ctx.world.addUser({ name: body.username as string, orgId: org.id, roleId: role.id, password: body.password, enabled: body.enabled }),
    );
    return jsonResponse(201, userJson(user, ctx.world, ctx.apiVersion), { Location: `${ctx.baseUrl}${BASE}/users/${user.id}` }, ctx.apiVersion);
  });

  router.add('PUT', `${BASE}/users/{id}`, async (ctx) => {
    const caller = modifyingCaller(ctx);
    const user = ctx.world.users.get(ctx.params.id);
    if (!user || !canSeeUser(ctx, caller, user)) notFound(ctx, 'User', ctx.params.id);
    const body = await readUserBody(ctx);
    if (body.id !== undefined && body.id !== user.id) badRequest(ctx, `The id in the body (${body.id}) does not match the URL (${user.id})`);
    const org = ctx.world.orgs.get(user.orgId) as Org;
    const role = body.roleRef ? resolveRole(ctx, org, body.roleRef) : undefined;
    const changesProfile =
      (body.username !== undefined && body.username !== user.name) ||
      (role !== undefined && role.id !== user.roleId) ||
      (body.enabled !== undefined && body.enabled !== user.enabled);
    const isSelf = user.id === caller.user.id;
    if (changesProfile || !isSelf) requireRight(ctx, USER_EDIT_RIGHT);
    let updated = applyChange(ctx, () => ctx.world.updateUser(user.id, { name: body.username, roleId: role?.id, enabled: body.enabled }));
    if (body.password) updated = ctx.world.setUserPassword(user.id, body.password);
    return jsonResponse(200, userJson(updated, ctx.world, ctx.apiVersion), {}, ctx.apiVersion);
  });

  router.add('DELETE', `${BASE}/users/{id}`, (ctx) => {
    const caller = modifyingCaller(ctx);
    const user = ctx.world.users.get(ctx.params.id);
    if (!user || !canSeeOrg(caller, user.orgId)) notFound(ctx, 'User', ctx.params.id);
    requireRight(ctx, USER_EDIT_RIGHT);
    if (user.id === caller.user.id) badRequest(ctx, 'A user cannot delete itself');
    applyChange(ctx, () => ctx.world.removeUser(user.id));
    return emptyResponse(204);
  });
}

function canSeeUser(ctx: RouteContext, caller: Caller, user: User): boolean {
  if (!canSeeOrg(caller, user.orgId)) return false;
  if (user.id === caller.user.id) return true;
  const rights = ctx.world.effectiveRights(caller.user.id);
  return USER_VIEW_RIGHTS.some((right) => rights.has(right));
}

function resolveRole(ctx: RouteContext, org: Org, ref: { readonly id?: string; readonly name?: string }): Role {
  const role = ref.id ? ctx.world.findRoleById(ref.id) : ctx.world.findRoleAvailableIn(org.id, ref.name as string);
  if (!role || role.orgId !== org.id) badRequest(ctx, `roleEntityRefs: ${ref.id ?? ref.name} is not a role of organization "${org.name}"`);
  return role;
}

async function readUserBody(ctx: RouteContext): Promise<UserBody> {
  const body = await ctx.jsonBody<unknown>();
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    badRequest(ctx, 'The request body must be a User object like {"username":"…","password":"…","roleEntityRefs":[{"id":"…"}]}');
  }
  const b = body as Record<string, unknown>;
  for (const key of ['id', 'username'] as const) {
    if (b[key] !== undefined && b[key] !== null && typeof b[key] !== 'string') badRequest(ctx, `User: "${key}" must be a string`);
  }
  // The value is a secret: describe the problem without it.
  if (b.password !== undefined && b.password !== null && (typeof b.password !== 'string' || b.password === '')) {
    badRequest(ctx, 'User: "password" must be a non-empty string');
  }
  if (b.enabled !== undefined && b.enabled !== null && typeof b.enabled !== 'boolean') badRequest(ctx, 'User: "enabled" must be true or false');
  // The VcdUser model has `roleEntityRefs` (an array holding the one role); a singular `roleEntityRef` is
  // accepted too, as some clients send it.
  let roleRef: UserBody['roleRef'];
  let rawRef: unknown = b.roleEntityRef;
  if (b.roleEntityRefs !== undefined && b.roleEntityRefs !== null) {
    if (!Array.isArray(b.roleEntityRefs) || b.roleEntityRefs.length !== 1) {
      badRequest(ctx, 'User: "roleEntityRefs" must be an array with exactly one role reference [{"id":"urn:vcloud:role:…"}]');
    }
    rawRef = b.roleEntityRefs[0];
  }
  if (rawRef !== undefined && rawRef !== null) {
    const r = rawRef as { id?: unknown; name?: unknown };
    const id = typeof r === 'object' && typeof r.id === 'string' && r.id !== '' ? r.id : undefined;
    const name = typeof r === 'object' && typeof r.name === 'string' && r.name !== '' ? r.name : undefined;
    if (!id && !name) badRequest(ctx, 'User: the role reference must be {"id":"urn:vcloud:role:…"} (or {"name":"…"})');
    roleRef = { id, name };
  }
  return {
    id: typeof b.id === 'string' ? b.id : undefined,
    username: typeof b.username === 'string' ? b.username : undefined,
    password: typeof b.password === 'string' ? b.password : undefined,
    enabled: typeof b.enabled === 'boolean' ? b.enabled : undefined,
    roleRef,
  };
}
