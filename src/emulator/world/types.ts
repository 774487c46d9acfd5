// The emulator's domain records. Plain, JSON-serialisable, immutable values: the World replaces a record on
// every change, so a reference handed out earlier never changes under its holder.

/** A VCD organization. `System` is the provider org. */
export interface Org {
  /** `urn:vcloud:org:<uuid>` */
  readonly id: string;
  /** Canonical name as created; lookups may be case-insensitive (see `WorldOptions.caseSensitiveNames`). */
  readonly name: string;
  readonly displayName: string;
  /** True only for the System (provider) org. */
  readonly isProvider: boolean;
}

/** A local user of an org. */
export interface User {
  /** `urn:vcloud:user:<uuid>` */
  readonly id: string;
  readonly name: string;
  readonly orgId: string;
  /** A `Role` of the same org. */
  readonly roleId: string;
  /** Salted scrypt digest in the form produced by `hashPassword`; never the password itself. */
  readonly passwordHash: string;
  /** @default true */
  readonly enabled: boolean;
}

export type RightType = 'VIEW' | 'MODIFY';

/** One entry of the rights catalogue (`/cloudapi/1.0.0/rights`). */
export interface Right {
  /** `urn:vcloud:right:<uuid>` */
  readonly id: string;
  /** Unique; this is what roles, bundles and `effectiveRights` are about. */
  readonly name: string;
  /** Category display name (e.g. "API Tokens"); the HTTP layer renders it as a category id. */
  readonly category: string;
  readonly rightType: RightType;
  readonly bundleKey: string;
  readonly description: string;
}

/** An org-scoped role; a user's rights come from exactly one role. */
export interface Role {
  /** `urn:vcloud:role:<uuid>` */
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly orgId: string;
  readonly rightIds: readonly string[];
  readonly bundleKey: string;
  readonly readOnly: boolean;
}

/** Shared shape of global roles and rights bundles: a set of rights published to tenants. */
export interface PublishableRightsSet {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly rightIds: readonly string[];
  /** Published to every tenant org, present and future. */
  readonly publishAll: boolean;
  /** Tenants it is explicitly published to (ignored while `publishAll` is true, but kept). */
  readonly tenantOrgIds: readonly string[];
  readonly readOnly: boolean;
  readonly bundleKey: string;
}

/** `urn:vcloud:globalRole:<uuid>`; a provider-defined role template published to tenants. */
export type GlobalRole = PublishableRightsSet;

/** `urn:vcloud:rightsBundle:<uuid>`; caps what the roles of the orgs it is published to can do. */
export type RightsBundle = PublishableRightsSet;

/** An API token (OAuth client registered through `/oauth/.../register`). */
export interface ApiTokenRecord {
  /** `urn:vcloud:token:<clientId>` */
  readonly id: string;
  /** Bare UUID returned as `client_id` by register. */
  readonly clientId: string;
  readonly name: string;
  readonly ownerUserId: string;
  readonly orgId: string;
  readonly type: 'REFRESH';
  /** `hashTokenSecret(refreshToken)`; null until the jwt-bearer grant has issued the refresh token. */
  readonly secretHash: string | null;
  /** The one-time jwt-bearer grant has been used. */
  readonly grantConsumed: boolean;
}

/**
 * Lifecycle of a service account (DOC-OA ServiceAccount `status`,
 * docs/vcd-protocol.md#service-accounts-and-the-device-flow).
 */
export type ServiceAccountStatus = 'CREATED' | 'REQUESTED' | 'GRANTED' | 'ACTIVE';

/**
 * A service account (VCD 10.4+): an OAuth client registered with `software_id`, authorized through the
 * RFC 8628 device flow, whose API token rotates on every use. Secrets are kept only as sha256 digests.
 */
export interface ServiceAccountRecord {
  /** `urn:vcloud:serviceAccount:<clientId>` */
  readonly id: string;
  /** Bare UUID returned as `client_id` by register. */
  readonly clientId: string;
  readonly name: string;
  readonly orgId: string;
  /** A `Role` of the org, or a `GlobalRole` published to it (System org: a System role). */
  readonly roleId: string;
  readonly softwareId: string;
  readonly softwareVersion: string | null;
  readonly uri: string | null;
  readonly status: ServiceAccountStatus;
  /** sha256 of the current refresh token (ACTIVE only); replaced on every refresh (rotation). */
  readonly secretHash: string | null;
  /** sha256 of the pending device code (REQUESTED / GRANTED). */
  readonly deviceCodeHash: string | null;
  /** sha256 of the pending user code (REQUESTED / GRANTED). */
  readonly userCodeHash: string | null;
  /** ms since the epoch (emulator clock) after which the device and user codes are refused. */
  readonly deviceCodeExpiresAt: number | null;
  /**
   * An administrator denied the pending request: the device code now answers `access_denied` (RFC 8628 §3.5)
   * until it expires. @default false
   */
  readonly deviceCodeDenied?: boolean;
}

/** What changed, for `World.onChange` listeners (persistence, logs). */
export interface WorldChange {
  readonly entity: 'org' | 'user' | 'right' | 'role' | 'globalRole' | 'rightsBundle' | 'token' | 'serviceAccount';
  readonly action: 'add' | 'update' | 'remove';
  readonly id: string;
}

export type WorldChangeListener = (change: WorldChange) => void;

/** Result of `World.explainMissingRight`: which layer withholds a right from a user. */
export interface MissingRightExplanation {
  /** The user's role contains the right. */
  readonly inRole: boolean;
  /** A rights bundle published to the user's org contains it (always true for System org users). */
  readonly inPublishedBundle: boolean;
}
