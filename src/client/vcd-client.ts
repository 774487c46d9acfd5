// The VCD client: one instance per VCD host. It negotiates the API version once per host and process, then
// logs in, creates, exchanges, lists and revokes API tokens; service accounts are `client.serviceAccounts`
// (service-accounts.ts, on the same transport). src/client/README.md lists the choices (GAP/INFERRED) made here.
import type { Dispatcher } from 'undici';
import { chooseApiVersion, parseSupportedVersions } from './api-version';
import { createDispatcher } from './dispatcher';
import { type OauthEndpoint, registerClientInternals } from './client-internals';
import { type ErrorMappingContext, errorFromResponse } from './error-mapping';
import { quotedMessage, VcdError } from './errors';
import { buildTokenFilter, assertFiqlValue } from './fiql';
import { HTML_PAGE_EXPLANATION, type HttpResponse, header, looksLikeHtml } from './http-response';
import { Operation } from './operation';
import { assertOrgName, isSystemOrg } from './org-name';
import { Secret, registerSecretValue } from './redaction';
import { UUID_RE, asVcdError, badResponse, isRecord, isRef, isSuccess, jwtSecondsLeft, normalizeUrn, parseJson, toRef } from './response-parsing';
import { type VcdRetryOptions, resolveRetryPolicy } from './retry-policy';
import { VcdServiceAccounts } from './service-accounts';
import { isIdempotentMethod, sessionRenewalOf } from './session-renewal';
import { parseTokenResponse } from './token-response';
import { MAX_REQUESTED_TOKEN_NAME_LENGTH, MAX_TOKEN_NAME_LENGTH, attemptTokenName, isTokenNamed } from './token-name';
import { type RequestSpec, type VcdLogger, VcdTransport } from './transport';
import type {
  BearerSession,
  CreatedApiToken,
  ListTokensFilter,
  NegotiatedVersion,
  RevokeResult,
  VcdEntityRef,
  VcdOperationOptions,
  VcdRightsBundle,
  VcdSessionInfo,
  VcdTokenInfo,
} from './types';
import { LIBRARY_SETTING_NAMES, type VcdSettingNames } from './setting-names';
import { defaultUserAgent } from './user-agent';
import { type VcdEndpoint, parseVcdUrl } from './vcd-url';

export interface VcdClientOptions {
  /** VCD address: `https://host`, `https://host/api` or `https://host/prefix/api` (a prefix is kept). */
  readonly url: string;
  /** PEM file with the CA(s) that signed the VCD certificate (added to Node's default roots). @default none */
  readonly caFile?: string;
  /** PEM CA certificate(s), same effect as `caFile`. @default none */
  readonly ca?: string | Buffer | ReadonlyArray<string | Buffer>;
  /**
   * Skip TLS certificate verification (mirrors VCD_ALLOW_UNVERIFIED_SSL). Emits a warning. Tokens sent over
   * an unverified connection can be stolen by anyone in the path; use only for throw-away labs.
   * @default false
   */
  readonly insecure?: boolean;
  /** Allow `http:` URLs for loopback hosts only (tests). @default false */
  readonly allowInsecureHttp?: boolean;
  /** Time to establish the TCP and TLS connection. @default 10000 */
  readonly connectTimeoutMs?: number;
  /** Time to wait for response headers per request. @default 30000 */
  readonly headersTimeoutMs?: number;
  /** Time between body chunks per request. @default 30000 */
  readonly bodyTimeoutMs?: number;
  /** Overall deadline of one operation (all its requests and retry waits). @default 60000 */
  readonly operationTimeoutMs?: number;
  /** Retry policy for GET and DELETE (POST is never retried). @default { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 10000, retryAfterCapMs: 30000 } */
  readonly retry?: VcdRetryOptions;
  /** Receives redacted debug events (request, response, retry, warning). @default none */
  readonly logger?: VcdLogger;
  /**
   * Connections the client may keep open to the host at once. A caller that never sends two requests at once
   * (every `vcd-token` command but `bootstrap`) gives 1: one connection, on which requests queue.
   * @default 8
   */
  readonly maxConnections?: number;
  /** `env`: honour HTTPS_PROXY/HTTP_PROXY/NO_PROXY (loopback always direct); `none`: always direct. @default "env" */
  readonly proxy?: 'env' | 'none';
  /** Environment used for proxy and NODE_EXTRA_CA_CERTS lookup. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Transport seam for tests (undici MockAgent). The client does not close a dispatcher it did not create. @default a Pool per host */
  readonly dispatcher?: Dispatcher;
  /** User-Agent header of every request. @default "vcd-api-tokens/<version> (node/<v>)" */
  readonly userAgent?: string;
  /**
   * What error messages call the CA, insecure and timeout settings: an application passes the names its users
   * set (the CLI: its flags and variables). @default LIBRARY_SETTING_NAMES (this class's option names)
   */
  readonly settingNames?: VcdSettingNames;
}

const CLOUDAPI = '/cloudapi/1.0.0';
const PAGE_SIZE = 128;
const MAX_PAGES = 1000;
const TOKEN_URN_PREFIX = 'urn:vcloud:token:';

/** Version negotiation results shared by every client of this process, per VCD endpoint. */
const processVersionCache = new Map<string, Promise<NegotiatedVersion>>();

/**
 * Forgets every negotiated version, as a new process would. For code that runs several CLI invocations in one
 * process (the in-process CLI tests), so each starts like a fresh `vcd-token`.
 */
export function forgetNegotiatedVersions(): void {
  processVersionCache.clear();
}

export class VcdClient {
  public readonly endpoint: VcdEndpoint;
  readonly #transport: VcdTransport;
  readonly #dispatcher: Dispatcher;
  readonly #ownsDispatcher: boolean;
  readonly #operationTimeoutMs: number;
  readonly #timeoutSetting: string;
  readonly #versionCache: Map<string, Promise<NegotiatedVersion>>;
  #closed = false;
  #serviceAccounts?: VcdServiceAccounts;

  public constructor(options: VcdClientOptions) {
    this.endpoint = parseVcdUrl(options.url, { allowInsecureHttp: options.allowInsecureHttp });
    const connectTimeoutMs = positive(options.connectTimeoutMs, 10_000, 'connectTimeoutMs');
    const headersTimeoutMs = positive(options.headersTimeoutMs, 30_000, 'headersTimeoutMs');
    const bodyTimeoutMs = positive(options.bodyTimeoutMs, 30_000, 'bodyTimeoutMs');
    this.#operationTimeoutMs = positive(options.operationTimeoutMs, 60_000, 'operationTimeoutMs');
    const settingNames = options.settingNames ?? LIBRARY_SETTING_NAMES;
    this.#timeoutSetting = settingNames.timeout;
    if (options.dispatcher) {
      this.#dispatcher = options.dispatcher;
      this.#ownsDispatcher = false;
      // An injected transport is a test double: keep negotiation per client so tests stay independent.
      this.#versionCache = new Map();
    } else {
      this.#dispatcher = createDispatcher(this.endpoint, {
        ca: options.ca,
        caFile: options.caFile,
        insecure: options.insecure,
        connectTimeoutMs,
        headersTimeoutMs,
        bodyTimeoutMs,
        proxy: options.proxy ?? 'env',
        env: options.env,
        connections: positiveInteger(options.maxConnections, 8, 'maxConnections'),
      });
      this.#ownsDispatcher = true;
      this.#versionCache = processVersionCache;
    }
    this.#transport = new VcdTransport({
      origin: this.endpoint.origin,
      dispatcher: this.#dispatcher,
      retry: resolveRetryPolicy(options.retry),
      userAgent: options.userAgent ?? defaultUserAgent(),
      headersTimeoutMs,
      bodyTimeoutMs,
      logger: options.logger,
      settingNames,
    });
    registerClientInternals(this, {
      endpoint: this.endpoint,
      run: (runOptions, fn) => this.#run(runOptions, fn),
      negotiate: (op) => this.#negotiate(op),
      send: (spec, op) => this.#transport.send(spec, op),
      bearerRequest: (session, spec, op, accept) => this.#bearerRequest(session, spec, op, accept),
      getAllPages: (session, basePath, query, op, ctx, pageSize) => this.#getAllPages(session, basePath, query, op, ctx, pageSize),
      oauthPath: (org, endpoint) => this.#oauthPath(org, endpoint),
    });
    if (options.insecure) {
      const message = `TLS certificate verification is OFF for ${this.endpoint.origin} (insecure: true). Anyone between this machine and VCD can read the tokens; give the CA with caFile instead.`;
      if (options.logger) this.#transport.emit({ type: 'warning', message });
      else process.emitWarning(message, { code: 'VCD_INSECURE_TLS' });
    }
  }

  /** Service accounts (VCD 10.4+): register, the device flow, list/get/update/revoke/delete, rotating exchange. */
  public get serviceAccounts(): VcdServiceAccounts {
    this.#serviceAccounts ??= new VcdServiceAccounts(this);
    return this.#serviceAccounts;
  }

  /** Closes the connections (only when the client created its dispatcher). */
  public async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#ownsDispatcher) await this.#dispatcher.close();
  }

  // ---------------------------------------------------------------------------------------------------------
  // Version negotiation

  /**
   * `GET /api/versions`, once per host and process. Fails with `VCD_VERSION_UNSUPPORTED` when the newest
   * version offered is older than 36.1.
   */
  public async negotiateVersion(options: VcdOperationOptions = {}): Promise<NegotiatedVersion> {
    return this.#run(options, (op) => this.#negotiate(op));
  }

  async #negotiate(op: Operation): Promise<NegotiatedVersion> {
    const key = `${this.endpoint.origin}${this.endpoint.prefix}`;
    let pending = this.#versionCache.get(key);
    if (!pending) {
      pending = this.#fetchVersions(op);
      this.#versionCache.set(key, pending);
      pending.catch(() => {
        if (this.#versionCache.get(key) === pending) this.#versionCache.delete(key);
      });
    }
    return pending;
  }

  async #fetchVersions(op: Operation): Promise<NegotiatedVersion> {
    const description = `Reading the supported API versions of ${this.endpoint.origin}`;
    const res = await this.#transport.send({ method: 'GET', path: `${this.endpoint.prefix}/api/versions` }, op);
    if (!isSuccess(res)) throw errorFromResponse(res, { operation: 'versions', description });
    if (looksLikeHtml(res)) throw badResponse(res, description, HTML_PAGE_EXPLANATION);
    const serverVersions = parseSupportedVersions(res.body);
    if (serverVersions.length === 0) throw badResponse(res, description, 'the answer lists no API versions (is this a VCD?)');
    return { apiVersion: chooseApiVersion(serverVersions), serverVersions };
  }

  // ---------------------------------------------------------------------------------------------------------
  // Sessions

  /**
   * Password login (`POST /cloudapi/1.0.0/sessions/provider` for System, any case; `/sessions` otherwise) with
   * Basic `user@org`. Fails with `VCD_BAD_ORG` before any request when the org is obviously wrong.
   */
  public async loginWithPassword(
    credentials: { readonly org: string; readonly user: string; readonly password: string | Secret },
    options: VcdOperationOptions = {},
  ): Promise<BearerSession> {
    const { org, user } = credentials;
    if (typeof user !== 'string' || user.trim() === '' || user.includes(':')) {
      throw new VcdError('VCD_INVALID_ARGUMENT', 'The user name is empty or contains ":" (not allowed in Basic credentials). Pass the VCD user name without the org.');
    }
    assertOrgName(org, user);
    if (credentials.password === undefined || credentials.password === null || Secret.from(credentials.password).length === 0) {
      throw new VcdError('VCD_INVALID_ARGUMENT', 'The password is empty.');
    }
    const password = Secret.from(credentials.password);
    return this.#run(options, async (op) => {
      const { apiVersion } = await this.#negotiate(op);
      const basic = Buffer.from(`${user}@${org}:${password.reveal()}`, 'utf8').toString('base64');
      registerSecretValue(basic);
      const path = `${this.endpoint.prefix}${CLOUDAPI}/sessions${isSystemOrg(org) ? '/provider' : ''}`;
      const description = `Logging in as "${user}@${org}"`;
      const res = await this.#transport.send(
        { method: 'POST', path, headers: { authorization: `Basic ${basic}`, accept: `application/json;version=${apiVersion}` } },
        op,
      );
      if (!isSuccess(res)) throw errorFromResponse(res, { operation: 'login', description });
      const token = header(res, 'x-vmware-vcloud-access-token');
      if (!token) throw badResponse(res, description, looksLikeHtml(res) ? HTML_PAGE_EXPLANATION : 'VCD sent no X-VMWARE-VCLOUD-ACCESS-TOKEN header');
      registerSecretValue(token);
      const tokenType = header(res, 'x-vmware-vcloud-token-type');
      if (tokenType !== undefined && tokenType.toLowerCase() !== 'bearer') {
        throw badResponse(res, description, 'X-VMWARE-VCLOUD-TOKEN-TYPE is not "Bearer"');
      }
      const info = parseSessionInfo(res);
      const expiresIn = jwtSecondsLeft(token);
      return {
        org: info?.org.name || org,
        user: info?.user.name || user,
        accessToken: new Secret(token),
        tokenType: 'Bearer',
        authMethod: 'password',
        obtainedAt: new Date(),
        ...(expiresIn !== undefined ? { expiresIn } : {}),
        ...(info ? { info } : {}),
      };
    });
  }

  /** `GET /cloudapi/1.0.0/sessions/current`. */
  public async whoami(session: BearerSession, options: VcdOperationOptions = {}): Promise<VcdSessionInfo> {
    return this.#run(options, (op) => this.#whoamiWith(session, op));
  }

  /**
   * Checks that a bearer works on the legacy API (`GET /api/org`, as go-vcloud-director does after an API-token
   * exchange). Returns the org names the session can see.
   */
  public async verifyBearer(session: BearerSession, options: VcdOperationOptions = {}): Promise<{ readonly orgNames: readonly string[] }> {
    return this.#run(options, async (op) => {
      const { apiVersion } = await this.#negotiate(op);
      const res = await this.#bearerRequest(session, { method: 'GET', path: `${this.endpoint.prefix}/api/org` }, op, `application/*+xml;version=${apiVersion}`);
      const description = 'Verifying the bearer token on /api/org';
      if (!isSuccess(res)) throw errorFromResponse(res, { operation: 'verify', description });
      if (looksLikeHtml(res)) throw badResponse(res, description, HTML_PAGE_EXPLANATION);
      const orgNames = [...res.body.matchAll(/<(?:[\w-]+:)?Org\b[^>]*\bname="([^"]*)"/g)].map((m) => m[1] as string);
      return { orgNames };
    });
  }

  /** `DELETE /cloudapi/1.0.0/sessions/current`. A session VCD no longer knows (401) counts as logged out. */
  public async logout(session: BearerSession, options: VcdOperationOptions = {}): Promise<void> {
    return this.#run(options, async (op) => {
      const res = await this.#bearerRequest(session, { method: 'DELETE', path: `${this.endpoint.prefix}${CLOUDAPI}/sessions/current` }, op);
      if (isSuccess(res) || res.status === 401) return;
      throw errorFromResponse(res, { operation: 'logout', description: 'Logging out' });
    });
  }

  // ---------------------------------------------------------------------------------------------------------
  // API tokens

  /**
   * Exchanges an API token for a bearer session (refresh-token grant; the token travels in the form body,
   * never in the URL; no Authorization header).
   */
  public async exchangeApiToken(
    input: { readonly org: string; readonly apiToken: string | Secret },
    options: VcdOperationOptions = {},
  ): Promise<BearerSession> {
    assertOrgName(input.org);
    if (input.apiToken === undefined || input.apiToken === null || Secret.from(input.apiToken).length === 0) {
      throw new VcdError('VCD_INVALID_ARGUMENT', 'The API token is empty.');
    }
    const apiToken = Secret.from(input.apiToken);
    return this.#run(options, async (op) => {
      // The token endpoint takes no version header, so an exchange is one request: no version negotiation.
      const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: apiToken.reveal() }).toString();
      const description = `Exchanging the API token for a session in org "${input.org}"`;
      const res = await this.#transport.send(
        {
          method: 'POST',
          path: this.#oauthPath(input.org, 'token'),
          headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
          body: form,
        },
        op,
      );
      if (res.status === 404) {
        // A VCD older than 10.3.1 has no token endpoint; say so rather than "check the URL" when that is why.
        await this.#negotiate(op);
      }
      if (!isSuccess(res)) throw errorFromResponse(res, { operation: 'exchange', description });
      const t = parseTokenResponse(res, description);
      const rotated = t.refreshToken && t.refreshToken.reveal() !== apiToken.reveal() ? t.refreshToken : undefined;
      return {
        org: input.org,
        accessToken: t.accessToken,
        tokenType: 'Bearer',
        authMethod: 'apiToken',
        expiresIn: t.expiresIn,
        obtainedAt: new Date(),
        ...(rotated ? { rotatedApiToken: rotated } : {}),
      };
    });
  }

  /**
   * Creates an API token for the session's user: register + jwt-bearer grant, two requests (plus the version
   * negotiation of the login, once per host and process). Needs a password session. VCD names the token
   * `<name>~<8 hex>`, unique to this attempt (see `token-name.ts`): after an ambiguous failure the client
   * revokes this attempt's token, found by its id or by that exact name, and throws `VCD_CREATE_RECONCILED`
   * with `details.orphansRevoked` / `details.unresolved` (`VCD_REVOKE_UNCONFIRMED` when a token of the attempt
   * may still be live: a revoke failed, or the lookup by name did). Nothing is listed before the create.
   */
  public async createApiToken(session: BearerSession, input: { readonly name: string }, options: VcdOperationOptions = {}): Promise<CreatedApiToken> {
    if (this.#closed) throw clientClosed();
    if (session.authMethod !== 'password') {
      throw new VcdError(
        'VCD_TOKEN_SESSION_FORBIDDEN',
        'VCD refuses token creation from a session made from an API token; log in with a password (a user with the "API Tokens: Manage" right) to create tokens.',
      );
    }
    assertFiqlValue('token name', input.name);
    if (input.name.length > MAX_REQUESTED_TOKEN_NAME_LENGTH) {
      throw new VcdError(
        'VCD_INVALID_ARGUMENT',
        `The token name is longer than ${MAX_REQUESTED_TOKEN_NAME_LENGTH} characters (VCD allows ${MAX_TOKEN_NAME_LENGTH}, and the per-attempt suffix "~<8 hex>" takes the rest).`,
      );
    }
    const requestedName = input.name;
    const name = attemptTokenName(requestedName);
    const timeoutMs = options.timeoutMs ?? this.#operationTimeoutMs;
    const op = new Operation(timeoutMs, options.signal, this.#timeoutSetting);
    let owner: string | undefined;
    let clientId: string | undefined;
    try {
      owner = session.user ?? (await this.#whoamiWith(session, op)).user.name;
      assertFiqlValue('owner name', owner);

      // Step 1: register. A definite refusal (4xx) created nothing; anything else may have.
      const registerDescription = `Registering API token "${requestedName}"`;
      let res: HttpResponse;
      try {
        res = await this.#bearerRequest(
          session,
          { method: 'POST', path: this.#oauthPath(session.org, 'register'), headers: { 'content-type': 'application/json' }, body: JSON.stringify({ client_name: name }) },
          op,
          'application/json',
        );
      } catch (e) {
        throw new AmbiguousCreate(asVcdError(e));
      }
      if (!isSuccess(res)) {
        const err = errorFromResponse(res, { operation: 'register', description: registerDescription, authMethod: session.authMethod });
        if (res.status >= 400 && res.status < 500) throw err;
        throw new AmbiguousCreate(err);
      }
      clientId = parseClientId(res);
      if (clientId === undefined) {
        throw new AmbiguousCreate(badResponse(res, registerDescription, 'the answer has no valid "client_id" (a UUID)'));
      }

      // Step 2: the one-time jwt-bearer grant returns the API token (refresh_token). Never retried.
      const grantDescription = `Obtaining the secret of API token "${requestedName}"`;
      let grant: HttpResponse;
      try {
        grant = await this.#bearerRequest(
          session,
          {
            method: 'POST',
            path: this.#oauthPath(session.org, 'token'),
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({
              grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
              assertion: session.accessToken.reveal(),
              client_id: clientId,
            }).toString(),
          },
          op,
          'application/json',
        );
      } catch (e) {
        throw new AmbiguousCreate(asVcdError(e));
      }
      if (!isSuccess(grant)) {
        throw new AmbiguousCreate(errorFromResponse(grant, { operation: 'grant', description: grantDescription, authMethod: session.authMethod }));
      }
      let refresh: Secret | undefined;
      try {
        refresh = parseTokenResponse(grant, grantDescription).refreshToken;
      } catch (e) {
        throw new AmbiguousCreate(asVcdError(e));
      }
      if (!refresh) throw new AmbiguousCreate(badResponse(grant, grantDescription, 'the token response has no "refresh_token" (the API token)'));
      return { id: `${TOKEN_URN_PREFIX}${clientId}`, name, requestedName, apiToken: refresh, org: session.org, owner };
    } catch (e) {
      if (!(e instanceof AmbiguousCreate)) throw asVcdError(e, op);
      return await this.#reconcileCreate(session, { name, requestedName, owner: owner as string, clientId, cause: e.cause, timeoutMs });
    } finally {
      op.dispose();
    }
  }

  async #reconcileCreate(
    session: BearerSession,
    ctx: { name: string; requestedName: string; owner: string; clientId?: string; cause: VcdError; timeoutMs: number },
  ): Promise<never> {
    // The caller's signal is deliberately not used here: leaving a live, unknown credential behind is worse
    // than a cleanup that takes up to one more deadline.
    const op = new Operation(ctx.timeoutMs, undefined, this.#timeoutSetting);
    const orphansRevoked: string[] = [];
    const unresolved: string[] = [];
    const candidates = new Set<string>();
    let listFailed = false;
    if (ctx.clientId) {
      candidates.add(`${TOKEN_URN_PREFIX}${ctx.clientId}`);
    } else {
      // The register answer was lost: the attempt's unique name is the only handle on what VCD may have made.
      try {
        const found = await this.#listTokensWith(session, { name: ctx.name, owner: ctx.owner }, op);
        for (const t of found) if (t.name === ctx.name && t.owner.name === ctx.owner) candidates.add(t.id);
      } catch {
        listFailed = true;
      }
    }
    for (const id of candidates) {
      try {
        await this.#revokeWith(session, id, op);
        orphansRevoked.push(id);
      } catch {
        unresolved.push(id);
      }
    }
    op.dispose();
    const parts = [
      `Creating API token "${ctx.requestedName}" failed (${ctx.cause.code}: ${quotedMessage(ctx.cause)}).`,
      orphansRevoked.length ? `Revoked ${orphansRevoked.length} orphan token(s) whose secret was never received: ${orphansRevoked.join(', ')}.` : '',
      !listFailed && candidates.size === 0 ? 'VCD holds no token of this attempt.' : '',
      unresolved.length ? `Could NOT revoke: ${unresolved.join(', ')}; revoke them by hand (vcd-token revoke).` : '',
      listFailed ? `Could not look up the token "${ctx.name}" this attempt may have registered; check by hand (vcd-token list --name ${ctx.requestedName}) and revoke it.` : '',
      unresolved.length === 0 && !listFailed ? 'Nothing was left behind; it is safe to try again.' : '',
    ];
    // A token of this attempt that may still be live is a revoke not confirmed (exit 7 in the CLI), not a plain
    // failure to retry: the user has to act on the ids named.
    const leftLive = unresolved.length > 0 || listFailed;
    throw new VcdError(leftLive ? 'VCD_REVOKE_UNCONFIRMED' : 'VCD_CREATE_RECONCILED', parts.filter(Boolean).join(' '), {
      cause: ctx.cause,
      status: ctx.cause.status,
      method: ctx.cause.method,
      path: ctx.cause.path,
      requestId: ctx.cause.requestId,
      retryable: unresolved.length === 0 && !listFailed,
      details: { orphansRevoked, unresolved, listFailed, causeCode: ctx.cause.code, attemptName: ctx.name },
    });
  }

  /** Lists tokens (`GET /cloudapi/1.0.0/tokens`, FIQL filter, pageSize 128, every page). */
  public async listTokens(session: BearerSession, filter: ListTokensFilter = {}, options: VcdOperationOptions = {}): Promise<VcdTokenInfo[]> {
    return this.#run(options, (op) => this.#listTokensWith(session, filter, op));
  }

  async #listTokensWith(session: BearerSession, filter: ListTokensFilter, op: Operation): Promise<VcdTokenInfo[]> {
    const types = filter.type === undefined ? ['PROXY', 'REFRESH'] : typeof filter.type === 'string' ? [filter.type] : [...filter.type];
    if (filter.createdAs !== undefined) {
      assertFiqlValue('token name', filter.createdAs);
      if (filter.name !== undefined) throw new VcdError('VCD_INVALID_ARGUMENT', 'List tokens by name or by the name they were created as, not both.');
    }
    const fiql = buildTokenFilter({ name: filter.name, owner: filter.owner, types });
    const values = await this.#getAllPages(session, `${CLOUDAPI}/tokens`, fiql ? { filter: fiql } : {}, op, {
      operation: 'listTokens',
      description: 'Listing API tokens',
    });
    const tokens = values.map(toTokenInfo).filter((t): t is VcdTokenInfo => t !== undefined);
    const createdAs = filter.createdAs;
    return createdAs === undefined ? tokens : tokens.filter((t) => isTokenNamed(t.name, createdAs));
  }

  /** `GET /cloudapi/1.0.0/tokens/{id}`. A missing token gives `VCD_NOT_FOUND` (VCD answers 403). */
  public async getToken(session: BearerSession, id: string, options: VcdOperationOptions = {}): Promise<VcdTokenInfo> {
    const urn = normalizeTokenId(id);
    return this.#run(options, async (op) => {
      const res = await this.#bearerRequest(session, { method: 'GET', path: `${this.endpoint.prefix}${CLOUDAPI}/tokens/${urn}` }, op);
      const ctx = { operation: 'getToken' as const, description: `Reading token ${urn}` };
      if (!isSuccess(res)) throw errorFromResponse(res, ctx);
      const t = toTokenInfo(parseJson(res, ctx.description));
      if (!t) throw badResponse(res, ctx.description, 'the answer is not a VCD Token');
      return t;
    });
  }

  /**
   * Revokes a token (`DELETE /cloudapi/1.0.0/tokens/{id}`). Idempotent: a 403/404 is `already-gone`, which
   * is ambiguous: VCD answers 403 for a missing token and for one this session may not see (another owner's);
   * a caller holding the token's secret can tell them apart by exchanging it (the CLI does). 429/502/503/504 are retried honouring Retry-After; if VCD still has not confirmed,
   * throws `VCD_REVOKE_UNCONFIRMED` (the token may still be live).
   */
  public async revokeToken(session: BearerSession, id: string, options: VcdOperationOptions = {}): Promise<RevokeResult> {
    const urn = normalizeTokenId(id);
    return this.#run(options, (op) => this.#revokeWith(session, urn, op));
  }

  async #revokeWith(session: BearerSession, urn: string, op: Operation): Promise<RevokeResult> {
    const description = `Revoking token ${urn}`;
    let res: HttpResponse;
    try {
      res = await this.#bearerRequest(session, { method: 'DELETE', path: `${this.endpoint.prefix}${CLOUDAPI}/tokens/${urn}` }, op);
    } catch (e) {
      const err = asVcdError(e, op);
      if (err.code === 'VCD_ABORTED' || err.code === 'VCD_VERSION_UNSUPPORTED') throw err;
      throw unconfirmed(urn, err);
    }
    if (isSuccess(res)) return { id: urn, status: 'revoked' };
    if (res.status === 403 || res.status === 404) return { id: urn, status: 'already-gone' };
    const err = errorFromResponse(res, { operation: 'revoke', description });
    if (res.status === 401) throw err;
    throw unconfirmed(urn, err);
  }

  // ---------------------------------------------------------------------------------------------------------
  // Rights (bootstrap preflight)

  /** Rights of a role (`GET /cloudapi/1.0.0/roles/{id}/rights`, all pages). */
  public async getRoleRights(session: BearerSession, roleId: string, options: VcdOperationOptions = {}): Promise<VcdEntityRef[]> {
    const id = normalizeUrn(roleId, 'role');
    return this.#run(options, async (op) =>
      (await this.#getAllPages(session, `${CLOUDAPI}/roles/${id}/rights`, {}, op, { operation: 'rights', description: `Reading the rights of role ${id}` })).map(toRef).filter(isRef),
    );
  }

  /**
   * Rights bundles visible to the session (`GET /cloudapi/1.0.0/rightsBundles`, all pages). Provider sessions
   * see every bundle; tenant sessions see only those published to their org (as the emulator models it; real
   * VCD may refuse tenants without the rights-bundle view right).
   */
  public async listRightsBundles(session: BearerSession, options: VcdOperationOptions = {}): Promise<VcdRightsBundle[]> {
    return this.#run(options, async (op) =>
      (await this.#getAllPages(session, `${CLOUDAPI}/rightsBundles`, {}, op, { operation: 'rights', description: 'Listing rights bundles' }))
        .map(toRightsBundle)
        .filter((b): b is VcdRightsBundle => b !== undefined),
    );
  }

  /** Rights of a rights bundle (`GET /cloudapi/1.0.0/rightsBundles/{id}/rights`, all pages). */
  public async getRightsBundleRights(session: BearerSession, bundleId: string, options: VcdOperationOptions = {}): Promise<VcdEntityRef[]> {
    const id = normalizeUrn(bundleId, 'rightsBundle');
    return this.#run(options, async (op) =>
      (await this.#getAllPages(session, `${CLOUDAPI}/rightsBundles/${id}/rights`, {}, op, { operation: 'rights', description: `Reading the rights of bundle ${id}` }))
        .map(toRef)
        .filter(isRef),
    );
  }

  // ---------------------------------------------------------------------------------------------------------
  // Plumbing

  async #run<T>(options: VcdOperationOptions, fn: (op: Operation) => Promise<T>): Promise<T> {
    if (this.#closed) throw clientClosed();
    const op = new Operation(options.timeoutMs ?? this.#operationTimeoutMs, options.signal, this.#timeoutSetting);
    try {
      return await fn(op);
    } catch (e) {
      throw asVcdError(e, op);
    } finally {
      op.dispose();
    }
  }

  async #whoamiWith(session: BearerSession, op: Operation): Promise<VcdSessionInfo> {
    const res = await this.#bearerRequest(session, { method: 'GET', path: `${this.endpoint.prefix}${CLOUDAPI}/sessions/current` }, op);
    const description = 'Reading the current session';
    if (!isSuccess(res)) throw errorFromResponse(res, { operation: 'whoami', description });
    const info = parseSessionInfo(res);
    if (!info) throw badResponse(res, description, 'the session body is not a VCD Session');
    return info;
  }

  /**
   * Sends a request with the session's bearer; `spec.path` is the full path (endpoint prefix included). A
   * renewing session (renewing-session.ts) is renewed before its known expiry, and once after a 401; the request
   * is then repeated only when its method is idempotent.
   */
  async #bearerRequest(session: BearerSession, spec: RequestSpec, op: Operation, accept?: string): Promise<HttpResponse> {
    const renewal = session ? sessionRenewalOf(session) : undefined;
    if (!renewal && (!session || !Secret.isSecret(session.accessToken))) {
      throw new VcdError('VCD_INVALID_ARGUMENT', 'The session has no access token; obtain one with loginWithPassword or exchangeApiToken.');
    }
    // The OAuth endpoints take a plain Accept; only versioned requests wait for the version negotiation.
    const acceptHeader = accept ?? `application/json;version=${(await this.#negotiate(op)).apiVersion}`;
    const sendWith = (bearer: Secret): Promise<HttpResponse> =>
      this.#transport.send({ ...spec, headers: { authorization: `Bearer ${bearer.reveal()}`, accept: acceptHeader, ...(spec.headers ?? {}) } }, op);
    if (!renewal) return sendWith(session.accessToken);
    const bearer = await renewal.current();
    const res = await sendWith(bearer);
    if (res.status !== 401) return res;
    const renewed = await renewal.afterUnauthorized(bearer);
    if (isIdempotentMethod(spec.method)) return sendWith(renewed);
    throw new VcdError(
      'VCD_AUTH_FAILED',
      `VCD ended the session before this ${spec.method} (HTTP 401). The session was renewed, but the request was not repeated because ${spec.method} is not idempotent; run it again.`,
      { status: 401, method: spec.method, path: spec.path, details: { renewed: true, repeated: false } },
    );
  }

  #oauthPath(org: string, endpoint: OauthEndpoint): string {
    const where = isSystemOrg(org) ? 'provider' : `tenant/${encodeURIComponent(org)}`;
    return `${this.endpoint.prefix}/oauth/${where}/${endpoint}`;
  }

  async #getAllPages(
    session: BearerSession,
    basePath: string,
    query: Record<string, string>,
    op: Operation,
    ctx: ErrorMappingContext,
    pageSize: number = PAGE_SIZE,
  ): Promise<unknown[]> {
    const out: unknown[] = [];
    const collectionPath = `${this.endpoint.prefix}${basePath}`;
    let page = 1;
    let path = `${collectionPath}?${new URLSearchParams({ ...query, page: '1', pageSize: String(pageSize) }).toString()}`;
    const seen = new Set<string>();
    for (let n = 0; n < MAX_PAGES; n++) {
      seen.add(path);
      const res = await this.#bearerRequest(session, { method: 'GET', path }, op);
      if (!isSuccess(res)) throw errorFromResponse(res, ctx);
      const body = parseJson(res, ctx.description) as { values?: unknown; page?: unknown; pageCount?: unknown; resultTotal?: unknown };
      if (!body || typeof body !== 'object' || !Array.isArray(body.values)) throw badResponse(res, ctx.description, 'the answer has no "values" array');
      out.push(...body.values);
      const next = this.#nextPageFromLink(res, collectionPath);
      const current = typeof body.page === 'number' ? body.page : page;
      let nextPath: string | undefined;
      if (next) nextPath = next;
      else if (typeof body.pageCount === 'number' && current < body.pageCount) nextPath = withPage(path, current + 1, pageSize);
      else if (typeof body.resultTotal === 'number' && out.length < body.resultTotal && body.values.length > 0) nextPath = withPage(path, current + 1, pageSize);
      if (!nextPath || seen.has(nextPath)) return out;
      page = current + 1;
      path = nextPath;
    }
    throw new VcdError('VCD_BAD_RESPONSE', `${ctx.description}: more than ${MAX_PAGES} pages; refusing to continue.`);
  }

  /** The `rel="nextPage"` link, only when it points at the same VCD origin and collection (the bearer never leaves). */
  #nextPageFromLink(res: HttpResponse, collectionPath: string): string | undefined {
    const raw = res.headers['link'];
    const text = Array.isArray(raw) ? raw.join(', ') : raw;
    if (!text) return undefined;
    for (const m of text.matchAll(/<([^>]*)>([^<]*)/g)) {
      const params = m[2] ?? '';
      if (!/;\s*rel\s*=\s*"?nextPage"?/i.test(params)) continue;
      try {
        const u = new URL(m[1] as string, this.endpoint.origin);
        if (u.origin !== this.endpoint.origin || u.pathname !== collectionPath) return undefined;
        return `${u.pathname}${u.search}`;
      } catch {
        return undefined;
      }
    }
    return undefined;
  }
}

/** Internal marker: a create step failed in a way that may have left a token behind. */
class AmbiguousCreate extends Error {
  public override readonly cause: VcdError;
  public constructor(cause: VcdError) {
    super(cause.message);
    this.cause = cause;
  }
}

function clientClosed(): VcdError {
  return new VcdError('VCD_CLIENT_CLOSED', 'This VcdClient is closed: create a new one (a closed client has released its connections).');
}

function positive(value: number | undefined, fallback: number, name: string): number {
  const v = value ?? fallback;
  if (!Number.isFinite(v) || v <= 0) throw new VcdError('VCD_INVALID_ARGUMENT', `${name} must be a positive number of milliseconds.`);
  return v;
}

function positiveInteger(value: number | undefined, fallback: number, name: string): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < 1) throw new VcdError('VCD_INVALID_ARGUMENT', `${name} must be a whole number of at least 1.`);
  return v;
}

function unconfirmed(urn: string, cause: VcdError): VcdError {
  return new VcdError(
    'VCD_REVOKE_UNCONFIRMED',
    `VCD did not confirm revoking token ${urn} (${cause.code}); the token may still be live. Retry the revoke, or revoke it in the VCD UI (User preferences > Access tokens).`,
    { cause, status: cause.status, method: cause.method ?? 'DELETE', path: cause.path, requestId: cause.requestId, retryable: true, details: { id: urn } },
  );
}

function withPage(path: string, page: number, pageSize: number): string {
  const [p, q = ''] = path.split('?', 2) as [string, string?];
  const params = new URLSearchParams(q);
  params.set('page', String(page));
  if (!params.has('pageSize')) params.set('pageSize', String(pageSize));
  return `${p}?${params.toString()}`;
}

function toTokenInfo(x: unknown): VcdTokenInfo | undefined {
  if (!isRecord(x) || typeof x.id !== 'string' || typeof x.name !== 'string') return undefined;
  const owner = toRef(x.owner) ?? { name: typeof x.username === 'string' ? x.username : '', id: typeof x.userId === 'string' ? x.userId : '' };
  const org = toRef(x.org) ?? { name: typeof x.orgName === 'string' ? x.orgName : '', id: '' };
  return {
    id: x.id,
    name: x.name,
    type: typeof x.type === 'string' ? x.type : '',
    owner,
    org,
    ...(x.expirationTimeUtc === undefined ? {} : { expirationTimeUtc: typeof x.expirationTimeUtc === 'string' ? x.expirationTimeUtc : null }),
  };
}

function toRightsBundle(x: unknown): VcdRightsBundle | undefined {
  if (!isRecord(x) || typeof x.id !== 'string' || typeof x.name !== 'string') return undefined;
  return {
    id: x.id,
    name: x.name,
    ...(typeof x.description === 'string' ? { description: x.description } : {}),
    ...(typeof x.bundleKey === 'string' ? { bundleKey: x.bundleKey } : {}),
    ...(typeof x.readOnly === 'boolean' ? { readOnly: x.readOnly } : {}),
    ...(typeof x.publishAll === 'boolean' ? { publishAll: x.publishAll } : {}),
  };
}

function parseSessionInfo(res: HttpResponse): VcdSessionInfo | undefined {
  if (looksLikeHtml(res)) return undefined;
  let j: unknown;
  try {
    j = JSON.parse(res.body);
  } catch {
    return undefined;
  }
  if (!isRecord(j)) return undefined;
  const user = toRef(j.user);
  const org = toRef(j.org);
  if (!user || !org) return undefined;
  return {
    id: typeof j.id === 'string' ? j.id : '',
    user,
    org,
    roles: Array.isArray(j.roles) ? j.roles.filter((r): r is string => typeof r === 'string') : [],
    roleRefs: Array.isArray(j.roleRefs) ? j.roleRefs.map(toRef).filter(isRef) : [],
    ...(typeof j.sessionIdleTimeoutMinutes === 'number' ? { sessionIdleTimeoutMinutes: j.sessionIdleTimeoutMinutes } : {}),
  };
}

function parseClientId(res: HttpResponse): string | undefined {
  let j: unknown;
  try {
    j = JSON.parse(res.body);
  } catch {
    return undefined;
  }
  if (!isRecord(j) || typeof j.client_id !== 'string') return undefined;
  return UUID_RE.test(j.client_id) ? j.client_id : undefined;
}

function normalizeTokenId(id: string): string {
  if (typeof id === 'string' && UUID_RE.test(id)) return `${TOKEN_URN_PREFIX}${id}`;
  if (typeof id === 'string' && id.startsWith(TOKEN_URN_PREFIX) && UUID_RE.test(id.slice(TOKEN_URN_PREFIX.length))) return id;
  // The value is not shown: what people paste where an id belongs is often the token itself.
  throw new VcdError('VCD_INVALID_ARGUMENT', `A token id was expected, got something else (value not shown: it may be a secret); expected "urn:vcloud:token:<uuid>" (or the bare uuid).`);
}

