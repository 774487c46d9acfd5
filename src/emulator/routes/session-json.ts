import type { EmulatorSession } from '../sessions/emulator-session';
import { projectToModel } from '../models/model-projection';
import type { World } from '../world/world';

/** Cloudapi `Session` JSON with the fields of the requested version (`site` 37.2+, `operatingOrg` 39.0+). */
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
  const role = user ? world.principalRole(user.roleId) : undefined;
  const orgRef = { name: org?.name ?? '', id: session.orgId };
  return projectToModel('Session', apiVersion, {
    id: session.id,
    site: SITE,
    user: { name: user?.name ?? '', id: session.userId },
    org: orgRef,
    location: `${baseUrl.replace(/^https?:\/\//, '')}@vcd-emulator`,
    roles: role ? [role.name] : [],
    roleRefs: role ? [{ name: role.name, id: role.id }] : [],
    sessionIdleTimeoutMinutes: Math.max(1, Math.round(idleTimeoutSeconds / 60)),
    operatingOrg: orgRef,
  });
}

/** The emulator is a single-site VCD. */
const SITE = { name: 'vcd-emulator', id: 'urn:vcloud:site:00000000-0000-4000-8000-000000000001' };
