// Seed files describe a starting World by names (orgs, roles, users, bundles, rights) instead of ids.
// `buildWorldFromSeed` validates untrusted JSON field by field and fails with the file, the field path and
// what was expected; `createDemoWorld` uses the same path with an in-memory seed.
import { readFileSync } from 'node:fs';
import { hashSecret } from '../secrets';
import { SeedError, WorldError } from './errors';
import { nameBasedUuid, stableUrn } from './ids';
import { RIGHTS_CATALOGUE, rightsAvailableIn } from './rights-catalogue';
import { hashPassword, isPasswordHash } from './secrets';
import { compareVcdVersions, isVcdVersion } from './vcd-version';
import { World } from './world';

/** Rights of a role, bundle or global role: right names, or "*" for every right of the catalogue. */
export type SeedRights = readonly string[] | '*';

export interface SeedRight {
  readonly name: string;
  readonly category: string;
  readonly rightType: 'VIEW' | 'MODIFY';
  /** @default "" */
  readonly description?: string;
}

export interface SeedPublishable {
  readonly name: string;
  /** @default "" */
  readonly description?: string;
  readonly rights: SeedRights;
  /** @default false */
  readonly publishAll?: boolean;
  /** Tenant org names. @default [] */
  readonly tenants?: readonly string[];
  /** @default "com.vmware.vcloud.undefined.key" */
  readonly bundleKey?: string;
  /** @default false */
  readonly readOnly?: boolean;
}

export interface SeedRole {
  readonly name: string;
  /** @default "" */
  readonly description?: string;
  readonly rights: SeedRights;
  /** @default "com.vmware.vcloud.undefined.key" */
  readonly bundleKey?: string;
  /** @default false */
  readonly readOnly?: boolean;
}

export interface SeedUser {
  readonly name: string;
  /** Name of a role of the same org. */
  readonly role: string;
  /** A digest from `hashPassword` (files must not hold passwords). */
  readonly passwordHash?: string;
  /** Name of an environment variable holding the password. */
  readonly passwordEnv?: string;
  /** Plain password: only accepted from in-memory seeds (`allowPlainPasswords`), never from files. */
  readonly password?: string;
  /** @default true */
  readonly enabled?: boolean;
}

/**
 * A service account (VCD 10.4+, docs/vcd-protocol.md#service-accounts-and-the-device-flow). With
 * `refreshTokenEnv` it is ACTIVE and that environment variable holds its current refresh token (rotated on first
 * use, like any service account); without it the account is CREATED and waits for the device flow. Seed files
 * never hold the token itself.
 */
export interface SeedServiceAccount {
  readonly name: string;
  /** Name of a role of the org, or of a global role published to it. */
  readonly role: string;
  /** @default "00000000-0000-0000-0000-000000000000" */
  readonly softwareId?: string;
  /** Name of an environment variable holding the refresh token (at least 16 characters). @default - CREATED, no token */
  readonly refreshTokenEnv?: string;
}

export interface SeedOrg {
  readonly name: string;
  /** @default name */
  readonly displayName?: string;
  /** @default true for "System" */
  readonly isProvider?: boolean;
  /** @default [] */
  readonly roles?: readonly SeedRole[];
  /** @default [] */
  readonly users?: readonly SeedUser[];
  /** @default [] */
  readonly serviceAccounts?: readonly SeedServiceAccount[];
}

export interface WorldSeed {
  /** @default "10.6" */
  readonly vcdVersion?: string;
  /** @default false */
  readonly caseSensitiveNames?: boolean;
  /** Rights added to the built-in catalogue. @default [] */
  readonly extraRights?: readonly SeedRight[];
  readonly orgs: readonly SeedOrg[];
  /** @default [] */
  readonly globalRoles?: readonly SeedPublishable[];
  /** @default [] */
  readonly rightsBundles?: readonly SeedPublishable[];
}

export interface BuildWorldOptions {
  /** Names the seed in error messages (a file path, or e.g. "<demo world>"). */
  readonly source: string;
  /** Overrides the seed's vcdVersion. */
  readonly vcdVersion?: string;
  /** Accept `password` fields (in-memory seeds only). @default false */
  readonly allowPlainPasswords?: boolean;
  /** Where `passwordEnv` and `refreshTokenEnv` are looked up. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

/** Reads and validates a JSON seed file. Throws `SeedError`. */
export function loadSeedFile(path: string, options: Omit<BuildWorldOptions, 'source'> = {}): World {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new SeedError('SEED_FILE_UNREADABLE', path, '', `cannot read the file (${(err as NodeJS.ErrnoException).code ?? String(err)})`, 'a readable JSON seed file');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // The parser's message quotes file content, which may include secrets: it is neither shown nor kept as cause.
    throw new SeedError('SEED_NOT_JSON', path, '', 'not valid JSON (the parser\'s detail is not shown because it can quote the file)', 'a JSON object with an "orgs" array');
  }
  return buildWorldFromSeed(json, { ...options, source: path });
}

/** Validates an untrusted seed value and builds the World it describes. Throws `SeedError`. */
export function buildWorldFromSeed(seed: unknown, options: BuildWorldOptions): World {
  try {
    return new SeedBuilder(options).build(seed);
  } catch (err) {
    throw seedErrorFrom(err, options.source);
  }
}

class SeedBuilder {
  private readonly hashByPassword = new Map<string, string>();

  constructor(private readonly options: BuildWorldOptions) {}

  public build(seed: unknown): World {
    const root = this.object(seed, '', 'a JSON object with an "orgs" array');
    this.allowedKeys(root, '', ['vcdVersion', 'caseSensitiveNames', 'extraRights', 'orgs', 'globalRoles', 'rightsBundles', '$comment']);
    const vcdVersion = this.options.vcdVersion ?? this.optionalString(root, 'vcdVersion', '', 'a VCD release like "10.5" or "10.3.1"') ?? '10.6';
    if (!isVcdVersion(vcdVersion)) this.fail('SEED_INVALID_FIELD', 'vcdVersion', `"${vcdVersion}" is not a VCD release`, 'a VCD release like "10.5" or "10.3.1"');
    const caseSensitiveNames = this.optionalBoolean(root, 'caseSensitiveNames', '') ?? false;
    const world = new World({ vcdVersion, caseSensitiveNames });

    for (const right of rightsAvailableIn(vcdVersion)) {
      world.addRight({ ...right, id: stableUrn('right', right.name) });
    }
    this.array(root.extraRights ?? [], 'extraRights').forEach((value, i) => this.addExtraRight(world, value, `extraRights[${i}]`));

    const orgs = this.array(root.orgs, 'orgs');
    if (orgs.length === 0) this.fail('SEED_INVALID_FIELD', 'orgs', 'is empty', 'at least one org');
    const orgObjects = orgs.map((value, i) => {
      const path = `orgs[${i}]`;
      const org = this.object(value, path, 'an org object with a "name"');
      this.allowedKeys(org, path, ['name', 'displayName', 'isProvider', 'roles', 'users', 'serviceAccounts']);
      const name = this.requiredString(org, 'name', path, 'a non-empty org name');
      if (world.findOrgByName(name)) this.fail('SEED_DUPLICATE_NAME', `${path}.name`, `org "${name}" is listed twice`, 'unique org names');
      const isProvider = this.optionalBoolean(org, 'isProvider', path);
      const existingProvider = world.providerOrg();
      if (existingProvider && (isProvider ?? name.toLowerCase() === 'system')) {
        this.fail('SEED_INVALID_FIELD', `${path}.isProvider`, `"${name}" would be a second provider org after "${existingProvider.name}"`, 'exactly one provider (System) org at most');
      }
      const created = world.addOrg({
        name,
        displayName: this.optionalString(org, 'displayName', path, 'a string'),
        isProvider,
        id: stableUrn('org', name.toLowerCase()),
      });
      return { org, path, created };
    });

    for (const { org, path, created } of orgObjects) {
      this.array(org.roles ?? [], `${path}.roles`).forEach((value, j) => {
        const rolePath = `${path}.roles[${j}]`;
        const role = this.object(value, rolePath, 'a role object with "name" and "rights"');
        this.allowedKeys(role, rolePath, ['name', 'description', 'rights', 'bundleKey', 'readOnly']);
        const name = this.requiredString(role, 'name', rolePath, 'a non-empty role name');
        if (world.findRole(created.id, name)) this.fail('SEED_DUPLICATE_NAME', `${rolePath}.name`, `role "${name}" is listed twice in org "${created.name}"`, 'unique role names per org');
        world.addRole({
          name,
          orgId: created.id,
          description: this.optionalString(role, 'description', rolePath, 'a string'),
          rightIds: this.rightIds(world, role.rights, `${rolePath}.rights`),
          bundleKey: this.optionalString(role, 'bundleKey', rolePath, 'a string'),
          readOnly: this.optionalBoolean(role, 'readOnly', rolePath),
          id: stableUrn('role', `${created.name.toLowerCase()}/${name}`),
        });
      });
    }

    for (const { org, path, created } of orgObjects) {
      this.array(org.users ?? [], `${path}.users`).forEach((value, j) => this.addUser(world, value, `${path}.users[${j}]`, created.id));
    }

    this.array(root.globalRoles ?? [], 'globalRoles').forEach((value, i) => this.addPublishable(world, 'globalRole', value, `globalRoles[${i}]`));
    this.array(root.rightsBundles ?? [], 'rightsBundles').forEach((value, i) => this.addPublishable(world, 'rightsBundle', value, `rightsBundles[${i}]`));
    // After the global roles: a service account may hold a global role published to its org.
    for (const { org, path, created } of orgObjects) {
      this.array(org.serviceAccounts ?? [], `${path}.serviceAccounts`).forEach((value, j) => this.addServiceAccount(world, value, `${path}.serviceAccounts[${j}]`, created.id));
    }
    return world;
  }

  private addServiceAccount(world: World, value: unknown, path: string, orgId: string): void {
    const account = this.object(value, path, 'a service account object with "name" and "role"');
    this.allowedKeys(account, path, ['name', 'role', 'softwareId', 'refreshTokenEnv']);
    if (compareVcdVersions(world.vcdVersion, '10.4') < 0) this.fail('SEED_INVALID_FIELD', path, `VCD ${world.vcdVersion} has no service accounts`, 'vcdVersion 10.4 or later');
    const org = world.orgs.get(orgId)!;
    const name = this.requiredString(account, 'name', path, 'a non-empty service account name');
    if (world.listServiceAccounts().some((a) => a.orgId === orgId && a.name.toLowerCase() === name.toLowerCase())) {
      this.fail('SEED_DUPLICATE_NAME', `${path}.name`, `service account "${name}" is listed twice in org "${org.name}"`, 'unique service account names per org');
    }
    const roleName = this.requiredString(account, 'role', path, 'the name of a role of this org or a global role published to it');
    const role = world.findServiceAccountRole(orgId, roleName);
    if (!role) this.fail('SEED_UNKNOWN_REFERENCE', `${path}.role`, `unknown role "${roleName}"`, `a role of org "${org.name}" or a global role published to it`);
    let secretHash: string | null = null;
    if (account.refreshTokenEnv !== undefined) {
      const variable = this.requiredString(account, 'refreshTokenEnv', path, 'an environment variable name');
      const token = (this.options.env ?? process.env)[variable];
      // Never echo the value: it is a secret even when too short.
      if (!token || token.length < 16) this.fail('SEED_INVALID_FIELD', `${path}.refreshTokenEnv`, `environment variable ${variable} is not set or shorter than 16 characters`, `${variable} to hold the account's refresh token`);
      secretHash = hashSecret(token);
    }
    const clientId = nameBasedUuid(`serviceAccount:${org.name.toLowerCase()}/${name.toLowerCase()}`);
    world.addServiceAccount({
      id: `urn:vcloud:serviceAccount:${clientId}`,
      clientId,
      name,
      orgId,
      roleId: role.id,
      softwareId: this.optionalString(account, 'softwareId', path, 'a string (usually a UUID)') ?? '00000000-0000-0000-0000-000000000000',
      softwareVersion: null,
      uri: null,
      status: secretHash === null ? 'CREATED' : 'ACTIVE',
      secretHash,
      deviceCodeHash: null,
      userCodeHash: null,
      deviceCodeExpiresAt: null,
    });
  }

  private addExtraRight(world: World, value: unknown, path: string): void {
    const right = this.object(value, path, 'a right object with "name", "category" and "rightType"');
    this.allowedKeys(right, path, ['name', 'category', 'rightType', 'description']);
    const name = this.requiredString(right, 'name', path, 'a non-empty right name');
    if (world.findRightByName(name)) this.fail('SEED_DUPLICATE_NAME', `${path}.name`, `right "${name}" already exists`, 'a right name not already in the catalogue');
    const rightType = right.rightType;
    if (rightType !== 'VIEW' && rightType !== 'MODIFY') this.fail('SEED_INVALID_FIELD', `${path}.rightType`, `got ${JSON.stringify(rightType)}`, '"VIEW" or "MODIFY"');
    world.addRight({
      name,
      category: this.requiredString(right, 'category', path, 'a non-empty category name'),
      rightType,
      description: this.optionalString(right, 'description', path, 'a string'),
      id: stableUrn('right', name),
    });
  }

  private addUser(world: World, value: unknown, path: string, orgId: string): void {
    const user = this.object(value, path, 'a user object with "name", "role" and "passwordHash" or "passwordEnv"');
    this.allowedKeys(user, path, ['name', 'role', 'passwordHash', 'passwordEnv', 'password', 'enabled']);
    const org = world.orgs.get(orgId)!;
    const name = this.requiredString(user, 'name', path, 'a non-empty user name');
    if (world.findUser(orgId, name)) this.fail('SEED_DUPLICATE_NAME', `${path}.name`, `user "${name}" is listed twice in org "${org.name}"`, 'unique user names per org');
    const roleName = this.requiredString(user, 'role', path, 'the name of a role of this org');
    const role = world.findRole(orgId, roleName);
    if (!role) {
      const known = world.rolesOfOrg(orgId).map((r) => JSON.stringify(r.name)).join(', ') || 'none defined';
      this.fail('SEED_UNKNOWN_REFERENCE', `${path}.role`, `unknown role "${roleName}"`, `a role of org "${org.name}": ${known}`);
    }
    world.addUser({
      name,
      orgId,
      roleId: role.id,
      passwordHash: this.passwordHash(user, path),
      enabled: this.optionalBoolean(user, 'enabled', path),
      id: stableUrn('user', `${org.name.toLowerCase()}/${name.toLowerCase()}`),
    });
  }

  private passwordHash(user: Record<string, unknown>, path: string): string {
    const given = ['passwordHash', 'passwordEnv', 'password'].filter((key) => user[key] !== undefined);
    const expected = this.options.allowPlainPasswords
      ? 'exactly one of "passwordHash", "passwordEnv" or "password"'
      : 'exactly one of "passwordHash" (from hashPassword) or "passwordEnv" (an environment variable name); seed files must not contain passwords';
    if (given.length !== 1) this.fail('SEED_INVALID_FIELD', path, given.length === 0 ? 'no password given' : `conflicting ${given.join(' and ')}`, expected);
    if (user.password !== undefined) {
      if (!this.options.allowPlainPasswords) this.fail('SEED_INVALID_FIELD', `${path}.password`, 'plain passwords are not accepted in seed files', expected);
      // Never echo the value: it is a secret even when malformed.
      if (typeof user.password !== 'string' || user.password === '') this.fail('SEED_INVALID_FIELD', `${path}.password`, 'is not a non-empty string', 'a non-empty password');
      return this.hashOnce(user.password);
    }
    if (user.passwordHash !== undefined) {
      const digest = this.requiredString(user, 'passwordHash', path, 'a hashPassword digest');
      if (!isPasswordHash(digest)) this.fail('SEED_INVALID_FIELD', `${path}.passwordHash`, 'is not a hashPassword digest', '"scrypt$<N>$<r>$<p>$<salt>$<digest>" as produced by hashPassword');
      return digest;
    }
    const variable = this.requiredString(user, 'passwordEnv', path, 'an environment variable name');
    const password = (this.options.env ?? process.env)[variable];
    if (!password) this.fail('SEED_INVALID_FIELD', `${path}.passwordEnv`, `environment variable ${variable} is not set or empty`, `${variable} to hold the user's password`);
    return this.hashOnce(password);
  }

  // One digest per distinct password within a seed: scrypt is deliberately slow and demo users share passwords.
  private hashOnce(password: string): string {
    let digest = this.hashByPassword.get(password);
    if (!digest) {
      digest = hashPassword(password);
      this.hashByPassword.set(password, digest);
    }
    return digest;
  }

  private addPublishable(world: World, kind: 'globalRole' | 'rightsBundle', value: unknown, path: string): void {
    const item = this.object(value, path, `a ${kind} object with "name" and "rights"`);
    this.allowedKeys(item, path, ['name', 'description', 'rights', 'publishAll', 'tenants', 'bundleKey', 'readOnly']);
    const name = this.requiredString(item, 'name', path, `a non-empty ${kind} name`);
    const existing = kind === 'globalRole' ? world.globalRoles : world.rightsBundles;
    if ([...existing.values()].some((x) => x.name === name)) this.fail('SEED_DUPLICATE_NAME', `${path}.name`, `${kind} "${name}" is listed twice`, `unique ${kind} names`);
    const tenantOrgIds = this.array(item.tenants ?? [], `${path}.tenants`).map((tenant, k) => {
      const tenantPath = `${path}.tenants[${k}]`;
      if (typeof tenant !== 'string') this.fail('SEED_INVALID_FIELD', tenantPath, `got ${JSON.stringify(tenant)}`, 'a tenant org name');
      const org = world.findOrgByName(tenant);
      const tenants = [...world.orgs.values()].filter((o) => !o.isProvider).map((o) => JSON.stringify(o.name)).join(', ');
      if (!org) this.fail('SEED_UNKNOWN_REFERENCE', tenantPath, `unknown org "${tenant}"`, `a tenant org of this seed: ${tenants}`);
      if (org.isProvider) this.fail('SEED_INVALID_FIELD', tenantPath, `"${tenant}" is the provider org`, `a tenant org: ${tenants}`);
      return org.id;
    });
    const input = {
      name,
      description: this.optionalString(item, 'description', path, 'a string'),
      rightIds: this.rightIds(world, item.rights, `${path}.rights`),
      publishAll: this.optionalBoolean(item, 'publishAll', path),
      tenantOrgIds,
      bundleKey: this.optionalString(item, 'bundleKey', path, 'a string'),
      readOnly: this.optionalBoolean(item, 'readOnly', path),
      id: stableUrn(kind, name),
    };
    if (kind === 'globalRole') world.addGlobalRole(input);
    else world.addRightsBundle(input);
  }

  // Rights introduced after the emulated release are dropped, so one seed serves every release; names no
  // release knows are errors.
  private rightIds(world: World, value: unknown, path: string): string[] {
    if (value === '*') return [...world.rights.keys()];
    const names = this.array(value, path);
    const ids: string[] = [];
    names.forEach((name, i) => {
      if (typeof name !== 'string') this.fail('SEED_INVALID_FIELD', `${path}[${i}]`, `got ${JSON.stringify(name)}`, 'a right name');
      const right = world.findRightByName(name);
      if (right) {
        ids.push(right.id);
        return;
      }
      const later = RIGHTS_CATALOGUE.find((r) => r.name === name && compareVcdVersions(r.since ?? '10.0', world.vcdVersion) > 0);
      if (later) return;
      this.fail('SEED_UNKNOWN_REFERENCE', `${path}[${i}]`, `unknown right "${name}"`, `a right of the VCD ${world.vcdVersion} catalogue or of "extraRights" (names are case-sensitive)`);
    });
    return ids;
  }

  private object(value: unknown, path: string, expected: string): Record<string, unknown> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.fail('SEED_INVALID_FIELD', path, `got ${describe(value)}`, expected);
    }
    return value as Record<string, unknown>;
  }

  private array(value: unknown, path: string): unknown[] {
    if (!Array.isArray(value)) this.fail('SEED_INVALID_FIELD', path, `got ${describe(value)}`, 'an array');
    return value;
  }

  private allowedKeys(obj: Record<string, unknown>, path: string, keys: readonly string[]): void {
    for (const key of Object.keys(obj)) {
      if (!keys.includes(key)) this.fail('SEED_INVALID_FIELD', path ? `${path}.${key}` : key, 'unknown field', `one of ${keys.filter((k) => k !== '$comment').join(', ')}`);
    }
  }

  private requiredString(obj: Record<string, unknown>, key: string, path: string, expected: string): string {
    const value = obj[key];
    if (typeof value !== 'string' || value.trim() === '') this.fail('SEED_INVALID_FIELD', join(path, key), `got ${describe(value)}`, expected);
    return value;
  }

  private optionalString(obj: Record<string, unknown>, key: string, path: string, expected: string): string | undefined {
    const value = obj[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') this.fail('SEED_INVALID_FIELD', join(path, key), `got ${describe(value)}`, expected);
    return value;
  }

  private optionalBoolean(obj: Record<string, unknown>, key: string, path: string): boolean | undefined {
    const value = obj[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean') this.fail('SEED_INVALID_FIELD', join(path, key), `got ${describe(value)}`, 'true or false');
    return value;
  }

  private fail(code: SeedError['code'], fieldPath: string, problem: string, expected: string): never {
    throw new SeedError(code, this.options.source, fieldPath, problem, expected);
  }
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

// A WorldError here means a check above is missing; still report it as a seed problem.
function seedErrorFrom(err: unknown, source: string): unknown {
  return err instanceof WorldError ? new SeedError('SEED_INVALID_FIELD', source, '', err.message, 'a consistent seed') : err;
}
