// Service accounts (VCD 10.4+ / API 37.0+, docs/vcd-protocol.md#service-accounts-and-the-device-flow): register
// with `software_id`, the RFC 8628 device flow (device_authorization → deviceLookup/grant → device_code grant), a
// refresh token that rotates on every use, and the `/cloudapi/1.0.0/serviceAccounts` collection. The account
// itself is the principal of the sessions it mints (`authMethod: 'serviceAccount'`), acting with its role's
// rights.
import { randomInt, randomUUID } from 'node:crypto';
import { cloudapiError, emptyResponse, escapeXml, jsonResponse, xmlResponse, type HttpResponse } from '../http/http-response';
import { fail, requireApiVersion, requirePasswordSession, requireSession } from '../http/guards';
import type { FiqlFieldReader } from '../http/fiql';
import { pagedCollection } from '../http/paging';
import type { Handler, RouteContext } from '../http/route-context';
import type { HttpMethod, Router } from '../http/router';
import { hashSecret, newApiTokenSecret } from '../secrets';
import type { EmulatorRuntime } from '../server/emulator-runtime';
import type { EmulatorSession } from '../sessions/emulator-session';
import { projectToModel } from '../models/model-projection';
import { compareApiVersions } from '../versions/vcd-releases';
import {
  SERVICE_ACCOUNT_RIGHT_LIMITED_VIEW,
  SERVICE_ACCOUNT_RIGHT_MANAGE,
  SERVICE_ACCOUNT_RIGHT_VIEW,
} from '../world/rights-catalogue';
import type { Org, ServiceAccountRecord } from '../world/types';
import type { World } from '../world/world';

/** First API version with service accounts (VCD 10.4). */
export const SERVICE_ACCOUNTS_MIN_API_VERSION = '37.0';
export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
/** `scope` prefix naming the service account's role by percent-encoded name. */
export const SERVICE_ACCOUNT_ROLE_SCOPE_PREFIX = 'urn:vcloud:role:';
/** Default lifetime of device and user codes (GAP: VCD's value is undocumented; RFC 8628 examples use 1800). */
export const DEVICE_CODE_LIFETIME_SECONDS = 600;
/** Default polling interval announced to the device (RFC 8628 §3.2 default). */
export const DEVICE_CODE_INTERVAL_SECONDS = 5;
/** RFC 8628 §3.5: after `slow_down` the interval grows by 5 seconds for that device code. */
export const SLOW_DOWN_INCREMENT_SECONDS = 5;
/** GOVCD: "VCD has a pageSize limit on this specific endpoint" (it sends 32); larger values are clamped. */
export const SERVICE_ACCOUNTS_MAX_PAGE_SIZE = 32;
/** Device codes whose polling pace is tracked at once (oldest forgotten first). */
const MAX_PENDING_POLLS = 10_000;
/** Finished delete tasks kept for `GET /api/task/{id}`. */
const MAX_TASKS = 1000;
/** RFC 8628 §6.1 user-code alphabet: no vowels, no easily confused characters. */
const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';

/** Whether the impersonated release has service accounts. */
export function hasServiceAccounts(runtime: Pick<EmulatorRuntime, 'release'>): boolean {
  return compareApiVersions(runtime.release.apiVersion, SERVICE_ACCOUNTS_MIN_API_VERSION) >= 0;
}

const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' } as const;

/** An OAuth-endpoint error in VCD's error shape, never cached. */
function oauthError(status: number, code: string, message: string): HttpResponse {
  const response = cloudapiError(status, code, message);
  return { ...response, headers: { ...(response.headers ?? {}), ...NO_STORE } };
}

function tokenResponse(body: Record<string, unknown>): HttpResponse {
  return jsonResponse(200, body, NO_STORE);
}

function uuidOf(urn: string): string {
  return urn.slice(urn.lastIndexOf(':') + 1);
}

/** User codes are compared case-insensitively and without the dash (RFC 8628 §6.1). */
function normaliseUserCode(code: string): string {
  return code.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

function newUserCode(): string {
  let code = '';
  for (let i = 0; i < 8; i++) code += USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

type ViewLevel = 'full' | 'limited' | 'none';

/** How much of `account` the session may see: View/Manage → full; only "Limited Service Accounts View" → limited. */
function viewLevel(world: World, session: EmulatorSession, account: ServiceAccountRecord): ViewLevel {
  const callerOrg = world.orgs.get(session.orgId);
  if (!callerOrg || (!callerOrg.isProvider && callerOrg.id !== account.orgId)) return 'none';
  const rights = world.effectiveRights(session.userId);
  if (rights.has(SERVICE_ACCOUNT_RIGHT_VIEW) || rights.has(SERVICE_ACCOUNT_RIGHT_MANAGE)) return 'full';
  return rights.has(SERVICE_ACCOUNT_RIGHT_LIMITED_VIEW) ? 'limited' : 'none';
}

/**
 * Whether a session may create, authorize, grant, change, revoke or delete service accounts of `orgId`:
 * a password session of a System user holding "Manage Service Accounts", or of a user of that org holding
 * both "View Service Accounts" and "Manage Service Accounts" (DOC-SA).
 */
function canManageIn(world: World, session: EmulatorSession, orgId: string): boolean {
  if (session.authMethod !== 'password') return false;
  const callerOrg = world.orgs.get(session.orgId);
  if (!callerOrg) return false;
  const rights = world.effectiveRights(session.userId);
  if (!rights.has(SERVICE_ACCOUNT_RIGHT_MANAGE)) return false;
  if (callerOrg.isProvider) return true;
  return callerOrg.id === orgId && rights.has(SERVICE_ACCOUNT_RIGHT_VIEW);
}

/** ServiceAccount JSON (DOC-OA v37.1; `requireRotation` from 39.0). Limited view nulls the software details. */
export function serviceAccountJson(world: World, account: ServiceAccountRecord, apiVersion: string, level: ViewLevel = 'full'): Record<string, unknown> {
  const org = world.orgs.get(account.orgId);
  const role = world.principalRole(account.roleId);
  const limited = level !== 'full';
  return projectToModel('ServiceAccount', apiVersion, {
    id: account.id,
    name: account.name,
    softwareId: limited ? null : account.softwareId,
    softwareVersion: limited ? null : account.softwareVersion,
    role: { name: role?.name ?? '', id: account.roleId },
    uri: limited ? null : account.uri,
    org: { name: org?.name ?? '', id: account.orgId },
    status: limited ? null : account.status,
    requireRotation: true,
  });
}

/** What the oauth routes delegate to this module. */
export interface ServiceAccountOauth {
  /** `register` with `software_id`: creates a service account (status CREATED). */
  register(ctx: RouteContext, session: EmulatorSession, org: Org | undefined, body: Record<string, unknown>): HttpResponse;
  /** The device_code grant (status GRANTED → ACTIVE). */
  deviceCodeGrant(params: URLSearchParams, org: Org | undefined): HttpResponse;
  /** refresh_token grant for a service account's token, rotating it; undefined when it is not one. */
  refresh(presented: string, org: Org | undefined): HttpResponse | undefined;
}

/** Builds the oauth delegate of one emulator instance. */
export function serviceAccountOauth(runtime: EmulatorRuntime): ServiceAccountOauth {
  const { world, sessions } = runtime;
  // Polling state of each pending device code, one entry per account, dropped when the code is used or expires;
  // capped so that accounts deleted mid-flow cannot grow it without bound.
  const polls = new Map<string, { readonly deviceCodeHash: string; intervalMs: number; lastPollAt: number | undefined }>();

  const mint = (account: ServiceAccountRecord): HttpResponse => {
    // Rotation on every use (BLOG-SA, TPV): the presented refresh token dies, a new one is returned.
    const secret = newApiTokenSecret();
    const updated = world.updateServiceAccount(account.id, {
      status: 'ACTIVE',
      secretHash: hashSecret(secret),
      deviceCodeHash: null,
      userCodeHash: null,
      deviceCodeExpiresAt: null,
      deviceCodeDenied: false,
    });
    const minted = sessions.create({
      userId: updated.id,
      userName: updated.name,
      orgId: updated.orgId,
      authMethod: 'serviceAccount',
      tokenId: updated.id,
    });
    return tokenResponse({
      access_token: minted.accessToken,
      token_type: 'Bearer',
      expires_in: minted.expiresInSeconds,
      refresh_token: secret,
    });
  };

  return {
    register(ctx, session, org, body) {
      if (!hasServiceAccounts(runtime)) {
        fail(ctx, 400, 'BAD_REQUEST', `Service accounts (software_id) need VCD 10.4 (API ${SERVICE_ACCOUNTS_MIN_API_VERSION}); this is VCD ${runtime.release.vcdVersion}`);
      }
      const callerOrg = world.orgs.get(session.orgId);
      if (!org || !callerOrg || (!callerOrg.isProvider && org.id !== callerOrg.id)) {
        fail(ctx, 403, 'ACCESS_TO_RESOURCE_IS_FORBIDDEN', 'Service accounts can only be registered in your own organization (System administrators: any)');
      }
      if (!canManageIn(world, session, org.id)) {
        fail(ctx, 403, 'ACCESS_TO_RESOURCE_IS_FORBIDDEN', `Creating service accounts needs "${SERVICE_ACCOUNT_RIGHT_MANAGE}" and "${SERVICE_ACCOUNT_RIGHT_VIEW}"`);
      }
      const name = body.client_name;
      if (typeof name !== 'string' || name.trim() === '' || name.length > 128) {
        fail(ctx, 400, 'BAD_REQUEST', '"client_name" must be a non-empty string of at most 128 characters');
      }
      const softwareId = body.software_id;
      if (typeof softwareId !== 'string' || softwareId.trim() === '' || softwareId.length > 256) {
        fail(ctx, 400, 'BAD_REQUEST', '"software_id" must be a non-empty string (usually a UUID)');
      }
      const optional = (key: string): string | null => {
        const value = body[key];
        if (value === undefined || value === null || value === '') return null;
        if (typeof value !== 'string') fail(ctx, 400, 'BAD_REQUEST', `"${key}" must be a string`);
        return value;
      };
      const softwareVersion = optional('software_version');
      const uri = optional('client_uri');
      const scope = body.scope;
      if (typeof scope !== 'string' || !scope.startsWith(SERVICE_ACCOUNT_ROLE_SCOPE_PREFIX) || scope.length === SERVICE_ACCOUNT_ROLE_SCOPE_PREFIX.length) {
        fail(ctx, 400, 'BAD_REQUEST', `"scope" must name the role as "${SERVICE_ACCOUNT_ROLE_SCOPE_PREFIX}<percent-encoded role name>"`);
      }
      let roleName: string;
      try {
        roleName = decodeURIComponent(scope.slice(SERVICE_ACCOUNT_ROLE_SCOPE_PREFIX.length));
      } catch {
        fail(ctx, 400, 'BAD_REQUEST', '"scope": the role name is not valid percent-encoding');
      }
      const role = world.findServiceAccountRole(org.id, roleName);
      if (!role) {
        fail(ctx, 400, 'BAD_REQUEST', `"scope": no role "${roleName}" exists in (or is published to) organization "${org.name}"`);
      }
      const key = world.caseSensitiveNames ? name : name.toLowerCase();
      if (world.listServiceAccounts().some((a) => a.orgId === org.id && (world.caseSensitiveNames ? a.name : a.name.toLowerCase()) === key)) {
        fail(ctx, 400, 'DUPLICATE_NAME', `A service account named "${name}" already exists in organization "${org.name}"`);
      }
      const clientId = randomUUID();
      world.addServiceAccount({
        id: `urn:vcloud:serviceAccount:${clientId}`,
        clientId,
        name,
        orgId: org.id,
        roleId: role.id,
        softwareId,
        softwareVersion,
        uri,
        status: 'CREATED',
        secretHash: null,
        deviceCodeHash: null,
        userCodeHash: null,
        deviceCodeExpiresAt: null,
      });
      runtime.log(`emulator: service account urn:vcloud:serviceAccount:${clientId} created in ${org.name}`);
      return jsonResponse(200, {
        client_name: name,
        client_id: clientId,
        scope,
        software_id: softwareId,
        software_version: softwareVersion,
        client_uri: uri,
        grant_types: [DEVICE_CODE_GRANT, 'refresh_token'],
        token_endpoint_auth_method: 'none',
      });
    },

    deviceCodeGrant(params, org) {
      if (!hasServiceAccounts(runtime)) {
        return oauthError(400, 'unsupported_grant_type', 'Supported grant types: refresh_token and jwt-bearer');
      }
      const clientId = params.get('client_id');
      const deviceCode = params.get('device_code');
      if (!clientId || !deviceCode) return oauthError(400, 'invalid_request', 'Missing "client_id" or "device_code"');
      const account = world.serviceAccounts.get(`urn:vcloud:serviceAccount:${clientId}`);
      const deviceCodeHash = hashSecret(deviceCode);
      if (!account || !org || account.orgId !== org.id || account.deviceCodeHash === null || account.deviceCodeHash !== deviceCodeHash) {
        return oauthError(400, 'invalid_grant', 'Invalid device code');
      }
      const now = runtime.clock.now();
      if (account.deviceCodeExpiresAt !== null && now >= account.deviceCodeExpiresAt) {
        polls.delete(account.id);
        return oauthError(400, 'expired_token', 'The device code has expired; request a new one (device_authorization)');
      }
      if (account.deviceCodeDenied === true) {
        return oauthError(400, 'access_denied', 'An administrator denied this device authorization request');
      }
      if (account.status === 'GRANTED') {
        polls.delete(account.id);
        return mint(account);
      }
      // RFC 8628 §3.5: polling faster than the interval answers slow_down, and the interval grows by 5 s
      // for this device code from then on. Every poll restarts the wait.
      const poll = polls.get(account.id);
      const state = poll && poll.deviceCodeHash === deviceCodeHash
        ? poll
        : { deviceCodeHash, intervalMs: runtime.deviceFlow.intervalSeconds * 1000, lastPollAt: undefined as number | undefined };
      const tooFast = state.intervalMs > 0 && state.lastPollAt !== undefined && now - state.lastPollAt < state.intervalMs;
      if (tooFast) state.intervalMs += SLOW_DOWN_INCREMENT_SECONDS * 1000;
      state.lastPollAt = now;
      polls.delete(account.id);
      polls.set(account.id, state);
      if (polls.size > MAX_PENDING_POLLS) polls.delete(polls.keys().next().value as string);
      if (tooFast) {
        return oauthError(400, 'slow_down', `Polling too fast: wait at least ${state.intervalMs / 1000} seconds between requests`);
      }
      return oauthError(400, 'authorization_pending', 'An administrator has not granted this device authorization yet');
    },

    refresh(presented, org) {
      if (!hasServiceAccounts(runtime)) return undefined;
      const account = world.findServiceAccountBySecretHash(hashSecret(presented));
      if (!account) return undefined;
      if (!org || account.orgId !== org.id || account.status !== 'ACTIVE') {
        return { status: runtime.invalidGrant.status, headers: { 'Content-Type': 'application/json', ...NO_STORE }, body: JSON.stringify(runtime.invalidGrant.body) };
      }
      return mint(account);
    },
  };
}

function forbidden(ctx: RouteContext, message: string): never {
  fail(ctx, 403, 'ACCESS_TO_RESOURCE_IS_FORBIDDEN', message);
}

interface FinishedTask {
  readonly id: string;
  readonly operation: string;
  readonly orgId: string;
  readonly ownerId: string;
  readonly ownerName: string;
  readonly at: number;
}

/**
 * Device authorization (`/oauth/.../device_authorization`), device lookup and grant, the
 * `/cloudapi/1.0.0/serviceAccounts` collection and `GET /api/task/{id}` for delete tasks.
 * Nothing is registered before VCD 10.4, so those paths answer 404 like any missing endpoint.
 */
export function registerServiceAccountRoutes(router: Router, runtime: EmulatorRuntime): void {
  if (!hasServiceAccounts(runtime)) return;
  const { world, sessions } = runtime;
  const tasks = new Map<string, FinishedTask>();
  // The cloudapi endpoints exist from API 37.0: a request naming an older version does not find them.
  const cloudapi = (method: HttpMethod, path: string, handler: Handler): void => {
    router.add(method, path, (ctx) => {
      requireApiVersion(ctx, SERVICE_ACCOUNTS_MIN_API_VERSION);
      return handler(ctx);
    });
  };

  const pathOrg = (ctx: RouteContext): Org | undefined => {
    if (ctx.params.org === undefined) return world.providerOrg();
    const org = world.findOrgByName(ctx.params.org);
    return org && !org.isProvider ? org : undefined;
  };

  /**
   * The account named by `{id}` if the caller may see it; unknown and invisible ids are both 403 (see
   * docs/vcd-protocol.md#errors).
   */
  const visible = (ctx: RouteContext): { account: ServiceAccountRecord; level: ViewLevel; session: EmulatorSession } => {
    const session = requireSession(ctx);
    const account = world.serviceAccounts.get(ctx.params.id);
    const level = account ? viewLevel(world, session, account) : 'none';
    if (!account || level === 'none') {
      forbidden(ctx, `Either you need some or all of the following rights [${SERVICE_ACCOUNT_RIGHT_VIEW}] to perform operations [VIEW] for ${ctx.params.id} or the target entity is invalid`);
    }
    return { account, level, session };
  };

  /** The visible account, which the (password) session must also be allowed to manage. */
  const managed = (ctx: RouteContext): ServiceAccountRecord => {
    requirePasswordSession(ctx);
    const { account, session } = visible(ctx);
    if (!canManageIn(world, session, account.orgId)) forbidden(ctx, `Missing right "${SERVICE_ACCOUNT_RIGHT_MANAGE}"`);
    return account;
  };

  const userCodeOf = async (ctx: RouteContext): Promise<string> => {
    const body = await ctx.jsonBody<{ userCode?: unknown }>();
    if (!body || typeof body !== 'object' || typeof body.userCode !== 'string' || body.userCode.trim() === '') {
      fail(ctx, 400, 'BAD_REQUEST', 'Expected {"userCode":"<user code>"}');
    }
    return body.userCode;
  };

  /** The account with a live (unexpired) request for `userCode` that the session may see, else undefined. */
  const pendingByUserCode = (session: EmulatorSession, userCode: string): ServiceAccountRecord | undefined => {
    const hash = hashSecret(normaliseUserCode(userCode));
    const now = runtime.clock.now();
    return world.listServiceAccounts().find(
      (a) =>
        a.userCodeHash === hash &&
        (a.status === 'REQUESTED' || a.status === 'GRANTED') &&
        (a.deviceCodeExpiresAt === null || now < a.deviceCodeExpiresAt) &&
        viewLevel(world, session, a) !== 'none',
    );
  };

  const deviceAuthorization = async (ctx: RouteContext): Promise<HttpResponse> => {
    const session = requirePasswordSession(ctx);
    const params = await ctx.formBody();
    const clientId = params.get('client_id');
    if (!clientId) return oauthError(400, 'invalid_request', 'Missing "client_id"');
    const org = pathOrg(ctx);
    const account = world.serviceAccounts.get(`urn:vcloud:serviceAccount:${clientId}`);
    if (!account || !org || account.orgId !== org.id) return oauthError(400, 'invalid_client', 'Unknown client_id for this organization');
    if (!canManageIn(world, session, account.orgId)) {
      return oauthError(403, 'ACCESS_TO_RESOURCE_IS_FORBIDDEN', `Missing right "${SERVICE_ACCOUNT_RIGHT_MANAGE}"`);
    }
    if (account.status === 'ACTIVE') {
      return oauthError(400, 'invalid_request', 'The service account is already active; revoke it before authorizing it again');
    }
    const deviceCode = newApiTokenSecret();
    const userCode = newUserCode();
    world.updateServiceAccount(account.id, {
      status: 'REQUESTED',
      deviceCodeHash: hashSecret(deviceCode),
      userCodeHash: hashSecret(normaliseUserCode(userCode)),
      deviceCodeExpiresAt: runtime.clock.now() + runtime.deviceFlow.expiresInSeconds * 1000,
      deviceCodeDenied: false,
    });
    const orgPath = org.isProvider ? 'provider' : `tenant/${encodeURIComponent(org.name)}`;
    return jsonResponse(
      200,
      {
        device_code: deviceCode,
        user_code: userCode,
        verification_uri: `${ctx.baseUrl}/${orgPath}/administration/access-control/service-accounts`,
        expires_in: runtime.deviceFlow.expiresInSeconds,
        interval: runtime.deviceFlow.intervalSeconds,
      },
      NO_STORE,
    );
  };
  router.add('POST', '/oauth/provider/device_authorization', deviceAuthorization);
  router.add('POST', '/oauth/tenant/{org}/device_authorization', deviceAuthorization);

  cloudapi('POST', '/cloudapi/1.0.0/deviceLookup', async (ctx) => {
    const session = requireSession(ctx);
    const account = pendingByUserCode(session, await userCodeOf(ctx));
    if (!account) fail(ctx, 404, 'NOT_FOUND', 'No pending device authorization request for this user code');
    return emptyResponse(303, { Location: `${ctx.baseUrl}/cloudapi/1.0.0/serviceAccounts/${account.id}` });
  });

  cloudapi('POST', '/cloudapi/1.0.0/deviceLookup/grant', async (ctx) => {
    const session = requirePasswordSession(ctx);
    const account = pendingByUserCode(session, await userCodeOf(ctx));
    // Unknown, expired and other orgs' codes look the same (INFERRED; the sibling lookup answers 404).
    if (!account) fail(ctx, 404, 'NOT_FOUND', 'No pending device authorization request for this user code');
    if (!canManageIn(world, session, account.orgId)) forbidden(ctx, `Missing right "${SERVICE_ACCOUNT_RIGHT_MANAGE}"`);
    world.updateServiceAccount(account.id, { status: 'GRANTED' });
    return emptyResponse(204);
  });

  // "Deny Device Authorization" exists in VCD's operation list but its path is unpublished (GAP); the emulator
  // serves it next to grant, with the same body and answers (INFERRED). The request ends: the account goes back
  // to CREATED and the device code answers access_denied until it expires.
  cloudapi('POST', '/cloudapi/1.0.0/deviceLookup/deny', async (ctx) => {
    const session = requirePasswordSession(ctx);
    const account = pendingByUserCode(session, await userCodeOf(ctx));
    if (!account) fail(ctx, 404, 'NOT_FOUND', 'No pending device authorization request for this user code');
    if (!canManageIn(world, session, account.orgId)) forbidden(ctx, `Missing right "${SERVICE_ACCOUNT_RIGHT_MANAGE}"`);
    world.updateServiceAccount(account.id, { status: 'CREATED', userCodeHash: null, deviceCodeDenied: true });
    runtime.log(`emulator: device authorization of service account ${account.id} denied`);
    return emptyResponse(204);
  });

  const fields: Record<string, FiqlFieldReader<ServiceAccountRecord>> = {
    id: (a) => a.id,
    name: (a) => a.name,
    softwareId: (a) => a.softwareId,
    status: (a) => a.status,
    'org.id': (a) => a.orgId,
    'org.name': (a) => world.orgs.get(a.orgId)?.name,
    'role.id': (a) => a.roleId,
    'role.name': (a) => world.principalRole(a.roleId)?.name,
  };

  cloudapi('GET', '/cloudapi/1.0.0/serviceAccounts', (ctx) => {
    const session = requireSession(ctx);
    const rights = world.effectiveRights(session.userId);
    if (![SERVICE_ACCOUNT_RIGHT_VIEW, SERVICE_ACCOUNT_RIGHT_MANAGE, SERVICE_ACCOUNT_RIGHT_LIMITED_VIEW].some((r) => rights.has(r))) {
      forbidden(ctx, `Missing right "${SERVICE_ACCOUNT_RIGHT_VIEW}"`);
    }
    // A System caller may narrow the list to one org with the tenant-context header (GOVCD sends it).
    const header = ctx.req.headers['x-vmware-vcloud-tenant-context'];
    const context = (Array.isArray(header) ? header[0] : header)?.trim();
    const contextOrgId = context ? (context.startsWith('urn:vcloud:org:') ? context : `urn:vcloud:org:${context}`) : undefined;
    const levels = new Map<string, ViewLevel>();
    const listed = world.listServiceAccounts().filter((a) => {
      if (contextOrgId !== undefined && a.orgId !== contextOrgId) return false;
      const level = viewLevel(world, session, a);
      levels.set(a.id, level);
      return level !== 'none';
    });
    return pagedCollection(ctx, listed, {
      fields,
      toJson: (a) => serviceAccountJson(world, a, ctx.apiVersion, levels.get(a.id)),
      model: 'ServiceAccounts',
      maxPageSize: SERVICE_ACCOUNTS_MAX_PAGE_SIZE,
    });
  });

  cloudapi('GET', '/cloudapi/1.0.0/serviceAccounts/{id}', (ctx) => {
    const { account, level } = visible(ctx);
    return jsonResponse(200, serviceAccountJson(world, account, ctx.apiVersion, level), {}, ctx.apiVersion);
  });

  cloudapi('PUT', '/cloudapi/1.0.0/serviceAccounts/{id}', async (ctx) => {
    const account = managed(ctx);
    const body = await ctx.jsonBody<Record<string, unknown>>();
    if (!body || typeof body !== 'object' || Array.isArray(body)) fail(ctx, 400, 'BAD_REQUEST', 'Expected a ServiceAccount JSON object');
    if (body.id !== undefined && body.id !== account.id) fail(ctx, 400, 'BAD_REQUEST', `"id" must be ${account.id}`);
    // GOVCD sends the current name and status back; renaming is not part of the documented update (INFERRED).
    if (body.name !== undefined && body.name !== account.name) fail(ctx, 400, 'BAD_REQUEST', '"name" cannot be changed');
    const softwareId = body.softwareId;
    if (typeof softwareId !== 'string' || softwareId.trim() === '') fail(ctx, 400, 'BAD_REQUEST', '"softwareId" must be a non-empty string');
    const nullableString = (key: string): string | null => {
      const value = body[key];
      if (value === undefined || value === null || value === '') return null;
      if (typeof value !== 'string') fail(ctx, 400, 'BAD_REQUEST', `"${key}" must be a string or null`);
      return value;
    };
    const role = body.role as { id?: unknown; name?: unknown } | undefined | null;
    let roleId = account.roleId;
    if (role !== undefined && role !== null) {
      if (typeof role !== 'object' || (typeof role.id !== 'string' && typeof role.name !== 'string')) {
        fail(ctx, 400, 'BAD_REQUEST', '"role" must be {"id":"urn:vcloud:role:…"} or {"name":"…"}');
      }
      const found =
        typeof role.id === 'string'
          ? world.roles.get(role.id) ?? world.globalRoles.get(role.id)
          : world.findServiceAccountRole(account.orgId, role.name as string);
      const usable = found && world.findServiceAccountRole(account.orgId, found.name)?.id === found.id;
      if (!found || !usable) fail(ctx, 400, 'BAD_REQUEST', '"role" is not a role of (or published to) the service account\'s organization');
      roleId = found.id;
    }
    const updated = world.updateServiceAccount(account.id, {
      softwareId,
      softwareVersion: nullableString('softwareVersion'),
      uri: nullableString('uri'),
      roleId,
    });
    return jsonResponse(200, serviceAccountJson(world, updated, ctx.apiVersion), {}, ctx.apiVersion);
  });

  cloudapi('POST', '/cloudapi/1.0.0/serviceAccounts/{id}/revoke', (ctx) => {
    const account = managed(ctx);
    world.updateServiceAccount(account.id, {
      status: 'CREATED',
      secretHash: null,
      deviceCodeHash: null,
      userCodeHash: null,
      deviceCodeExpiresAt: null,
      deviceCodeDenied: false,
    });
    const ended = sessions.revokeByToken(account.id);
    runtime.log(`emulator: service account ${account.id} revoked; ${ended} session(s) ended`);
    return emptyResponse(204);
  });

  cloudapi('DELETE', '/cloudapi/1.0.0/serviceAccounts/{id}', (ctx) => {
    const account = managed(ctx);
    world.removeServiceAccount(account.id);
    const ended = sessions.revokeByToken(account.id);
    runtime.log(`emulator: service account ${account.id} deleted; ${ended} session(s) ended`);
    const taskId = randomUUID();
    tasks.set(taskId, { id: taskId, operation: `Deleted Service Account ${account.name}`, orgId: account.orgId, ownerId: account.id, ownerName: account.name, at: runtime.clock.now() });
    if (tasks.size > MAX_TASKS) tasks.delete(tasks.keys().next().value as string);
    return emptyResponse(202, { Location: `${ctx.baseUrl}/api/task/${taskId}` });
  });

  // The delete runs synchronously, so its task is already finished when a client polls it.
  router.add('GET', '/api/task/{id}', (ctx) => {
    const session = requireSession(ctx);
    const task = tasks.get(ctx.params.id);
    const callerOrg = world.orgs.get(session.orgId);
    if (!task || !callerOrg || (!callerOrg.isProvider && callerOrg.id !== task.orgId)) {
      forbidden(ctx, `No access to task ${ctx.params.id}`);
    }
    const org = world.orgs.get(task.orgId);
    const when = new Date(task.at).toISOString();
    const href = `${ctx.baseUrl}/api/task/${task.id}`;
    const xml =
      `<Task xmlns="http://www.vmware.com/vcloud/v1.5" status="success" operationName="serviceAccountDelete" ` +
      `operation="${escapeXml(task.operation)}" startTime="${when}" endTime="${when}" expiryTime="${when}" ` +
      `name="task" id="urn:vcloud:task:${task.id}" href="${escapeXml(href)}" type="application/vnd.vmware.vcloud.task+xml">\n` +
      `  <Owner id="${escapeXml(task.ownerId)}" name="${escapeXml(task.ownerName)}" type="application/json"/>\n` +
      `  <Organization href="${escapeXml(`${ctx.baseUrl}/api/org/${uuidOf(task.orgId)}`)}" id="${escapeXml(task.orgId)}" ` +
      `name="${escapeXml(org?.name ?? '')}" type="application/vnd.vmware.vcloud.org+xml"/>\n` +
      '  <Progress>100</Progress>\n</Task>';
    return xmlResponse(200, xml, 'application/vnd.vmware.vcloud.task+xml', ctx.apiVersion);
  });
}
