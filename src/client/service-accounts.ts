// Service accounts (VCD 10.4 / API 37.0+, docs/vcd-protocol.md#service-accounts-and-the-device-flow): register,
// the device flow's admin side (device_authorization, grant, deny) and device side (pollDeviceToken), the
// `/cloudapi/1.0.0/serviceAccounts` collection, and the exchange of a rotating refresh token. Every operation
// first checks that the VCD has service accounts, so nothing is POSTed to an older one. `client.serviceAccounts`
// is the way to reach it; it shares the client's transport, version negotiation and redaction.
import { type ClientInternals, clientInternals } from './client-internals';
import { pollDeviceToken, persistOrExplain } from './device-flow';
import { errorFromResponse, parseErrorBody } from './error-mapping';
import { quotedMessage, VcdError } from './errors';
import { assertFiqlValue } from './fiql';
import type { HttpResponse } from './http-response';
import type { Operation } from './operation';
import { assertOrgName } from './org-name';
import { Secret } from './redaction';
import { UUID_RE, asVcdError, badResponse, isRecord, isSuccess, parseJson, toRef } from './response-parsing';
import type {
  DeleteServiceAccountResult,
  DeviceAuthorization,
  DeviceTokenPollOptions,
  PersistRefreshToken,
  RegisterServiceAccountInput,
  RegisteredServiceAccount,
  ServiceAccountRef,
  ServiceAccountTokens,
  ServiceAccountUpdate,
  VcdServiceAccountInfo,
} from './service-account-types';
import { type TaskWaitOptions, taskPathOf, waitForTask } from './task-wait';
import { parseTokenResponse } from './token-response';
import type { BearerSession, VcdOperationOptions } from './types';
import { FIRST_SERVICE_ACCOUNT_RELEASE, MIN_SERVICE_ACCOUNT_API_VERSION, compareApiVersions, releaseOfApiVersion } from '../vcd/releases';

const CLOUDAPI = '/cloudapi/1.0.0';
const ID_PREFIX = 'urn:vcloud:serviceAccount:';
const ROLE_SCOPE_PREFIX = 'urn:vcloud:role:';
/** go-vcloud-director: "VCD has a pageSize limit on this specific endpoint". */
const PAGE_SIZE = 32;
const MAX_NAME_LENGTH = 128;

/** Operations on service accounts; get it as `client.serviceAccounts`. */
export class VcdServiceAccounts {
  readonly #internals: ClientInternals;

  /** @param client the VcdClient whose connection, version and redaction this uses */
  public constructor(client: object) {
    this.#internals = clientInternals(client);
  }

  /**
   * Fails with `VCD_VERSION_UNSUPPORTED` unless VCD offers API 37.0 (VCD 10.4) or later. Every operation here calls
   * it before its first request other than `GET /api/versions` (cached per host and process).
   */
  public async requireSupport(options: VcdOperationOptions = {}): Promise<void> {
    return this.#internals.run(options, (op) => this.#requireSupport(op));
  }

  async #requireSupport(op: Operation): Promise<void> {
    const { serverVersions } = await this.#internals.negotiate(op);
    const newest = serverVersions[serverVersions.length - 1] ?? '0';
    if (compareApiVersions(newest, MIN_SERVICE_ACCOUNT_API_VERSION) >= 0) return;
    const release = releaseOfApiVersion(newest);
    throw new VcdError(
      'VCD_VERSION_UNSUPPORTED',
      `Service accounts need VCD ${FIRST_SERVICE_ACCOUNT_RELEASE} (API ${MIN_SERVICE_ACCOUNT_API_VERSION}) or later; this VCD is ${release ? `VCD ${release}` : 'older'} (newest API ${newest}). Nothing was sent. Use an API token (vcd-token create) on this VCD, or upgrade it.`,
      { details: { serverVersions, required: MIN_SERVICE_ACCOUNT_API_VERSION } },
    );
  }

  /**
   * Registers a service account (`POST /oauth/{provider|tenant/{org}}/register` with `software_id`; status
   * CREATED). Needs a password session of a System administrator or of an org administrator with "View Service
   * Accounts" and "Manage Service Accounts". After an ambiguous failure the account is looked up by name and
   * adopted when its software id matches (`reconciled: true`).
   */
  public async register(session: BearerSession, input: RegisterServiceAccountInput, options: VcdOperationOptions = {}): Promise<RegisteredServiceAccount> {
    const org = input.org ?? session.org;
    assertOrgName(org);
    assertName(input.name);
    if (typeof input.role !== 'string' || input.role.trim() === '' || input.role !== input.role.trim()) {
      throw new VcdError('VCD_INVALID_ARGUMENT', 'The service account needs a role: the name of a role of the org (or a global role published to it), without surrounding spaces.');
    }
    if (typeof input.softwareId !== 'string' || !UUID_RE.test(input.softwareId)) {
      throw new VcdError('VCD_INVALID_ARGUMENT', `The software id must be a UUID (VCD's "software_id"; any UUID naming the software that uses the account).`);
    }
    return this.#internals.run(options, async (op) => {
      await this.#requireSupport(op);
      const description = `Registering service account "${input.name}" in org "${org}"`;
      const body = {
        client_name: input.name,
        scope: `${ROLE_SCOPE_PREFIX}${encodeURIComponent(input.role)}`,
        software_id: input.softwareId,
        ...(input.softwareVersion !== undefined ? { software_version: input.softwareVersion } : {}),
        ...(input.uri !== undefined ? { client_uri: input.uri } : {}),
      };
      let res: HttpResponse;
      try {
        res = await this.#internals.bearerRequest(
          session,
          { method: 'POST', path: this.#internals.oauthPath(org, 'register'), headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
          op,
          'application/json',
        );
      } catch (e) {
        return this.#reconcileRegister(session, input, org, asVcdError(e, op), op);
      }
      if (res.status >= 500) return this.#reconcileRegister(session, input, org, errorFromResponse(res, manage(description, session)), op);
      if (!isSuccess(res)) throw registerFailure(res, description, session, input, org);
      const j = parseJson(res, description);
      const clientId = isRecord(j) && typeof j.client_id === 'string' && UUID_RE.test(j.client_id) ? j.client_id : undefined;
      if (!clientId) return this.#reconcileRegister(session, input, org, badResponse(res, description, 'the answer has no valid "client_id" (a UUID)'), op);
      return { id: `${ID_PREFIX}${clientId}`, clientId, name: input.name, org, softwareId: input.softwareId, reconciled: false };
    });
  }

  async #reconcileRegister(session: BearerSession, input: RegisterServiceAccountInput, org: string, cause: VcdError, op: Operation): Promise<RegisteredServiceAccount> {
    if (cause.code === 'VCD_ABORTED') throw cause;
    let found: VcdServiceAccountInfo | undefined;
    try {
      found = (await this.#list(session, { name: input.name, org }, op)).find((a) => a.softwareId === null || a.softwareId === input.softwareId);
    } catch {
      found = undefined;
    }
    if (found) return { id: found.id, clientId: found.clientId, name: found.name, org: found.org.name || org, softwareId: input.softwareId, reconciled: true };
    throw new VcdError(
      cause.code,
      `Registering service account "${input.name}" failed (${quotedMessage(cause)}), and no account of that name was found afterwards; it is safe to try again.`,
      { cause, status: cause.status, method: cause.method, path: cause.path, retryable: true },
    );
  }

  /**
   * Starts the device flow for an account (`POST /oauth/…/device_authorization`, admin bearer; status
   * REQUESTED). The answer's `userCode` is for an administrator to grant; `deviceCode` is the secret the device
   * polls with (`pollDeviceToken`). A new request replaces the account's earlier codes.
   */
  public async authorize(
    session: BearerSession,
    account: { readonly id: string; readonly org: string },
    options: VcdOperationOptions & { readonly now?: () => number } = {},
  ): Promise<DeviceAuthorization> {
    const clientId = clientIdOf(account.id);
    assertOrgName(account.org);
    return this.#internals.run(options, async (op) => {
      await this.#requireSupport(op);
      const id = `${ID_PREFIX}${clientId}`;
      const description = `Starting the device authorization of service account ${id}`;
      const res = await this.#internals.bearerRequest(
        session,
        {
          method: 'POST',
          path: this.#internals.oauthPath(account.org, 'device_authorization'),
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ client_id: clientId }).toString(),
        },
        op,
        'application/json',
      );
      if (!isSuccess(res)) {
        const code = parseErrorBody(res).minorErrorCode?.toLowerCase();
        if (res.status === 400 && code === 'invalid_client') {
          throw new VcdError('VCD_NOT_FOUND', `${description} failed: VCD knows no service account ${id} in org "${account.org}".`, failureOptions(res, code));
        }
        if (res.status === 400 && code === 'invalid_request') {
          throw new VcdError(
            'VCD_INVALID_ARGUMENT',
            `${description} failed: VCD refused (${code}); an account that is already ACTIVE must be revoked first (vcd-token service-account revoke), which ends the token it holds.`,
            failureOptions(res, code),
          );
        }
        throw errorFromResponse(res, manage(description, session));
      }
      const j = parseJson(res, description);
      if (!isRecord(j) || typeof j.device_code !== 'string' || j.device_code === '') throw badResponse(res, description, 'the answer has no "device_code"');
      // Wrapped at once, so nothing below can print it.
      const deviceCode = new Secret(j.device_code);
      if (typeof j.user_code !== 'string' || !/^[A-Za-z0-9-]{4,32}$/.test(j.user_code)) throw badResponse(res, description, 'the answer has no usable "user_code"');
      if (typeof j.verification_uri !== 'string' || j.verification_uri === '') throw badResponse(res, description, 'the answer has no "verification_uri"');
      if (typeof j.expires_in !== 'number' || !Number.isFinite(j.expires_in) || j.expires_in <= 0) throw badResponse(res, description, '"expires_in" is missing or not a positive number');
      const interval = j.interval === undefined ? 5 : j.interval;
      if (typeof interval !== 'number' || !Number.isFinite(interval) || interval < 0) throw badResponse(res, description, '"interval" is not a non-negative number');
      return {
        serviceAccountId: id,
        clientId,
        org: account.org,
        deviceCode,
        userCode: j.user_code,
        verificationUri: j.verification_uri,
        expiresIn: j.expires_in,
        interval,
        requestedAt: (options.now ?? Date.now)(),
      };
    });
  }

  /** The device side: polls until an administrator granted `auth`; see device-flow.ts. */
  public async pollDeviceToken(auth: DeviceAuthorization, options: DeviceTokenPollOptions): Promise<ServiceAccountTokens> {
    await this.requireSupport(options);
    return pollDeviceToken(this.#internals, auth, options);
  }

  /** Grants a pending device authorization by its user code (`POST /cloudapi/1.0.0/deviceLookup/grant`; status GRANTED). */
  public async grant(session: BearerSession, userCode: string, options: VcdOperationOptions = {}): Promise<void> {
    return this.#decide(session, userCode, 'grant', options);
  }

  /**
   * Denies a pending device authorization by its user code (`POST /cloudapi/1.0.0/deviceLookup/deny`; the
   * device then gets `access_denied`). VCD does not publish this path (GAP); a VCD without it answers 404.
   */
  public async deny(session: BearerSession, userCode: string, options: VcdOperationOptions = {}): Promise<void> {
    return this.#decide(session, userCode, 'deny', options);
  }

  async #decide(session: BearerSession, userCode: string, decision: 'grant' | 'deny', options: VcdOperationOptions): Promise<void> {
    if (typeof userCode !== 'string' || !/^[A-Za-z0-9-]{4,32}$/.test(userCode.trim())) {
      throw new VcdError('VCD_INVALID_ARGUMENT', 'The user code is empty or malformed; it is the short code shown by the device (e.g. "BCDF-GHJK").');
    }
    const code = userCode.trim();
    return this.#internals.run(options, async (op) => {
      await this.#requireSupport(op);
      const description = `${decision === 'grant' ? 'Granting' : 'Denying'} the device authorization with user code ${code}`;
      const res = await this.#internals.bearerRequest(
        session,
        { method: 'POST', path: `${this.#internals.endpoint.prefix}${CLOUDAPI}/deviceLookup/${decision}`, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userCode: code }) },
        op,
      );
      if (isSuccess(res)) return;
      if (res.status === 404) {
        throw new VcdError(
          'VCD_NOT_FOUND',
          `${description} failed: VCD has no pending request with that user code (mistyped, expired, already granted and used, or in an org this user cannot manage).${decision === 'deny' ? ' A VCD without the (unpublished) deny path answers the same; let the code expire instead.' : ''}`,
          failureOptions(res, parseErrorBody(res).minorErrorCode),
        );
      }
      throw errorFromResponse(res, manage(description, session));
    });
  }

  /** Lists service accounts (`GET /cloudapi/1.0.0/serviceAccounts`, 32 per page, every page). `org` is matched on this side. */
  public async list(session: BearerSession, filter: { readonly name?: string; readonly org?: string } = {}, options: VcdOperationOptions = {}): Promise<VcdServiceAccountInfo[]> {
    if (filter.name !== undefined) assertFiqlValue('service account name', filter.name);
    return this.#internals.run(options, async (op) => {
      await this.#requireSupport(op);
      return this.#list(session, filter, op);
    });
  }

  async #list(session: BearerSession, filter: { readonly name?: string; readonly org?: string }, op: Operation): Promise<VcdServiceAccountInfo[]> {
    const values = await this.#internals.getAllPages(
      session,
      `${CLOUDAPI}/serviceAccounts`,
      filter.name !== undefined ? { filter: `name==${filter.name}` } : {},
      op,
      { operation: 'serviceAccountList', description: 'Listing service accounts', authMethod: session.authMethod },
      PAGE_SIZE,
    );
    const accounts = values.map(toServiceAccount).filter((a): a is VcdServiceAccountInfo => a !== undefined);
    // A System administrator sees every org's accounts; names are unique per org only.
    const org = filter.org?.toLowerCase();
    return org === undefined ? accounts : accounts.filter((a) => a.org.name.toLowerCase() === org);
  }

  /** One service account by id (`GET …/serviceAccounts/{id}`) or by name in an org (a filtered list). Missing → `VCD_NOT_FOUND`. */
  public async get(session: BearerSession, ref: ServiceAccountRef, options: VcdOperationOptions = {}): Promise<VcdServiceAccountInfo> {
    if ('name' in ref) assertFiqlValue('service account name', ref.name);
    const id = 'id' in ref ? `${ID_PREFIX}${clientIdOf(ref.id)}` : undefined;
    return this.#internals.run(options, async (op) => {
      await this.#requireSupport(op);
      return this.#get(session, id === undefined ? ref : { id }, op);
    });
  }

  async #get(session: BearerSession, ref: ServiceAccountRef, op: Operation): Promise<VcdServiceAccountInfo> {
    if ('name' in ref) {
      const org = ref.org ?? session.org;
      const found = await this.#list(session, { name: ref.name, org }, op);
      const exact = found.filter((a) => a.name === ref.name);
      const match = exact.length === 1 ? exact[0] : found.length === 1 ? found[0] : undefined;
      if (!match) {
        throw new VcdError(
          'VCD_NOT_FOUND',
          found.length === 0
            ? `No service account named "${ref.name}" in org "${org}" is visible to this user (it needs "View Service Accounts").`
            : `Several service accounts match "${ref.name}" in org "${org}"; give its id instead.`,
        );
      }
      return match;
    }
    const description = `Reading service account ${ref.id}`;
    const res = await this.#internals.bearerRequest(session, { method: 'GET', path: `${this.#internals.endpoint.prefix}${CLOUDAPI}/serviceAccounts/${ref.id}` }, op);
    if (!isSuccess(res)) throw errorFromResponse(res, { operation: 'serviceAccountGet', description, authMethod: session.authMethod });
    const account = toServiceAccount(parseJson(res, description));
    if (!account) throw badResponse(res, description, 'the answer is not a VCD ServiceAccount');
    return account;
  }

  /** Changes software id/version, URI or role (`PUT …/serviceAccounts/{id}` with the whole object, as VCD wants it). */
  public async update(session: BearerSession, ref: ServiceAccountRef, change: ServiceAccountUpdate, options: VcdOperationOptions = {}): Promise<VcdServiceAccountInfo> {
    if (change.softwareId !== undefined && !UUID_RE.test(change.softwareId)) throw new VcdError('VCD_INVALID_ARGUMENT', 'The software id must be a UUID.');
    if (change.roleId !== undefined && !/^urn:vcloud:role:[A-Za-z0-9-]+$/.test(change.roleId)) throw new VcdError('VCD_INVALID_ARGUMENT', 'The role must be given by its id, "urn:vcloud:role:<uuid>".');
    return this.#internals.run(options, async (op) => {
      await this.#requireSupport(op);
      const current = await this.#get(session, normaliseRef(ref), op);
      const description = `Updating service account ${current.id}`;
      const body = {
        id: current.id,
        name: current.name,
        softwareId: change.softwareId ?? current.softwareId,
        softwareVersion: change.softwareVersion === undefined ? current.softwareVersion : change.softwareVersion,
        uri: change.uri === undefined ? current.uri : change.uri,
        role: { id: change.roleId ?? current.role.id },
        org: current.org,
        status: current.status,
      };
      const res = await this.#internals.bearerRequest(
        session,
        { method: 'PUT', path: `${this.#internals.endpoint.prefix}${CLOUDAPI}/serviceAccounts/${current.id}`, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
        op,
      );
      if (!isSuccess(res)) throw errorFromResponse(res, manage(description, session));
      return toServiceAccount(parseJson(res, description)) ?? { ...current, ...body, role: { id: body.role.id, name: '' } };
    });
  }

  /**
   * Revokes the account's token and ends its sessions (`POST …/serviceAccounts/{id}/revoke`; status back to
   * CREATED). Authorize it again to get a new token.
   */
  public async revoke(session: BearerSession, ref: ServiceAccountRef, options: VcdOperationOptions = {}): Promise<VcdServiceAccountInfo> {
    return this.#internals.run(options, async (op) => {
      await this.#requireSupport(op);
      const current = await this.#get(session, normaliseRef(ref), op);
      const description = `Revoking service account ${current.id}`;
      const res = await this.#internals.bearerRequest(session, { method: 'POST', path: `${this.#internals.endpoint.prefix}${CLOUDAPI}/serviceAccounts/${current.id}/revoke` }, op);
      if (!isSuccess(res)) throw errorFromResponse(res, manage(description, session));
      return { ...current, status: 'CREATED' };
    });
  }

  /** Deletes the account (`DELETE …/serviceAccounts/{id}`, 202 + task) and waits for VCD's task to finish. */
  public async delete(session: BearerSession, ref: ServiceAccountRef, options: VcdOperationOptions & TaskWaitOptions = {}): Promise<DeleteServiceAccountResult> {
    return this.#internals.run(options, async (op) => {
      await this.#requireSupport(op);
      let id: string;
      if ('id' in ref) id = `${ID_PREFIX}${clientIdOf(ref.id)}`;
      else {
        try {
          id = (await this.#get(session, ref, op)).id;
        } catch (e) {
          if (VcdError.isVcdError(e) && e.code === 'VCD_NOT_FOUND' && 'name' in ref) return { id: ref.name, status: 'already-gone' };
          throw e;
        }
      }
      const description = `Deleting service account ${id}`;
      const res = await this.#internals.bearerRequest(session, { method: 'DELETE', path: `${this.#internals.endpoint.prefix}${CLOUDAPI}/serviceAccounts/${id}` }, op);
      if (res.status === 202) {
        await waitForTask(this.#internals, session, taskPathOf(res, this.#internals, description), op, description, options);
        return { id, status: 'deleted' };
      }
      if (isSuccess(res)) return { id, status: 'deleted' };
      if ((res.status === 403 || res.status === 404) && session.authMethod === 'password') return { id, status: 'already-gone' };
      throw errorFromResponse(res, manage(description, session));
    });
  }

  /**
   * Exchanges a service-account refresh token for a session (`grant_type=refresh_token`, token in the body only).
   * VCD rotates the token on every use: the new one is handed to `persist` and saved before this resolves, and
   * before the access token is used for anything. An answer without a new `refresh_token` is an error
   * (`VCD_ROTATION_INCOMPLETE`), never an empty token; a failing `persist` is `VCD_ROTATED_TOKEN_NOT_SAVED`.
   */
  public async exchange(
    input: { readonly org: string; readonly refreshToken: string | Secret; readonly persist: PersistRefreshToken; readonly serviceAccount?: string },
    options: VcdOperationOptions = {},
  ): Promise<ServiceAccountTokens> {
    assertOrgName(input.org);
    if (typeof input.persist !== 'function') {
      throw new VcdError('VCD_INVALID_ARGUMENT', 'A service-account exchange needs a persist callback: VCD rotates the token, and the new one must be saved before it is used.');
    }
    if (input.refreshToken === undefined || input.refreshToken === null || Secret.from(input.refreshToken).length === 0) {
      throw new VcdError('VCD_INVALID_ARGUMENT', 'The service-account token is empty.');
    }
    const presented = Secret.from(input.refreshToken);
    const who = input.serviceAccount ? `service account ${input.serviceAccount}` : `the service account of org "${input.org}"`;
    const t = await this.#internals.run(options, async (op) => {
      await this.#requireSupport(op);
      const description = `Exchanging the token of ${who}`;
      const res = await this.#internals.send(
        {
          method: 'POST',
          path: this.#internals.oauthPath(input.org, 'token'),
          headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: presented.reveal() }).toString(),
        },
        op,
      );
      if (!isSuccess(res)) {
        const err = errorFromResponse(res, { operation: 'exchange', description });
        if (err.code !== 'VCD_INVALID_GRANT') throw err;
        throw new VcdError(
          'VCD_INVALID_GRANT',
          `${description} failed: VCD rejected the token. A service-account token works once: this one was already used (the newer token is wherever that exchange saved it), or the account was revoked or deleted, or it belongs to another org. Use the newest saved copy, or authorize the account again (vcd-token service-account authorize).`,
          { cause: err, status: err.status, minorErrorCode: err.minorErrorCode, method: err.method, path: err.path, requestId: err.requestId },
        );
      }
      const parsed = parseTokenResponse(res, description);
      if (!parsed.refreshToken) {
        throw new VcdError(
          'VCD_ROTATION_INCOMPLETE',
          `${description}: VCD issued a session but no new "refresh_token". Service-account tokens rotate on use, so the token presented is probably dead now; nothing was saved. Check whether it still works (vcd-token service-account status), else authorize the account again.`,
          { status: res.status, method: res.method, path: res.path },
        );
      }
      return parsed;
    });
    const refreshToken = t.refreshToken as Secret;
    const rotated = refreshToken.reveal() !== presented.reveal();
    if (rotated) await persistOrExplain(input.persist, refreshToken, { stage: 'rotated', subject: who });
    const session: BearerSession = { org: input.org, accessToken: t.accessToken, tokenType: 'Bearer', authMethod: 'serviceAccount', expiresIn: t.expiresIn, obtainedAt: new Date() };
    return { session, refreshToken, rotated };
  }
}

function manage(description: string, session: BearerSession): { operation: 'serviceAccountManage'; description: string; authMethod: BearerSession['authMethod'] } {
  return { operation: 'serviceAccountManage', description, authMethod: session.authMethod };
}

function failureOptions(res: HttpResponse, minorErrorCode: string | undefined): { status: number; minorErrorCode?: string; method: string; path: string } {
  return { status: res.status, ...(minorErrorCode ? { minorErrorCode } : {}), method: res.method, path: res.path };
}

function registerFailure(res: HttpResponse, description: string, session: BearerSession, input: RegisterServiceAccountInput, org: string): VcdError {
  const body = parseErrorBody(res);
  const code = body.minorErrorCode;
  if (res.status === 400 && code === 'DUPLICATE_NAME') {
    return new VcdError(
      'VCD_INVALID_ARGUMENT',
      `${description} failed: org "${org}" already has a service account named "${input.name}". Use it (vcd-token service-account status --name ${input.name}), or choose another name.`,
      failureOptions(res, code),
    );
  }
  if (res.status === 400) {
    return new VcdError(
      'VCD_INVALID_ARGUMENT',
      `${description} failed: VCD refused the request${body.message ? ` (${body.message.slice(0, 200)})` : ''}. Check the role "${input.role}" exists in (or is published to) org "${org}".`,
      failureOptions(res, code),
    );
  }
  return errorFromResponse(res, manage(description, session));
}

function assertName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || name.trim() === '' || name !== name.trim() || name.length > MAX_NAME_LENGTH) {
    throw new VcdError('VCD_INVALID_ARGUMENT', `A service account name must be 1 to ${MAX_NAME_LENGTH} characters without surrounding spaces.`);
  }
  assertFiqlValue('service account name', name);
}

/** The client id (UUID) of `urn:vcloud:serviceAccount:<uuid>` or a bare UUID. */
export function clientIdOf(id: string): string {
  if (typeof id === 'string' && UUID_RE.test(id)) return id.toLowerCase();
  if (typeof id === 'string' && id.startsWith(ID_PREFIX) && UUID_RE.test(id.slice(ID_PREFIX.length))) return id.slice(ID_PREFIX.length).toLowerCase();
  throw new VcdError('VCD_INVALID_ARGUMENT', `A service account id was expected (value not shown: it may be a secret); expected "${ID_PREFIX}<uuid>" or the bare uuid.`);
}

function normaliseRef(ref: ServiceAccountRef): ServiceAccountRef {
  if ('id' in ref) return { id: `${ID_PREFIX}${clientIdOf(ref.id)}` };
  assertFiqlValue('service account name', ref.name);
  return ref;
}

function nullableString(x: unknown): string | null {
  return typeof x === 'string' ? x : null;
}

function toServiceAccount(x: unknown): VcdServiceAccountInfo | undefined {
  if (!isRecord(x) || typeof x.id !== 'string' || typeof x.name !== 'string' || !x.id.startsWith(ID_PREFIX)) return undefined;
  const clientId = x.id.slice(ID_PREFIX.length);
  if (!UUID_RE.test(clientId)) return undefined;
  return {
    id: x.id,
    clientId,
    name: x.name,
    org: toRef(x.org) ?? { name: '', id: '' },
    role: toRef(x.role) ?? { name: '', id: '' },
    softwareId: nullableString(x.softwareId),
    softwareVersion: nullableString(x.softwareVersion),
    uri: nullableString(x.uri),
    status: nullableString(x.status),
    ...(x.requireRotation === undefined ? {} : { requireRotation: typeof x.requireRotation === 'boolean' ? x.requireRotation : null }),
  };
}
