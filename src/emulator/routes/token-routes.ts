import { emptyResponse, jsonResponse } from '../http/http-response';
import { fail, requireSession } from '../http/guards';
import type { RouteContext } from '../http/route-context';
import type { Router } from '../http/router';
import { pagedCollection } from '../http/paging';
import type { FiqlFieldReader } from '../http/fiql';
import type { EmulatorSession } from '../sessions/emulator-session';
import type { EmulatorRuntime } from '../server/emulator-runtime';
import { projectToModel } from '../models/model-projection';
import { TOKEN_RIGHT_MANAGE_ALL } from '../world/rights-catalogue';
import type { ApiTokenRecord } from '../world/types';
import type { World } from '../world/world';

/**
 * Whether `session` may see (and so revoke) `token`. A session made from an API token sees only the token it was
 * made from ("cannot view or revoke other tokens", DOC-TOK), so a pipeline can revoke its own token without a
 * password. A password session sees its user's tokens, and with `API Tokens: Manage All` the tokens of its org
 * (System: any org).
 */
export function canSeeToken(world: World, session: EmulatorSession, token: ApiTokenRecord): boolean {
  if (session.authMethod !== 'password') return session.tokenId === token.id;
  if (token.ownerUserId === session.userId) return true;
  if (!world.effectiveRights(session.userId).has(TOKEN_RIGHT_MANAGE_ALL)) return false;
  return world.orgs.get(session.orgId)?.isProvider === true || token.orgId === session.orgId;
}

/** Token JSON as `GET /cloudapi/1.0.0/tokens[/{id}]` returns it at the requested version. */
export function tokenJson(world: World, token: ApiTokenRecord, apiVersion: string, requireRotation = false): Record<string, unknown> {
  const owner = world.users.get(token.ownerUserId);
  const org = world.orgs.get(token.orgId);
  return projectToModel('Token', apiVersion, {
    id: token.id,
    name: token.name,
    token: null,
    expirationTimeUtc: null,
    requireRotation,
    owner: { name: owner?.name ?? '', id: token.ownerUserId },
    username: owner?.name ?? '',
    userId: token.ownerUserId,
    orgName: org?.name ?? '',
    org: { name: org?.name ?? '', id: token.orgId },
    type: token.type,
  });
}

/** `/cloudapi/1.0.0/tokens`: list (FIQL + paging), get one, revoke (which ends every derived session). */
export function registerTokenRoutes(router: Router, runtime: EmulatorRuntime): void {
  const { world, sessions } = runtime;
  const owner = (t: ApiTokenRecord) => world.users.get(t.ownerUserId)?.name;
  const orgName = (t: ApiTokenRecord) => world.orgs.get(t.orgId)?.name;
  const fields: Record<string, FiqlFieldReader<ApiTokenRecord>> = {
    id: (t) => t.id,
    name: (t) => t.name,
    type: (t) => t.type,
    'owner.name': owner,
    'owner.id': (t) => t.ownerUserId,
    username: owner,
    userId: (t) => t.ownerUserId,
    'org.name': orgName,
    'org.id': (t) => t.orgId,
    orgName,
  };

  const visibleToken = (ctx: RouteContext): ApiTokenRecord => {
    const session = requireSession(ctx);
    const token = world.tokens.get(ctx.params.id);
    // Unknown, deleted and invisible tokens all answer 403, as VCD does for missing entities
    // (docs/vcd-protocol.md#errors).
    if (!token || !canSeeToken(world, session, token)) {
      fail(ctx, 403, 'ACCESS_TO_RESOURCE_IS_FORBIDDEN', `Either you need some or all of the following rights [API Tokens: Manage] to perform operations [VIEW] for ${ctx.params.id} or the target entity is invalid`);
    }
    return token;
  };

  router.add('GET', '/cloudapi/1.0.0/tokens', (ctx) => {
    const session = requireSession(ctx);
    const visible = world.listTokens().filter((t) => canSeeToken(world, session, t));
    return pagedCollection(ctx, visible, { fields, toJson: (t) => tokenJson(world, t, ctx.apiVersion, runtime.rotateRefreshTokens), model: 'Tokens' });
  });
  router.add('GET', '/cloudapi/1.0.0/tokens/{id}', (ctx) => jsonResponse(200, tokenJson(world, visibleToken(ctx), ctx.apiVersion, runtime.rotateRefreshTokens), {}, ctx.apiVersion));
  router.add('DELETE', '/cloudapi/1.0.0/tokens/{id}', (ctx) => {
    const token = visibleToken(ctx);
    // End the sessions first so the count is right (revokeToken's change listener would end them silently).
    const ended = sessions.revokeByToken(token.id);
    world.revokeToken(token.id);
    runtime.log(`emulator: token ${token.id} revoked; ${ended} session(s) ended`);
    return emptyResponse(204);
  });
}
