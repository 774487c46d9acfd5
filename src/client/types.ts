// Public data shapes of the VCD client. Secrets are always `Secret`, never plain strings.
import type { Secret } from './redaction';

/** How a bearer session was obtained. VCD forbids creating tokens from `apiToken` and `serviceAccount` sessions. */
export type VcdAuthMethod = 'password' | 'apiToken' | 'serviceAccount';

/** A reference as VCD returns it: `{ name, id }` (id is a URN). */
export interface VcdEntityRef {
  readonly name: string;
  readonly id: string;
}

/** `GET /cloudapi/1.0.0/sessions/current` and the password login body (VCD `Session`). */
export interface VcdSessionInfo {
  /** `urn:vcloud:session:…` */
  readonly id: string;
  readonly user: VcdEntityRef;
  readonly org: VcdEntityRef;
  readonly roles: readonly string[];
  readonly roleRefs: readonly VcdEntityRef[];
  /** @default undefined when VCD does not say */
  readonly sessionIdleTimeoutMinutes?: number;
}

/** A VCD bearer session (JWT). Pass it to the operations that need authentication. */
export interface BearerSession {
  /** The org the session belongs to (its name, as used in `/oauth/tenant/{org}`). */
  readonly org: string;
  /** The user name, when known (password logins; `undefined` after an API-token exchange until `whoami`). */
  readonly user?: string;
  readonly accessToken: Secret;
  /** Always "Bearer" (VCD's `X-VMWARE-VCLOUD-TOKEN-TYPE` / `token_type`). */
  readonly tokenType: 'Bearer';
  readonly authMethod: VcdAuthMethod;
  /** Lifetime in seconds as VCD reported it (`expires_in`, or the JWT `exp` for password logins), when known. */
  readonly expiresIn?: number;
  /** When the session was obtained (client clock). */
  readonly obtainedAt: Date;
  /** The session body of a password login. */
  readonly info?: VcdSessionInfo;
  /**
   * A new refresh token returned by the exchange (service accounts rotate on every use). When present the
   * caller MUST persist it and discard the old one before doing anything else.
   */
  readonly rotatedApiToken?: Secret;
}

/** A VCD token as listed by `/cloudapi/1.0.0/tokens` (never contains the secret). */
export interface VcdTokenInfo {
  /** `urn:vcloud:token:<uuid>` */
  readonly id: string;
  readonly name: string;
  /** "REFRESH" for API tokens; "PROXY"/"EXTENSION" for other kinds. */
  readonly type: string;
  readonly owner: VcdEntityRef;
  readonly org: VcdEntityRef;
  readonly expirationTimeUtc?: string | null;
}

/** The result of `createApiToken`. `apiToken` is the refresh token (the API token); it is shown once. */
export interface CreatedApiToken {
  /** `urn:vcloud:token:<client_id>` */
  readonly id: string;
  /** The token's name in VCD: the requested name plus this attempt's suffix, `<name>~<8 hex>`. */
  readonly name: string;
  /** The name the caller asked for. */
  readonly requestedName: string;
  readonly apiToken: Secret;
  /** Org name the token belongs to (the session's org). */
  readonly org: string;
  /** User name of the owner. */
  readonly owner: string;
}

/**
 * Result of `revokeToken`. `already-gone` means VCD answered 403/404: the token no longer exists *for this
 * session*. VCD answers 403 both for missing tokens and for tokens the session may not see (another user's
 * token without "API Tokens: Manage All", or any other user's token from an API-token session), so revoke
 * with a session that can see the token.
 */
export interface RevokeResult {
  readonly id: string;
  readonly status: 'revoked' | 'already-gone';
}

/** A rights bundle as listed by `/cloudapi/1.0.0/rightsBundles`. */
export interface VcdRightsBundle {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  readonly bundleKey?: string;
  readonly readOnly?: boolean;
  readonly publishAll?: boolean;
}

/** The negotiated API version of one VCD host. */
export interface NegotiatedVersion {
  /** The version sent in `Accept: …;version=X`. */
  readonly apiVersion: string;
  /** Every non-deprecated version the server offered. */
  readonly serverVersions: readonly string[];
}

/** Filter for `listTokens`. Values must not contain FIQL syntax characters (`,;()=*+` or spaces). */
export interface ListTokensFilter {
  /** The exact VCD name. */
  readonly name?: string;
  /**
   * Tokens created under this name: `createdAs` itself and `createdAs~<attempt suffix>` (see `createApiToken`).
   * Matched on this side (VCD's FIQL is not known to match prefixes), so combine it with `owner` to keep the
   * listing short. Exclusive with `name`.
   */
  readonly createdAs?: string;
  /** Owner user name (`owner.name`). */
  readonly owner?: string;
  /** Token types. @default ["PROXY", "REFRESH"] (as go-vcloud-director) */
  readonly type?: string | readonly string[];
}

/** Per-operation options. */
export interface VcdOperationOptions {
  /** Cancels the operation, including a pending retry wait (→ `VCD_ABORTED`). @default - not cancellable */
  readonly signal?: AbortSignal;
  /** Overall deadline of this operation in ms (→ `VCD_TIMEOUT`). @default the client's `operationTimeoutMs` */
  readonly timeoutMs?: number;
}
