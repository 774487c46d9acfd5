// The two kinds of token role: who may manage which tokens.
import type { ApiTokenRightName } from '../vcd';
import { apiTokenRightsFor } from './api-token-rights';
import { invalidRoleKindError } from './errors';

/**
 * - `automation`: a pipeline user that creates and uses its own API token ("API Tokens: Manage").
 * - `administrator`: can also view and revoke every user's tokens ("API Tokens: Manage" + "API Tokens: Manage All").
 */
export type ApiTokenRoleKind = 'automation' | 'administrator';

/** The token rights of a role kind; throws CONSTRUCT_INVALID_PROP for anything else. */
export function apiTokenRightsForKind(kind: ApiTokenRoleKind, path?: string): ApiTokenRightName[] {
  if (kind !== 'automation' && kind !== 'administrator') throw invalidRoleKindError(kind, path);
  return apiTokenRightsFor(kind === 'administrator');
}

/** Description used when none is given. */
export function defaultRoleDescription(kind: ApiTokenRoleKind): string {
  return kind === 'administrator'
    ? "Manages its own and all users' VCD API tokens; managed by vcd-api-tokens"
    : 'Deploys with its own VCD API token; managed by vcd-api-tokens';
}
