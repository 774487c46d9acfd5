// Inputs and serialised form of the World: what callers pass to its mutation methods and what
// `World.toJSON` produces for persistence.
import type { ApiTokenRecord, GlobalRole, Org, Right, RightType, RightsBundle, Role, ServiceAccountRecord, User } from './types';

export interface WorldOptions {
  /** VCD release the world emulates; decides which rights exist. @default "10.6" */
  readonly vcdVersion?: string;
  /**
   * Org and user names match exactly when true. GAP: whether VCD matches `/oauth/tenant/{org}` and login
   * names case-insensitively is undocumented; the emulator matches case-insensitively by default and always
   * answers with the canonical name.
   * @default false
   */
  readonly caseSensitiveNames?: boolean;
}

export interface NewOrg {
  readonly name: string;
  /** @default name */
  readonly displayName?: string;
  /** @default true when the name is "System" */
  readonly isProvider?: boolean;
  /** @default a random `urn:vcloud:org:` URN */
  readonly id?: string;
}

export interface NewUser {
  readonly name: string;
  readonly orgId: string;
  readonly roleId: string;
  /** Exactly one of password (hashed here) or passwordHash (from `hashPassword`). */
  readonly password?: string;
  readonly passwordHash?: string;
  /** @default true */
  readonly enabled?: boolean;
  readonly id?: string;
}

export interface UserChanges {
  readonly name?: string;
  readonly roleId?: string;
  readonly enabled?: boolean;
}

export interface NewRight {
  readonly name: string;
  readonly category: string;
  readonly rightType: RightType;
  /** @default "" */
  readonly description?: string;
  /** @default UNDEFINED_BUNDLE_KEY */
  readonly bundleKey?: string;
  readonly id?: string;
}

export interface NewRole {
  readonly name: string;
  readonly orgId: string;
  readonly rightIds?: readonly string[];
  /** @default "" */
  readonly description?: string;
  /** @default UNDEFINED_BUNDLE_KEY */
  readonly bundleKey?: string;
  /** @default false */
  readonly readOnly?: boolean;
  readonly id?: string;
}

export interface RoleChanges {
  readonly name?: string;
  readonly description?: string;
  readonly rightIds?: readonly string[];
}

export interface NewPublishableRightsSet {
  readonly name: string;
  readonly rightIds?: readonly string[];
  /** @default "" */
  readonly description?: string;
  /** @default false */
  readonly publishAll?: boolean;
  /** @default [] */
  readonly tenantOrgIds?: readonly string[];
  /** @default UNDEFINED_BUNDLE_KEY */
  readonly bundleKey?: string;
  /** @default false */
  readonly readOnly?: boolean;
  readonly id?: string;
}

/** Changes to a global role or rights bundle. Name, description and rights are refused when read-only. */
export interface PublishableRightsSetChanges {
  readonly name?: string;
  readonly description?: string;
  readonly rightIds?: readonly string[];
  readonly publishAll?: boolean;
  readonly tenantOrgIds?: readonly string[];
}

export interface TokenChanges {
  readonly name?: string;
  readonly secretHash?: string | null;
  readonly grantConsumed?: boolean;
}

/** Serialised form of a World (`World.toJSON`), as written by `persistWorld`. */
export interface WorldState {
  readonly format: 'vcd-emulator-world';
  readonly formatVersion: 1;
  readonly vcdVersion: string;
  readonly caseSensitiveNames: boolean;
  readonly orgs: readonly Org[];
  readonly rights: readonly Right[];
  readonly roles: readonly Role[];
  readonly users: readonly User[];
  readonly globalRoles: readonly GlobalRole[];
  readonly rightsBundles: readonly RightsBundle[];
  readonly tokens: readonly ApiTokenRecord[];
  /** Absent in state files written before service accounts existed (read as []). */
  readonly serviceAccounts?: readonly ServiceAccountRecord[];
}

/** Fields of a service account that may change after register (status machine, secrets, PUT). */
export type ServiceAccountChanges = Partial<Omit<ServiceAccountRecord, 'id' | 'clientId' | 'orgId'>>;
