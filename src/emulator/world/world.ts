// The emulator's state: orgs, users, the rights catalogue, roles, global roles, rights bundles and API tokens,
// plus the one question every protected route asks: which rights does this user effectively hold?
// All mutations go through methods so indexes, the per-user rights cache and change listeners stay in step.
import { WorldError } from './errors';
import { nameBasedUuid, newUrn, parseUrn } from './ids';
import { PasswordCheckCache } from './password-check-cache';
import { hashPassword, isPasswordHash, verifyPasswordHash } from './secrets';
import type {
  ApiTokenRecord,
  GlobalRole,
  MissingRightExplanation,
  Org,
  PublishableRightsSet,
  Right,
  RightsBundle,
  Role,
  ServiceAccountRecord,
  User,
  WorldChange,
  WorldChangeListener,
} from './types';
import { isVcdVersion } from './vcd-version';
import type {
  NewOrg,
  NewPublishableRightsSet,
  NewRight,
  NewRole,
  NewUser,
  PublishableRightsSetChanges,
  RoleChanges,
  ServiceAccountChanges,
  TokenChanges,
  UserChanges,
  WorldOptions,
  WorldState,
} from './world-inputs';

export type * from './world-inputs';

/** `bundleKey` VCD gives objects created without one (GOVCD `types.VcloudUndefinedKey`). */
export const UNDEFINED_BUNDLE_KEY = 'com.vmware.vcloud.undefined.key';

/** Name of the provider org. */
export const SYSTEM_ORG_NAME = 'System';

type PublishableKind = 'globalRole' | 'rightsBundle';

export class World {
  /** Rebuilds a World from `toJSON()` output, re-validating every reference. Throws `WorldError`. */
  public static fromJSON(state: unknown): World {
    const s = asWorldState(state);
    const world = new World({ vcdVersion: s.vcdVersion, caseSensitiveNames: s.caseSensitiveNames });
    for (const right of s.rights) world.addRight(right);
    for (const org of s.orgs) world.addOrg(org);
    for (const role of s.roles) world.addRole(role);
    // Global roles before users: a user may hold the tenant-side role of a published global role.
    for (const globalRole of s.globalRoles) world.addGlobalRole(globalRole);
    for (const bundle of s.rightsBundles) world.addRightsBundle(bundle);
    for (const user of s.users) world.addUser(user);
    for (const token of s.tokens) world.addToken(token);
    for (const account of s.serviceAccounts ?? []) world.addServiceAccount(account);
    return world;
  }

  public readonly vcdVersion: string;
  public readonly caseSensitiveNames: boolean;

  private readonly _orgs = new Map<string, Org>();
  private readonly _users = new Map<string, User>();
  private readonly _rights = new Map<string, Right>();
  private readonly _roles = new Map<string, Role>();
  private readonly _globalRoles = new Map<string, GlobalRole>();
  private readonly _rightsBundles = new Map<string, RightsBundle>();
  private readonly _tokens = new Map<string, ApiTokenRecord>();
  private readonly _serviceAccounts = new Map<string, ServiceAccountRecord>();

  private readonly orgIdByName = new Map<string, string>();
  private readonly rightIdByName = new Map<string, string>();
  private readonly tokenIdBySecretHash = new Map<string, string>();
  private readonly serviceAccountIdBySecretHash = new Map<string, string>();
  private readonly effectiveRightsCache = new Map<string, ReadonlySet<string>>();
  private readonly listeners = new Set<WorldChangeListener>();
  private readonly passwordChecks = new PasswordCheckCache();
  /** Tenant-side roles of published global roles by id; rebuilt lazily after org or global-role changes. */
  private publishedRoleIndex: Map<string, Role> | undefined;

  constructor(options: WorldOptions = {}) {
    const vcdVersion = options.vcdVersion ?? '10.6';
    if (!isVcdVersion(vcdVersion)) {
      throw new WorldError('WORLD_INVALID_VALUE', `vcdVersion "${vcdVersion}" is not a VCD release like "10.4" or "10.3.1"`);
    }
    this.vcdVersion = vcdVersion;
    this.caseSensitiveNames = options.caseSensitiveNames ?? false;
  }

  public get orgs(): ReadonlyMap<string, Org> { return this._orgs; }
  public get users(): ReadonlyMap<string, User> { return this._users; }
  public get rights(): ReadonlyMap<string, Right> { return this._rights; }
  public get roles(): ReadonlyMap<string, Role> { return this._roles; }
  public get globalRoles(): ReadonlyMap<string, GlobalRole> { return this._globalRoles; }
  public get rightsBundles(): ReadonlyMap<string, RightsBundle> { return this._rightsBundles; }
  public get tokens(): ReadonlyMap<string, ApiTokenRecord> { return this._tokens; }
  public get serviceAccounts(): ReadonlyMap<string, ServiceAccountRecord> { return this._serviceAccounts; }

  /** Registers a listener called synchronously after every change; returns the unsubscribe function. */
  public onChange(listener: WorldChangeListener): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }

  // ---- orgs ----

  public addOrg(input: NewOrg): Org {
    const name = requireName(input.name, 'org name');
    const key = this.nameKey(name);
    if (this.orgIdByName.has(key)) throw duplicate('org', name);
    const isProvider = input.isProvider ?? name.toLowerCase() === SYSTEM_ORG_NAME.toLowerCase();
    const provider = this.providerOrg();
    if (isProvider && provider) {
      throw new WorldError('WORLD_INVALID_VALUE', `org "${name}" cannot be a provider org: "${provider.name}" already is (VCD has one System org)`);
    }
    const org: Org = {
      id: this.newId('org', input.id),
      name,
      displayName: input.displayName ?? name,
      isProvider,
    };
    this._orgs.set(org.id, org);
    this.orgIdByName.set(key, org.id);
    this.changed('org', 'add', org.id);
    return org;
  }

  /** Org by name; case-insensitive unless `caseSensitiveNames`. The result carries the canonical name. */
  public findOrgByName(name: string): Org | undefined {
    const id = this.orgIdByName.get(this.nameKey(name));
    return id === undefined ? undefined : this._orgs.get(id);
  }

  /** The System org, if the world has one. */
  public providerOrg(): Org | undefined {
    for (const org of this._orgs.values()) if (org.isProvider) return org;
    return undefined;
  }

  // ---- users ----

  public addUser(input: NewUser): User {
    const name = requireName(input.name, 'user name');
    const org = this.requireOrg(input.orgId);
    if (this.findUser(org.id, name)) throw duplicate(`user of org "${org.name}"`, name);
    this.requireRoleOfOrg(input.roleId, org);
    const user: User = {
      id: this.newId('user', input.id),
      name,
      orgId: org.id,
      roleId: input.roleId,
      passwordHash: passwordHashOf(input),
      enabled: input.enabled ?? true,
    };
    this._users.set(user.id, user);
    this.changed('user', 'add', user.id);
    return user;
  }

  public updateUser(id: string, changes: UserChanges): User {
    const user = this.requireUser(id);
    const org = this.requireOrg(user.orgId);
    if (changes.name !== undefined) {
      const name = requireName(changes.name, 'user name');
      const other = this.findUser(org.id, name);
      if (other && other.id !== id) throw duplicate(`user of org "${org.name}"`, name);
    }
    if (changes.roleId !== undefined) this.requireRoleOfOrg(changes.roleId, org);
    const updated: User = {
      ...user,
      name: changes.name ?? user.name,
      roleId: changes.roleId ?? user.roleId,
      enabled: changes.enabled ?? user.enabled,
    };
    this._users.set(id, updated);
    this.changed('user', 'update', id);
    return updated;
  }

  public setUserPassword(id: string, password: string): User {
    const user = this.requireUser(id);
    const updated: User = { ...user, passwordHash: passwordHashOf({ password }) };
    this._users.set(id, updated);
    this.changed('user', 'update', id);
    return updated;
  }

  /** Deletes a user and the API tokens it owns (INFERRED: VCD does not keep tokens of deleted users). */
  public removeUser(id: string): User {
    const user = this.requireUser(id);
    for (const token of this.tokensOwnedBy(id)) this.revokeToken(token.id);
    this._users.delete(id);
    this.changed('user', 'remove', id);
    return user;
  }

  /** User of an org by name; case-insensitive unless `caseSensitiveNames`. */
  public findUser(orgId: string, userName: string): User | undefined {
    const key = this.nameKey(userName);
    for (const user of this._users.values()) {
      if (user.orgId === orgId && this.nameKey(user.name) === key) return user;
    }
    return undefined;
  }

  public usersOfOrg(orgId: string): User[] {
    return [...this._users.values()].filter((user) => user.orgId === orgId);
  }

  /** Constant-time password check against the stored salted digest. */
  public verifyPassword(user: User, password: string): boolean {
    if (this.passwordChecks.has(user.passwordHash, password)) return true;
    const ok = verifyPasswordHash(user.passwordHash, password);
    if (ok) this.passwordChecks.remember(user.passwordHash, password);
    return ok;
  }

  // ---- rights ----

  public addRight(input: NewRight): Right {
    const name = requireName(input.name, 'right name');
    if (this.rightIdByName.has(name)) throw duplicate('right', name);
    if (input.rightType !== 'VIEW' && input.rightType !== 'MODIFY') {
      throw new WorldError('WORLD_INVALID_VALUE', `right "${name}": rightType must be VIEW or MODIFY, got ${JSON.stringify(input.rightType)}`);
    }
    const right: Right = {
      id: this.newId('right', input.id),
      name,
      category: requireName(input.category, `category of right "${name}"`),
      rightType: input.rightType,
      bundleKey: input.bundleKey ?? UNDEFINED_BUNDLE_KEY,
      description: input.description ?? '',
    };
    this._rights.set(right.id, right);
    this.rightIdByName.set(name, right.id);
    this.changed('right', 'add', right.id);
    return right;
  }

  /** Right by exact name (VCD right names are case-sensitive). */
  public findRightByName(name: string): Right | undefined {
    const id = this.rightIdByName.get(name);
    return id === undefined ? undefined : this._rights.get(id);
  }

  /** Ids of the named rights; throws WORLD_UNKNOWN_REFERENCE naming every unknown right. */
  public rightIdsByNames(names: readonly string[]): string[] {
    const unknown = names.filter((name) => !this.rightIdByName.has(name));
    if (unknown.length > 0) {
      throw new WorldError('WORLD_UNKNOWN_REFERENCE', `unknown right(s) in VCD ${this.vcdVersion}: ${unknown.map((n) => JSON.stringify(n)).join(', ')}`);
    }
    return names.map((name) => this.rightIdByName.get(name) as string);
  }

  // ---- roles ----

  public addRole(input: NewRole): Role {
    const name = requireName(input.name, 'role name');
    const org = this.requireOrg(input.orgId);
    if (this.findRole(org.id, name)) throw duplicate(`role of org "${org.name}"`, name);
    const role: Role = {
      id: this.newId('role', input.id),
      name,
      description: input.description ?? '',
      orgId: org.id,
      rightIds: this.checkRightIds(input.rightIds ?? []),
      bundleKey: input.bundleKey ?? UNDEFINED_BUNDLE_KEY,
      readOnly: input.readOnly ?? false,
    };
    this._roles.set(role.id, role);
    this.changed('role', 'add', role.id);
    return role;
  }

  public updateRole(id: string, changes: RoleChanges): Role {
    const role = this.requireRole(id);
    if (role.readOnly) throw new WorldError('WORLD_READ_ONLY', `role "${role.name}" is read-only`);
    if (changes.name !== undefined) {
      const name = requireName(changes.name, 'role name');
      const other = this.findRole(role.orgId, name);
      if (other && other.id !== id) throw duplicate('role', name);
    }
    const updated: Role = {
      ...role,
      name: changes.name ?? role.name,
      description: changes.description ?? role.description,
      rightIds: changes.rightIds ? this.checkRightIds(changes.rightIds) : role.rightIds,
    };
    this._roles.set(id, updated);
    this.changed('role', 'update', id);
    return updated;
  }

  /** Refuses (WORLD_IN_USE) while users hold the role (INFERRED from VCD refusing to delete roles in use). */
  public removeRole(id: string): Role {
    const role = this.requireRole(id);
    if (role.readOnly) throw new WorldError('WORLD_READ_ONLY', `role "${role.name}" is read-only`);
    const holders = [...this._users.values(), ...this._serviceAccounts.values()].filter((holder) => holder.roleId === id);
    if (holders.length > 0) {
      throw new WorldError('WORLD_IN_USE', `role "${role.name}" is assigned to ${holders.length} user(s) or service account(s) (${holders.map((u) => u.name).join(', ')}); reassign them first`);
    }
    this._roles.delete(id);
    this.changed('role', 'remove', id);
    return role;
  }

  public findRole(orgId: string, roleName: string): Role | undefined {
    const key = this.nameKey(roleName);
    for (const role of this._roles.values()) {
      if (role.orgId === orgId && this.nameKey(role.name) === key) return role;
    }
    return undefined;
  }

  public rolesOfOrg(orgId: string): Role[] {
    return [...this._roles.values()].filter((role) => role.orgId === orgId);
  }

  /**
   * The roles an org's users can be given, as VCD lists them in the org: its own roles, then every global role
   * published to it as a read-only tenant role with an id of its own.
   */
  public rolesAvailableIn(orgId: string): Role[] {
    return [...this.rolesOfOrg(orgId), ...this.publishedRolesOf(orgId)];
  }

  /**
   * The read-only tenant roles of the global roles published to `orgId`. An org role of the same name stands for
   * that global role in the org (seeds model tenant roles that way), so such a global role adds no second entry.
   */
  public publishedRolesOf(orgId: string): Role[] {
    const own = new Set(this.rolesOfOrg(orgId).map((role) => this.nameKey(role.name)));
    return this.globalRolesPublishedTo(orgId)
      .filter((globalRole) => !own.has(this.nameKey(globalRole.name)))
      .map((globalRole) => publishedRole(globalRole, orgId));
  }

  /** A role of `rolesAvailableIn(orgId)` by name (case-insensitive unless `caseSensitiveNames`). */
  public findRoleAvailableIn(orgId: string, roleName: string): Role | undefined {
    const key = this.nameKey(roleName);
    return this.findRole(orgId, roleName) ?? this.publishedRolesOf(orgId).find((role) => this.nameKey(role.name) === key);
  }

  /** An org role or the tenant-side role of a published global role; undefined for anything else. */
  public findRoleById(id: string): Role | undefined {
    const own = this._roles.get(id);
    if (own) return own;
    if (!this.publishedRoleIndex) {
      this.publishedRoleIndex = new Map();
      for (const org of this._orgs.values()) for (const role of this.publishedRolesOf(org.id)) this.publishedRoleIndex.set(role.id, role);
    }
    return this.publishedRoleIndex.get(id);
  }

  /** Whether `id` is the tenant-side role of a published global role (read-only, follows the global role). */
  public isPublishedRole(id: string): boolean {
    return !this._roles.has(id) && this.findRoleById(id) !== undefined;
  }

  /** The role a user or service account acts with: an org role, a published tenant role, or a global role. */
  public principalRole(roleId: string): Role | GlobalRole | undefined {
    return this.findRoleById(roleId) ?? this._globalRoles.get(roleId);
  }

  // ---- global roles and rights bundles ----

  public addGlobalRole(input: NewPublishableRightsSet): GlobalRole {
    return this.addPublishable('globalRole', input);
  }

  public updateGlobalRole(id: string, changes: PublishableRightsSetChanges): GlobalRole {
    return this.updatePublishable('globalRole', id, changes);
  }

  public removeGlobalRole(id: string): GlobalRole {
    return this.removePublishable('globalRole', id);
  }

  public addRightsBundle(input: NewPublishableRightsSet): RightsBundle {
    return this.addPublishable('rightsBundle', input);
  }

  public updateRightsBundle(id: string, changes: PublishableRightsSetChanges): RightsBundle {
    return this.updatePublishable('rightsBundle', id, changes);
  }

  public removeRightsBundle(id: string): RightsBundle {
    return this.removePublishable('rightsBundle', id);
  }

  /** Whether a global role or rights bundle applies to an org (publishAll covers every tenant). */
  public isPublishedTo(set: PublishableRightsSet, orgId: string): boolean {
    const org = this._orgs.get(orgId);
    if (!org || org.isProvider) return false;
    return set.publishAll || set.tenantOrgIds.includes(orgId);
  }

  /** Tenants a global role or rights bundle is effectively published to, publishAll expanded. */
  public publishedTenants(set: PublishableRightsSet): Org[] {
    return [...this._orgs.values()].filter((org) => this.isPublishedTo(set, org.id));
  }

  public rightsBundlesPublishedTo(orgId: string): RightsBundle[] {
    return [...this._rightsBundles.values()].filter((bundle) => this.isPublishedTo(bundle, orgId));
  }

  public globalRolesPublishedTo(orgId: string): GlobalRole[] {
    return [...this._globalRoles.values()].filter((globalRole) => this.isPublishedTo(globalRole, orgId));
  }

  // ---- effective rights ----

  /**
   * Names of the rights a user can exercise: its role's rights intersected with the rights of the bundles
   * published to its org. System org users get their role's rights unfiltered. Empty for unknown users.
   * Cached per user and invalidated by any change other than token changes.
   */
  public effectiveRights(userId: string): ReadonlySet<string> {
    const cached = this.effectiveRightsCache.get(userId);
    if (cached) return cached;
    const computed = this.computeEffectiveRights(userId);
    this.effectiveRightsCache.set(userId, computed);
    return computed;
  }

  public hasRight(userId: string, rightName: string): boolean {
    return this.effectiveRights(userId).has(rightName);
  }

  /** Which layer withholds a right: the user's role, or the absence of a bundle published to its org. */
  public explainMissingRight(userId: string, rightName: string): MissingRightExplanation {
    const user = this._users.get(userId);
    const right = this.findRightByName(rightName);
    if (!user || !right) return { inRole: false, inPublishedBundle: false };
    const role = this.findRoleById(user.roleId);
    const inRole = role !== undefined && role.rightIds.includes(right.id);
    const org = this._orgs.get(user.orgId);
    const inPublishedBundle = org?.isProvider === true || this.rightsBundlesPublishedTo(user.orgId).some((b) => b.rightIds.includes(right.id));
    return { inRole, inPublishedBundle };
  }

  // ---- API tokens ----

  public addToken(record: ApiTokenRecord): ApiTokenRecord {
    if (record.id !== `urn:vcloud:token:${record.clientId}` || parseUrn(record.id)?.kind !== 'token') {
      throw new WorldError('WORLD_INVALID_VALUE', `token id must be "urn:vcloud:token:<clientId>" with a UUID clientId, got "${record.id}"`);
    }
    if (this._tokens.has(record.id)) throw duplicate('token id', record.id);
    const owner = this.requireUser(record.ownerUserId);
    if (owner.orgId !== record.orgId) {
      throw new WorldError('WORLD_INVALID_VALUE', `token "${record.name}": orgId must be the owner's org (${owner.orgId})`);
    }
    if (record.type !== 'REFRESH') throw new WorldError('WORLD_INVALID_VALUE', `token type must be REFRESH, got ${JSON.stringify(record.type)}`);
    if (record.secretHash !== null && this.tokenIdBySecretHash.has(record.secretHash)) throw duplicate('token secret hash', '(redacted)');
    const stored: ApiTokenRecord = { ...record };
    this._tokens.set(stored.id, stored);
    if (stored.secretHash !== null) this.tokenIdBySecretHash.set(stored.secretHash, stored.id);
    this.changed('token', 'add', stored.id);
    return stored;
  }

  public updateToken(id: string, changes: TokenChanges): ApiTokenRecord {
    const token = this._tokens.get(id);
    if (!token) throw notFound('token', id);
    const secretHash = changes.secretHash === undefined ? token.secretHash : changes.secretHash;
    if (secretHash !== null && secretHash !== token.secretHash && this.tokenIdBySecretHash.has(secretHash)) {
      throw duplicate('token secret hash', '(redacted)');
    }
    const updated: ApiTokenRecord = {
      ...token,
      name: changes.name ?? token.name,
      secretHash,
      grantConsumed: changes.grantConsumed ?? token.grantConsumed,
    };
    if (token.secretHash !== null) this.tokenIdBySecretHash.delete(token.secretHash);
    if (secretHash !== null) this.tokenIdBySecretHash.set(secretHash, id);
    this._tokens.set(id, updated);
    this.changed('token', 'update', id);
    return updated;
  }

  /** O(1) lookup of the token whose refresh token hashes to `secretHash` (see `hashTokenSecret`). */
  public findTokenBySecretHash(secretHash: string): ApiTokenRecord | undefined {
    const id = this.tokenIdBySecretHash.get(secretHash);
    return id === undefined ? undefined : this._tokens.get(id);
  }

  /** Deletes a token; returns it, or undefined when it did not exist. */
  public revokeToken(id: string): ApiTokenRecord | undefined {
    const token = this._tokens.get(id);
    if (!token) return undefined;
    this._tokens.delete(id);
    if (token.secretHash !== null) this.tokenIdBySecretHash.delete(token.secretHash);
    this.changed('token', 'remove', id);
    return token;
  }

  public listTokens(): ApiTokenRecord[] {
    return [...this._tokens.values()];
  }

  public tokensOwnedBy(userId: string): ApiTokenRecord[] {
    return this.listTokens().filter((token) => token.ownerUserId === userId);
  }

  // ---- service accounts ----

  /** Adds a service account; its role must be a role of its org or a global role published to it. */
  public addServiceAccount(record: ServiceAccountRecord): ServiceAccountRecord {
    if (record.id !== `urn:vcloud:serviceAccount:${record.clientId}` || parseUrn(record.id)?.kind !== 'serviceAccount') {
      throw new WorldError('WORLD_INVALID_VALUE', `service account id must be "urn:vcloud:serviceAccount:<clientId>" with a UUID clientId, got "${record.id}"`);
    }
    if (this._serviceAccounts.has(record.id)) throw duplicate('service account id', record.id);
    requireName(record.name, 'service account name');
    const org = this.requireOrg(record.orgId);
    this.requireServiceAccountRole(record.roleId, org);
    if (record.secretHash !== null && this.serviceAccountIdBySecretHash.has(record.secretHash)) throw duplicate('service account secret hash', '(redacted)');
    const stored: ServiceAccountRecord = { ...record };
    this._serviceAccounts.set(stored.id, stored);
    if (stored.secretHash !== null) this.serviceAccountIdBySecretHash.set(stored.secretHash, stored.id);
    this.changed('serviceAccount', 'add', stored.id);
    return stored;
  }

  public updateServiceAccount(id: string, changes: ServiceAccountChanges): ServiceAccountRecord {
    const account = this._serviceAccounts.get(id);
    if (!account) throw notFound('service account', id);
    const updated: ServiceAccountRecord = { ...account, ...stripUndefined(changes), id, clientId: account.clientId, orgId: account.orgId };
    requireName(updated.name, 'service account name');
    if (updated.roleId !== account.roleId) this.requireServiceAccountRole(updated.roleId, this.requireOrg(account.orgId));
    if (updated.secretHash !== null && updated.secretHash !== account.secretHash && this.serviceAccountIdBySecretHash.has(updated.secretHash)) {
      throw duplicate('service account secret hash', '(redacted)');
    }
    if (account.secretHash !== null) this.serviceAccountIdBySecretHash.delete(account.secretHash);
    if (updated.secretHash !== null) this.serviceAccountIdBySecretHash.set(updated.secretHash, id);
    this._serviceAccounts.set(id, updated);
    this.changed('serviceAccount', 'update', id);
    return updated;
  }

  /** Deletes a service account; returns it, or undefined when it did not exist. */
  public removeServiceAccount(id: string): ServiceAccountRecord | undefined {
    const account = this._serviceAccounts.get(id);
    if (!account) return undefined;
    this._serviceAccounts.delete(id);
    if (account.secretHash !== null) this.serviceAccountIdBySecretHash.delete(account.secretHash);
    this.changed('serviceAccount', 'remove', id);
    return account;
  }

  /** O(1) lookup of the service account whose current refresh token hashes to `secretHash`. */
  public findServiceAccountBySecretHash(secretHash: string): ServiceAccountRecord | undefined {
    const id = this.serviceAccountIdBySecretHash.get(secretHash);
    return id === undefined ? undefined : this._serviceAccounts.get(id);
  }

  public listServiceAccounts(): ServiceAccountRecord[] {
    return [...this._serviceAccounts.values()];
  }

  /** The role (or published global role) a service account of `org` may be given, by name. */
  public findServiceAccountRole(orgId: string, roleName: string): Role | GlobalRole | undefined {
    const own = this.findRole(orgId, roleName);
    if (own) return own;
    const key = this.nameKey(roleName);
    return this.globalRolesPublishedTo(orgId).find((globalRole) => this.nameKey(globalRole.name) === key);
  }

  /**
   * Whether a bearer's principal may still authenticate: an enabled user, or an ACTIVE service account
   * (a revoked or deleted one never does).
   */
  public isLivePrincipal(id: string): boolean {
    const user = this._users.get(id);
    if (user) return user.enabled !== false;
    return this._serviceAccounts.get(id)?.status === 'ACTIVE';
  }

  // ---- persistence ----

  public toJSON(): WorldState {
    return {
      format: 'vcd-emulator-world',
      formatVersion: 1,
      vcdVersion: this.vcdVersion,
      caseSensitiveNames: this.caseSensitiveNames,
      orgs: [...this._orgs.values()],
      rights: [...this._rights.values()],
      roles: [...this._roles.values()],
      users: [...this._users.values()],
      globalRoles: [...this._globalRoles.values()],
      rightsBundles: [...this._rightsBundles.values()],
      tokens: [...this._tokens.values()],
      serviceAccounts: [...this._serviceAccounts.values()],
    };
  }

  // ---- internals ----

  private computeEffectiveRights(userId: string): ReadonlySet<string> {
    // A service account's session acts with its role (an org role or a published global role).
    const holder: { readonly roleId: string; readonly orgId: string } | undefined = this._users.get(userId) ?? this._serviceAccounts.get(userId);
    const role = holder && this.principalRole(holder.roleId);
    const org = holder && this._orgs.get(holder.orgId);
    if (!holder || !role || !org) return new Set();
    let allowed: ReadonlySet<string> | undefined;
    if (!org.isProvider) {
      const published = new Set<string>();
      for (const bundle of this.rightsBundlesPublishedTo(org.id)) for (const id of bundle.rightIds) published.add(id);
      allowed = published;
    }
    const names = new Set<string>();
    for (const rightId of role.rightIds) {
      if (allowed && !allowed.has(rightId)) continue;
      const right = this._rights.get(rightId);
      if (right) names.add(right.name);
    }
    return names;
  }

  private addPublishable(kind: PublishableKind, input: NewPublishableRightsSet): PublishableRightsSet {
    const map = this.publishableMap(kind);
    const name = requireName(input.name, `${kind} name`);
    if (findByName(map, name)) throw duplicate(kind, name);
    const set: PublishableRightsSet = {
      id: this.newId(kind, input.id),
      name,
      description: input.description ?? '',
      rightIds: this.checkRightIds(input.rightIds ?? []),
      publishAll: input.publishAll ?? false,
      tenantOrgIds: this.checkTenantOrgIds(input.tenantOrgIds ?? []),
      readOnly: input.readOnly ?? false,
      bundleKey: input.bundleKey ?? UNDEFINED_BUNDLE_KEY,
    };
    map.set(set.id, set);
    this.changed(kind, 'add', set.id);
    return set;
  }

  private updatePublishable(kind: PublishableKind, id: string, changes: PublishableRightsSetChanges): PublishableRightsSet {
    const map = this.publishableMap(kind);
    const set = map.get(id);
    if (!set) throw notFound(kind, id);
    const rewritesDefinition =
      (changes.name !== undefined && changes.name !== set.name) ||
      (changes.description !== undefined && changes.description !== set.description) ||
      (changes.rightIds !== undefined && !sameMembers(changes.rightIds, set.rightIds));
    if (set.readOnly && rewritesDefinition) {
      throw new WorldError('WORLD_READ_ONLY', `${kind} "${set.name}" is read-only: its name, description and rights cannot change`);
    }
    if (changes.name !== undefined) {
      const name = requireName(changes.name, `${kind} name`);
      const other = findByName(map, name);
      if (other && other.id !== id) throw duplicate(kind, name);
    }
    const updated: PublishableRightsSet = {
      ...set,
      name: changes.name ?? set.name,
      description: changes.description ?? set.description,
      rightIds: changes.rightIds ? this.checkRightIds(changes.rightIds) : set.rightIds,
      publishAll: changes.publishAll ?? set.publishAll,
      tenantOrgIds: changes.tenantOrgIds ? this.checkTenantOrgIds(changes.tenantOrgIds) : set.tenantOrgIds,
    };
    if (kind === 'globalRole') {
      const stillPublished = new Set(this.publishedTenants(updated).map((org) => org.id));
      this.refuseUnpublishingHeldRole(set, this.publishedTenants(set).filter((org) => !stillPublished.has(org.id)));
    }
    map.set(id, updated);
    this.changed(kind, 'update', id);
    return updated;
  }

  private removePublishable(kind: PublishableKind, id: string): PublishableRightsSet {
    const map = this.publishableMap(kind);
    const set = map.get(id);
    if (!set) throw notFound(kind, id);
    if (set.readOnly) throw new WorldError('WORLD_READ_ONLY', `${kind} "${set.name}" is read-only and cannot be deleted`);
    if (kind === 'globalRole') this.refuseUnpublishingHeldRole(set, this.publishedTenants(set));
    map.delete(id);
    this.changed(kind, 'remove', id);
    return set;
  }

  /**
   * A global role's tenant-side role disappears from every org it stops being published to; refuse (WORLD_IN_USE)
   * while a user of such an org holds it (INFERRED from VCD refusing to delete roles in use).
   */
  private refuseUnpublishingHeldRole(globalRole: GlobalRole, losing: readonly Org[]): void {
    for (const org of losing) {
      const roleId = publishedRole(globalRole, org.id).id;
      const holders = [...this._users.values()].filter((user) => user.roleId === roleId);
      if (holders.length > 0) {
        throw new WorldError(
          'WORLD_IN_USE',
          `global role "${globalRole.name}" is the role of ${holders.length} user(s) of org "${org.name}" (${holders.map((u) => u.name).join(', ')}); give them another role first`,
        );
      }
    }
  }

  private publishableMap(kind: PublishableKind): Map<string, PublishableRightsSet> {
    return kind === 'globalRole' ? this._globalRoles : this._rightsBundles;
  }

  private checkRightIds(rightIds: readonly string[]): string[] {
    const unknown = rightIds.filter((id) => !this._rights.has(id));
    if (unknown.length > 0) throw new WorldError('WORLD_UNKNOWN_REFERENCE', `unknown right id(s): ${unknown.join(', ')}`);
    return [...new Set(rightIds)];
  }

  private checkTenantOrgIds(orgIds: readonly string[]): string[] {
    for (const orgId of orgIds) {
      const org = this.requireOrg(orgId);
      if (org.isProvider) throw new WorldError('WORLD_INVALID_VALUE', `cannot publish to the provider org "${org.name}"; only tenants`);
    }
    return [...new Set(orgIds)];
  }

  private requireOrg(id: string): Org {
    const org = this._orgs.get(id);
    if (!org) throw new WorldError('WORLD_UNKNOWN_REFERENCE', `unknown org id "${id}"`);
    return org;
  }

  private requireUser(id: string): User {
    const user = this._users.get(id);
    if (!user) throw notFound('user', id);
    return user;
  }

  private requireRole(id: string): Role {
    const role = this._roles.get(id);
    if (!role) throw notFound('role', id);
    return role;
  }

  private requireServiceAccountRole(roleId: string, org: Org): void {
    const role = this._roles.get(roleId);
    if (role && role.orgId === org.id) return;
    const globalRole = this._globalRoles.get(roleId);
    if (globalRole && this.isPublishedTo(globalRole, org.id)) return;
    throw new WorldError('WORLD_UNKNOWN_REFERENCE', `role "${roleId}" is neither a role of org "${org.name}" nor a global role published to it`);
  }

  private requireRoleOfOrg(roleId: string, org: Org): Role {
    const role = this.findRoleById(roleId);
    if (!role || role.orgId !== org.id) {
      throw new WorldError('WORLD_UNKNOWN_REFERENCE', `role "${roleId}" is not a role of org "${org.name}"`);
    }
    return role;
  }

  private newId(kind: 'org' | 'user' | 'right' | 'role' | 'globalRole' | 'rightsBundle', given: string | undefined): string {
    if (given === undefined) return newUrn(kind);
    if (parseUrn(given)?.kind !== kind) {
      throw new WorldError('WORLD_INVALID_VALUE', `id "${given}" is not a urn:vcloud:${kind}:<uuid> URN`);
    }
    const taken = { org: this._orgs, user: this._users, right: this._rights, role: this._roles, globalRole: this._globalRoles, rightsBundle: this._rightsBundles }[kind];
    if (taken.has(given)) throw duplicate(`${kind} id`, given);
    return given;
  }

  private nameKey(name: string): string {
    return this.caseSensitiveNames ? name : name.toLowerCase();
  }

  private changed(entity: WorldChange['entity'], action: WorldChange['action'], id: string): void {
    // Token changes never affect rights; a service account change affects only its own (rotation is hot).
    if (entity === 'serviceAccount') this.effectiveRightsCache.delete(id);
    else if (entity !== 'token') this.effectiveRightsCache.clear();
    if (entity === 'org' || entity === 'globalRole' || entity === 'role') this.publishedRoleIndex = undefined;
    const change: WorldChange = { entity, action, id };
    for (const listener of [...this.listeners]) listener(change);
  }
}

/** The tenant-side role VCD lists for a global role published to `orgId`: read-only, id derived from both. */
function publishedRole(globalRole: GlobalRole, orgId: string): Role {
  return {
    id: `urn:vcloud:role:${nameBasedUuid(`publishedGlobalRole:${globalRole.id}:${orgId}`)}`,
    name: globalRole.name,
    description: globalRole.description,
    orgId,
    rightIds: globalRole.rightIds,
    bundleKey: globalRole.bundleKey,
    readOnly: true,
  };
}

function passwordHashOf(input: { readonly password?: string; readonly passwordHash?: string }): string {
  if (input.password !== undefined && input.passwordHash !== undefined) {
    throw new WorldError('WORLD_INVALID_VALUE', 'give either password or passwordHash, not both');
  }
  if (input.passwordHash !== undefined) {
    if (!isPasswordHash(input.passwordHash)) {
      throw new WorldError('WORLD_INVALID_VALUE', 'passwordHash is not a digest produced by hashPassword (scrypt$N$r$p$salt$digest)');
    }
    return input.passwordHash;
  }
  if (typeof input.password !== 'string' || input.password.length === 0) {
    throw new WorldError('WORLD_INVALID_VALUE', 'a non-empty password is required');
  }
  return hashPassword(input.password);
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function requireName(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new WorldError('WORLD_INVALID_VALUE', `${what} must be a non-empty string, got ${JSON.stringify(value)}`);
  }
  return value;
}

function findByName<T extends { readonly name: string }>(map: ReadonlyMap<string, T>, name: string): T | undefined {
  for (const item of map.values()) if (item.name === name) return item;
  return undefined;
}

function sameMembers(a: readonly string[], b: readonly string[]): boolean {
  const sa = new Set(a);
  const sb = new Set(b);
  return sa.size === sb.size && [...sa].every((x) => sb.has(x));
}

function duplicate(what: string, name: string): WorldError {
  return new WorldError('WORLD_DUPLICATE_NAME', `a ${what} named "${name}" already exists`);
}

function notFound(what: string, id: string): WorldError {
  return new WorldError('WORLD_NOT_FOUND', `no ${what} with id "${id}"`);
}

function asWorldState(state: unknown): WorldState {
  const s = state as Partial<WorldState> | null;
  if (!s || typeof s !== 'object' || s.format !== 'vcd-emulator-world' || s.formatVersion !== 1) {
    throw new WorldError('WORLD_INVALID_VALUE', 'not a vcd-emulator-world state (format "vcd-emulator-world", formatVersion 1)');
  }
  for (const key of ['orgs', 'rights', 'roles', 'users', 'globalRoles', 'rightsBundles', 'tokens'] as const) {
    if (!Array.isArray(s[key])) throw new WorldError('WORLD_INVALID_VALUE', `state field "${key}" must be an array`);
  }
  if (typeof s.vcdVersion !== 'string') throw new WorldError('WORLD_INVALID_VALUE', 'state field "vcdVersion" must be a string');
  if (s.serviceAccounts !== undefined && !Array.isArray(s.serviceAccounts)) {
    throw new WorldError('WORLD_INVALID_VALUE', 'state field "serviceAccounts" must be an array when present');
  }
  return s as WorldState;
}
