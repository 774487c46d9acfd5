// Rights preflight: does the token user's role, and do the rights bundles published to the org, grant
// "API Tokens: Manage"? VCD grants a tenant role's right only if a published bundle also contains it, so the
// diagnosis names which of the two lacks it and the stack that fixes it.
import type { BearerSession } from '../client/types';
import { ApiTokenRight } from '../vcd';
import { rightName, TokenApi } from './token-api';

const TOKEN_MANAGE_RIGHT = ApiTokenRight.MANAGE_OWN;

export interface PreflightResult {
  readonly ok: boolean;
  /** Roles of the user and whether each grants the right (undefined when VCD refused to show role rights). */
  readonly roles?: readonly { readonly name: string; readonly hasRight: boolean }[];
  /** Bundles visible to the org and whether each contains the right (undefined when listing was refused). */
  readonly bundles?: readonly { readonly name: string; readonly hasRight: boolean }[];
  /** Human-readable diagnosis when not ok. */
  readonly problems: readonly string[];
}

export async function preflightTokenRights(client: TokenApi, session: BearerSession, context: { env?: string; tenant: string; user: string }): Promise<PreflightResult> {
  const me = await client.whoami(session);
  let roles: { name: string; hasRight: boolean }[] | undefined = [];
  try {
    for (const ref of me.roleRefs) {
      const rights = await client.getRoleRights(session, ref.id);
      roles.push({ name: ref.name, hasRight: rights.some((r) => rightName(r) === TOKEN_MANAGE_RIGHT) });
    }
  } catch {
    // Without "Role: View" the role's rights are hidden; judge by the bundles (and by the create attempt).
    roles = undefined;
  }
  let bundles: { name: string; hasRight: boolean }[] | undefined;
  try {
    bundles = [];
    for (const bundle of await client.listRightsBundles(session)) {
      const rights = await client.getRightsBundleRights(session, bundle.id);
      bundles.push({ name: bundle.name, hasRight: rights.some((r) => rightName(r) === TOKEN_MANAGE_RIGHT) });
    }
  } catch {
    // A tenant user may not be allowed to view bundles; the role check still stands on its own.
    bundles = undefined;
  }
  const platform = context.env ? `${context.env}-platform` : '<env>-platform';
  const problems: string[] = [];
  if (roles !== undefined && !roles.some((r) => r.hasRight)) {
    problems.push(
      `role: no role of user '${context.user}' in org '${context.tenant}' (${roles.map((r) => `'${r.name}'`).join(', ') || 'none'}) contains '${TOKEN_MANAGE_RIGHT}'. Deploy the ${platform} stack (it publishes the token role) and assign that role to '${context.user}'.`,
    );
  }
  if (bundles !== undefined && !bundles.some((b) => b.hasRight)) {
    problems.push(
      `bundle: no rights bundle published to org '${context.tenant}' (${bundles.map((b) => `'${b.name}'`).join(', ') || 'none'}) contains '${TOKEN_MANAGE_RIGHT}'. Deploy the ${platform} stack (it publishes the token rights bundle to '${context.tenant}').`,
    );
  }
  return { ok: problems.length === 0, roles, bundles, problems };
}

/** Codes of client errors that mean "not allowed" and deserve a rights diagnosis. */
export const RIGHTS_ERROR_CODES: ReadonlySet<string> = new Set(['VCD_MISSING_RIGHT', 'VCD_FORBIDDEN', 'VCD_TOKEN_SESSION_FORBIDDEN']);
