// Public data shapes of the service-account operations (VCD 10.4+). Secrets are `Secret`, never plain strings.
import type { Secret } from './redaction';
import type { BearerSession, VcdEntityRef, VcdOperationOptions } from './types';

/** CREATED (no token), REQUESTED (device flow started), GRANTED (an admin approved), ACTIVE (holds a refresh token). */
export type ServiceAccountStatus = 'CREATED' | 'REQUESTED' | 'GRANTED' | 'ACTIVE';

/** A service account as `/cloudapi/1.0.0/serviceAccounts` returns it (never contains a secret). */
export interface VcdServiceAccountInfo {
  /** `urn:vcloud:serviceAccount:<client_id>` */
  readonly id: string;
  /** The OAuth client id (the UUID of `id`), sent in the device flow. */
  readonly clientId: string;
  readonly name: string;
  readonly org: VcdEntityRef;
  readonly role: VcdEntityRef;
  /** Null when the caller has only "Limited Service Accounts View". */
  readonly softwareId: string | null;
  readonly softwareVersion: string | null;
  readonly uri: string | null;
  /** Null with "Limited Service Accounts View"; a string VCD may extend beyond the four known states. */
  readonly status: ServiceAccountStatus | string | null;
  /** VCD 10.6 (API 39.0) and later: whether the refresh token rotates on every use. @default undefined before 39.0 */
  readonly requireRotation?: boolean | null;
}

export interface RegisterServiceAccountInput {
  /** Service-account name, unique in its org. */
  readonly name: string;
  /** Name of the role it acts with: a role of the org or a global role published to it. */
  readonly role: string;
  /** Any UUID identifying the software that uses the account (VCD's "software_id"). */
  readonly softwareId: string;
  /** @default none */
  readonly softwareVersion?: string;
  /** URI of the client software (VCD's "client_uri"). @default none */
  readonly uri?: string;
  /** Org to create it in; a System administrator may name any org. @default the session's org */
  readonly org?: string;
}

export interface RegisteredServiceAccount {
  /** `urn:vcloud:serviceAccount:<client_id>` */
  readonly id: string;
  readonly clientId: string;
  readonly name: string;
  readonly org: string;
  readonly softwareId: string;
  /**
   * True when the register request failed ambiguously (connection lost, 5xx) and the account was found again by
   * name and software id. Registering holds no secret, so adopting the account found is safe.
   */
  readonly reconciled: boolean;
}

/** Which service account, by id (URN or bare client id) or by name within `org`. */
export type ServiceAccountRef = { readonly id: string } | { readonly name: string; readonly org?: string };

/** The answer of `device_authorization` (RFC 8628 §3.2). Only `userCode` and `verificationUri` are for people. */
export interface DeviceAuthorization {
  readonly serviceAccountId: string;
  readonly clientId: string;
  readonly org: string;
  /** The device's secret for polling. Never print it. */
  readonly deviceCode: Secret;
  /** What an administrator enters to grant (or deny) the request. */
  readonly userCode: string;
  readonly verificationUri: string;
  /** Seconds the codes stay valid. */
  readonly expiresIn: number;
  /** Seconds to wait between polls (grows by 5 on each `slow_down`). */
  readonly interval: number;
  /** When the codes were issued, by the clock the poller uses (ms since the epoch). */
  readonly requestedAt: number;
}

/**
 * Receives a new refresh token (the first one after the device flow, or a rotated one) and must save it
 * durably before it resolves: the token it replaces is already dead, and the access token is not used before.
 */
export type PersistRefreshToken = (refreshToken: Secret) => Promise<void> | void;

/** A session obtained with a service-account token, and the refresh token now live (already persisted). */
export interface ServiceAccountTokens {
  /** `authMethod: 'serviceAccount'`. */
  readonly session: BearerSession;
  /** The refresh token to present next time (the one just persisted, or the presented one when VCD did not rotate). */
  readonly refreshToken: Secret;
  /** False when VCD returned the presented token unchanged (no rotation; only possible where rotation is off). */
  readonly rotated: boolean;
}

/** One poll of the device flow that did not yet yield a token. */
export interface DeviceAuthorizationProgress {
  /** Polls so far, from 1. */
  readonly attempt: number;
  /** VCD's answer: still waiting, asked to slow down, or temporarily unavailable (429/5xx). */
  readonly answer: 'authorization_pending' | 'slow_down' | 'unavailable';
  /** The current wait between polls, in seconds. */
  readonly intervalSeconds: number;
  /** Seconds left until the device code expires or the caller's deadline passes, whichever is first. */
  readonly remainingSeconds: number;
}

export interface DeviceTokenPollOptions extends VcdOperationOptions {
  /** Saves the service account's first refresh token before anything else (see PersistRefreshToken). */
  readonly persist: PersistRefreshToken;
  /** Stop polling after this many ms (→ `VCD_DEVICE_AUTHORIZATION_PENDING`). @default until the device code expires */
  readonly deadlineMs?: number;
  /** Clock in ms since the epoch (tests). @default Date.now */
  readonly now?: () => number;
  /** Wait between polls (tests). @default an abortable setTimeout */
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Called after every poll that did not yield a token. @default none */
  readonly onProgress?: (progress: DeviceAuthorizationProgress) => void;
}

export interface ServiceAccountUpdate {
  readonly softwareId?: string;
  /** Null clears it. */
  readonly softwareVersion?: string | null;
  readonly uri?: string | null;
  /** `urn:vcloud:role:<uuid>` of a role of (or published to) the account's org. */
  readonly roleId?: string;
}

/** `already-gone`: VCD answered 403/404, i.e. no such account for this session (possibly only invisible to it). */
export interface DeleteServiceAccountResult {
  readonly id: string;
  readonly status: 'deleted' | 'already-gone';
}
