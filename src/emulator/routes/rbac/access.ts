// Who may do what on the RBAC endpoints. VCD documents little of this, so most rules are INFERRED:
// - reads need a session; tenants see only their own org's roles/users and the bundles and global roles
//   published to their org, and always their own role and its rights (the token bootstrap's preflight);
// - rights bundles and global roles change only from a System org session holding the edit right;
// - sessions made from an API token or a service account are view-only on users, roles, global roles and
//   rights bundles (docs/vcd-protocol.md#token-session-restrictions): every modifying call answers 403
//   ACCESS_TO_RESOURCE_IS_FORBIDDEN.
import { fail, requirePasswordSession, requireRight, requireSession, type RouteContext } from '../../http';
import { WorldError, type Org, type User } from '../../world';

export const FORBIDDEN = 'ACCESS_TO_RESOURCE_IS_FORBIDDEN';

/** The principal behind a session: a user, or a service account acting with its role. */
export type CallerPrincipal = Pick<User, 'id' | 'name' | 'orgId' | 'roleId'>;

/** The authenticated caller, resolved against the World. */
export interface Caller {
  readonly user: CallerPrincipal;
  readonly org: Org;
  readonly isProvider: boolean;
  /** The session came from a password login (not an API token or service account). */
  readonly canModify: boolean;
}

/** The caller of a read; 401 without a session. */
export function readingCaller(ctx: RouteContext): Caller {
  return callerOf(ctx, false);
}

/** The caller of a modification: 401 without a session, 403 for API-token and service-account sessions. */
export function modifyingCaller(ctx: RouteContext): Caller {
  return callerOf(ctx, true);
}

/** A System org caller holding `rightName`, else 403 (rights bundles and global roles). */
export function requireProviderRight(ctx: RouteContext, caller: Caller, rightName: string, what: string): void {
  if (!caller.isProvider) forbidden(ctx, `Only the System organization can ${what}`);
  requireRight(ctx, rightName);
}

/** 403 unless the caller effectively holds at least one of `rightNames`. */
export function requireAnyRight(ctx: RouteContext, caller: Caller, rightNames: readonly string[]): void {
  const rights = ctx.world.effectiveRights(caller.user.id);
  if (rightNames.some((name) => rights.has(name))) return;
  requireRight(ctx, rightNames[0]);
}

/**
 * The org a role or user request acts in: the caller's own org, or for System org callers the org named by
 * `X-VMWARE-VCLOUD-TENANT-CONTEXT` (bare UUID, as GOVCD sends, or the URN). Tenants naming another org: 403.
 */
export function targetOrg(ctx: RouteContext, caller: Caller): Org {
  const header = ctx.req.headers['x-vmware-vcloud-tenant-context'];
  const raw = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!raw) return caller.org;
  const id = raw.startsWith('urn:vcloud:org:') ? raw : `urn:vcloud:org:${raw}`;
  const org = ctx.world.orgs.get(id);
  if (!org) forbidden(ctx, `Unknown organization in X-VMWARE-VCLOUD-TENANT-CONTEXT: ${raw}`);
  if (!caller.isProvider && org.id !== caller.org.id) {
    forbidden(ctx, 'A tenant session cannot act in another organization');
  }
  return org;
}

/** The org of an entity the caller may see: its own org, or any org for System org callers. */
export function canSeeOrg(caller: Caller, orgId: string): boolean {
  return caller.isProvider || caller.org.id === orgId;
}

export function forbidden(ctx: RouteContext, message: string): never {
  fail(ctx, 403, FORBIDDEN, message);
}

/** VCD answers an unknown (or invisible) id with 403, not 404 (docs/vcd-protocol.md#errors). */
export function notFound(ctx: RouteContext, kind: string, id: string): never {
  fail(ctx, 403, FORBIDDEN, `Either you need some or all of the following rights [${kind}: View] to perform operations on entity ${id} or it does not exist`);
}

export function badRequest(ctx: RouteContext, message: string): never {
  fail(ctx, 400, 'BAD_REQUEST', message);
}

/** Runs a World mutation, turning refusals into VCD-style 400/403 answers. */
export function applyChange<T>(ctx: RouteContext, change: () => T): T {
  try {
    return change();
  } catch (err) {
    if (!(err instanceof WorldError)) throw err;
    switch (err.code) {
      case 'WORLD_NOT_FOUND':
        return fail(ctx, 403, FORBIDDEN, err.message);
      case 'WORLD_DUPLICATE_NAME':
        return fail(ctx, 400, 'DUPLICATE_NAME', err.message);
      case 'WORLD_READ_ONLY':
        return fail(ctx, 400, 'READ_ONLY', err.message);
      case 'WORLD_IN_USE':
        return fail(ctx, 400, 'BUSY_ENTITY', err.message);
      default:
        return fail(ctx, 400, 'BAD_REQUEST', err.message);
    }
  }
}

function callerOf(ctx: RouteContext, modifying: boolean): Caller {
  const session = modifying ? requirePasswordSession(ctx) : requireSession(ctx);
  const user: CallerPrincipal | undefined = ctx.world.users.get(session.userId) ?? ctx.world.serviceAccounts.get(session.userId);
  const org = user && ctx.world.orgs.get(user.orgId);
  if (!user || !org) fail(ctx, 401, 'UNAUTHORIZED', 'The user of this session no longer exists');
  return { user, org, isProvider: org.isProvider, canModify: session.authMethod === 'password' };
}
