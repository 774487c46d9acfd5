import type { EmulatorSession } from '../sessions/emulator-session';
import { compareApiVersions } from '../versions/vcd-releases';
import type { World } from '../world/world';

/** Cloudapi `Session` JSON; `site` from 38.0 and `operatingOrg` from 39.0 (DOC-OA field history). */
export function sessionJson(
  world: World,
  session: EmulatorSession,
  apiVersion: string,
  baseUrl: string,
  idleTimeoutSeconds: number,
): Record<string, unknown> {
  // A service account's session names the account and its role (an org role or a published global role).
  const user = world.users.get(session.userId) ?? world.serviceAccounts.get(session.userId);
  const org = world.orgs.get(session.orgId);
  const role = user ? world.roles.get(user.roleId) ?? world.globalRoles.get(user.roleId) : undefined;
  const orgRef = { name: org?.name ?? '', id: session.orgId };
  const json: Record<string, unknown> = {
    id: session.id,
    user: { name: user?.name ?? '', id: session.userId },
    org: orgRef,
    location: `${baseUrl.replace(/^https?:\/\//, '')}@vcd-emulator`,
    roles: role ? [role.name] : [],
    roleRefs: role ? [{ name: role.name, id: role.id }] : [],
    sessionIdleTimeoutMinutes: Math.max(1, Math.round(idleTimeoutSeconds / 60)),
  };
  if (compareApiVersions(apiVersion, '38.0') >= 0) {
    json.site = { name: 'vcd-emulator', id: 'urn:vcloud:site:00000000-0000-4000-8000-000000000001' };
  }
  if (compareApiVersions(apiVersion, '39.0') >= 0) json.operatingOrg = orgRef;
  return json;
}
