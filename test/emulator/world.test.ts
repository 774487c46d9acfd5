// World model without HTTP: effective rights (role ∩ published bundles), explanations, version gating,
// name lookup, passwords, tokens, referential integrity and change notification.
import {
  createDemoWorld,
  DEMO_TOKEN_BUNDLE_NAME,
  hashPassword,
  hashTokenSecret,
  nameBasedUuid,
  verifyPasswordHash,
  World,
  WorldError,
  type ApiTokenRecord,
  type WorldChange,
} from '../../src/emulator/world';

const world = createDemoWorld();

function userId(w: World, orgName: string, userName: string): string {
  const org = w.findOrgByName(orgName);
  if (!org) throw new Error(`no org ${orgName}`);
  const user = w.findUser(org.id, userName);
  if (!user) throw new Error(`no user ${orgName}/${userName}`);
  return user.id;
}

function bundleNamed(w: World, name: string) {
  const bundle = [...w.rightsBundles.values()].find((b) => b.name === name);
  if (!bundle) throw new Error(`no bundle ${name}`);
  return bundle;
}

function tokenFor(w: World, ownerId: string, secret: string | null): ApiTokenRecord {
  const clientId = nameBasedUuid(`test-token:${ownerId}:${secret}`);
  const owner = w.users.get(ownerId)!;
  return { id: `urn:vcloud:token:${clientId}`, clientId, name: 'ci', ownerUserId: ownerId, orgId: owner.orgId, type: 'REFRESH', secretHash: secret === null ? null : hashTokenSecret(secret), grantConsumed: secret !== null };
}

describe('demo world effective rights', () => {
  test('System administrator holds every right of the catalogue, unfiltered by bundles', () => {
    const rights = world.effectiveRights(userId(world, 'System', 'administrator'));
    expect(rights.size).toBe(world.rights.size);
    expect(rights.has('API Tokens: Manage All')).toBe(true);
    expect(rights.has('Provider vDC: View')).toBe(true);
  });

  test.each(['acme', 'globex'])('%s: orgadmin has both token rights, automation only the own-token right', (org) => {
    const admin = world.effectiveRights(userId(world, org, 'orgadmin'));
    const automation = world.effectiveRights(userId(world, org, 'automation'));
    expect(admin.has('API Tokens: Manage')).toBe(true);
    expect(admin.has('API Tokens: Manage All')).toBe(true);
    expect(automation.has('API Tokens: Manage')).toBe(true);
    expect(automation.has('API Tokens: Manage All')).toBe(false);
    expect(automation.has('vApp: Create / Reconfigure a vApp')).toBe(true);
  });

  test('initech users keep ordinary rights but get no token rights (bundle not published)', () => {
    for (const name of ['orgadmin', 'automation']) {
      const rights = world.effectiveRights(userId(world, 'initech', name));
      expect(rights.has('API Tokens: Manage')).toBe(false);
      expect(rights.has('API Tokens: Manage All')).toBe(false);
      expect(rights.has('Organization: View')).toBe(true);
    }
  });

  test('tenant roles never yield provider-only rights even if the role listed them', () => {
    const w = createDemoWorld();
    const acme = w.findOrgByName('acme')!;
    const role = w.findRole(acme.id, 'Token Automation')!;
    w.updateRole(role.id, { rightIds: [...role.rightIds, w.findRightByName('Provider vDC: View')!.id] });
    expect(w.hasRight(userId(w, 'acme', 'automation'), 'Provider vDC: View')).toBe(false);
    expect(w.explainMissingRight(userId(w, 'acme', 'automation'), 'Provider vDC: View')).toEqual({ inRole: true, inPublishedBundle: false });
  });

  test('unknown users have no rights', () => {
    expect(world.effectiveRights('urn:vcloud:user:00000000-0000-0000-0000-000000000000').size).toBe(0);
  });
});

describe('explainMissingRight', () => {
  test('initech automation: in the role, missing from the published bundles', () => {
    expect(world.explainMissingRight(userId(world, 'initech', 'automation'), 'API Tokens: Manage')).toEqual({ inRole: true, inPublishedBundle: false });
  });

  test('acme automation lacks Manage All in its role while the bundle has it', () => {
    expect(world.explainMissingRight(userId(world, 'acme', 'automation'), 'API Tokens: Manage All')).toEqual({ inRole: false, inPublishedBundle: true });
  });

  test('System users are never limited by bundles', () => {
    expect(world.explainMissingRight(userId(world, 'System', 'administrator'), 'API Tokens: Manage')).toEqual({ inRole: true, inPublishedBundle: true });
  });

  test('unknown right names are neither in a role nor a bundle', () => {
    expect(world.explainMissingRight(userId(world, 'acme', 'orgadmin'), 'No Such Right')).toEqual({ inRole: false, inPublishedBundle: false });
  });
});

describe('bundle changes take effect at once (cache invalidation)', () => {
  test('publishing the token bundle to initech grants the right; unpublishing takes it away', () => {
    const w = createDemoWorld();
    const automation = userId(w, 'initech', 'automation');
    const before = w.effectiveRights(automation);
    expect(w.effectiveRights(automation)).toBe(before); // cached: same instance
    expect(before.has('API Tokens: Manage')).toBe(false);
    const bundle = bundleNamed(w, DEMO_TOKEN_BUNDLE_NAME);
    const initech = w.findOrgByName('initech')!;
    w.updateRightsBundle(bundle.id, { tenantOrgIds: [...bundle.tenantOrgIds, initech.id] });
    expect(w.hasRight(automation, 'API Tokens: Manage')).toBe(true);
    w.updateRightsBundle(bundle.id, { tenantOrgIds: bundle.tenantOrgIds });
    expect(w.hasRight(automation, 'API Tokens: Manage')).toBe(false);
  });

  test('publishAll covers tenants created afterwards', () => {
    const w = createDemoWorld();
    const bundle = bundleNamed(w, DEMO_TOKEN_BUNDLE_NAME);
    w.updateRightsBundle(bundle.id, { publishAll: true });
    const newOrg = w.addOrg({ name: 'hooli' });
    const role = w.addRole({ name: 'CI', orgId: newOrg.id, rightIds: w.rightIdsByNames(['API Tokens: Manage']) });
    const user = w.addUser({ name: 'ci', orgId: newOrg.id, roleId: role.id, passwordHash: hashPassword('x') });
    expect(w.hasRight(user.id, 'API Tokens: Manage')).toBe(true);
    expect(w.publishedTenants(w.rightsBundles.get(bundle.id)!).map((o) => o.name).sort()).toEqual(['acme', 'globex', 'hooli', 'initech']);
  });

  test('deleting a bundle and removing a right from a role both revoke the right', () => {
    const w = createDemoWorld();
    const admin = userId(w, 'acme', 'orgadmin');
    const automation = userId(w, 'acme', 'automation');
    w.removeRightsBundle(bundleNamed(w, DEMO_TOKEN_BUNDLE_NAME).id);
    expect(w.hasRight(admin, 'API Tokens: Manage All')).toBe(false);
    const w2 = createDemoWorld();
    const role = w2.roles.get(w2.users.get(automation)!.roleId)!;
    const manage = w2.findRightByName('API Tokens: Manage')!.id;
    expect(w2.hasRight(automation, 'API Tokens: Manage')).toBe(true);
    w2.updateRole(role.id, { rightIds: role.rightIds.filter((id) => id !== manage) });
    expect(w2.hasRight(automation, 'API Tokens: Manage')).toBe(false);
  });
});

describe('VCD release gating', () => {
  test('10.3.1 has the token rights but no service-account rights', () => {
    const w = createDemoWorld({ vcdVersion: '10.3.1' });
    expect(w.findRightByName('API Tokens: Manage')).toBeDefined();
    expect(w.findRightByName('View Service Accounts')).toBeUndefined();
    expect(w.hasRight(userId(w, 'acme', 'orgadmin'), 'API Tokens: Manage All')).toBe(true);
  });

  test('10.4 adds the service-account rights, 10.4.1 the limited view', () => {
    expect(createDemoWorld({ vcdVersion: '10.4' }).findRightByName('Manage Service Accounts')).toBeDefined();
    expect(createDemoWorld({ vcdVersion: '10.4' }).findRightByName('Limited Service Accounts View')).toBeUndefined();
    const w = createDemoWorld({ vcdVersion: '10.4.1' });
    expect(w.hasRight(userId(w, 'globex', 'orgadmin'), 'Limited Service Accounts View')).toBe(true);
  });

  test('10.3 predates API tokens: the rights do not exist at all', () => {
    const w = createDemoWorld({ vcdVersion: '10.3' });
    expect(w.findRightByName('API Tokens: Manage')).toBeUndefined();
    expect(w.hasRight(userId(w, 'acme', 'orgadmin'), 'API Tokens: Manage')).toBe(false);
  });

  test('a malformed release is refused', () => {
    expect(() => new World({ vcdVersion: 'ten' })).toThrow(/not a VCD release/);
  });
});

describe('names and passwords', () => {
  test('org lookup is case-insensitive by default and returns the canonical name', () => {
    expect(world.findOrgByName('ACME')?.name).toBe('acme');
    expect(world.findOrgByName('system')?.name).toBe('System');
    expect(world.findOrgByName('nope')).toBeUndefined();
  });

  test('caseSensitiveNames makes org and user lookups exact', () => {
    const w = createDemoWorld({ caseSensitiveNames: true });
    expect(w.findOrgByName('ACME')).toBeUndefined();
    const acme = w.findOrgByName('acme')!;
    expect(w.findUser(acme.id, 'OrgAdmin')).toBeUndefined();
    expect(w.findUser(acme.id, 'orgadmin')).toBeDefined();
  });

  test('verifyPassword accepts the right password only; the digest does not contain it', () => {
    const w = createDemoWorld({ adminPassword: 'Correct-Horse-1', demoPassword: 'Tenant-Pass-2' });
    const admin = w.users.get(userId(w, 'System', 'administrator'))!;
    const automation = w.users.get(userId(w, 'acme', 'automation'))!;
    expect(w.verifyPassword(admin, 'Correct-Horse-1')).toBe(true);
    expect(w.verifyPassword(admin, 'Tenant-Pass-2')).toBe(false);
    expect(w.verifyPassword(automation, 'Tenant-Pass-2')).toBe(true);
    expect(w.verifyPassword(automation, 'tenant-pass-2')).toBe(false);
    expect(admin.passwordHash).not.toContain('Correct-Horse-1');
    expect(admin.passwordHash).toMatch(/^scrypt\$16384\$8\$1\$/);
  });

  test('hashPassword salts every digest; malformed digests never verify', () => {
    const a = hashPassword('same');
    const b = hashPassword('same');
    expect(a).not.toBe(b);
    expect(verifyPasswordHash(a, 'same')).toBe(true);
    expect(verifyPasswordHash('sha256$abc', 'same')).toBe(false);
    expect(verifyPasswordHash('scrypt$3$8$1$c2FsdHNhbHQ=$ZGlnZXN0ZGlnZXN0ZGlnZXN0', 'same')).toBe(false);
  });

  test('setUserPassword replaces the digest', () => {
    const w = createDemoWorld();
    const id = userId(w, 'acme', 'orgadmin');
    w.setUserPassword(id, 'new-secret-pass');
    expect(w.verifyPassword(w.users.get(id)!, 'new-secret-pass')).toBe(true);
    expect(w.verifyPassword(w.users.get(id)!, 'vcd-emulator-demo')).toBe(false);
  });
});

describe('API tokens', () => {
  test('add, find by secret hash, rotate the secret, revoke', () => {
    const w = createDemoWorld();
    const owner = userId(w, 'acme', 'automation');
    const token = w.addToken(tokenFor(w, owner, null));
    expect(w.findTokenBySecretHash(hashTokenSecret('first'))).toBeUndefined();
    w.updateToken(token.id, { secretHash: hashTokenSecret('first'), grantConsumed: true });
    expect(w.findTokenBySecretHash(hashTokenSecret('first'))?.id).toBe(token.id);
    w.updateToken(token.id, { secretHash: hashTokenSecret('second') });
    expect(w.findTokenBySecretHash(hashTokenSecret('first'))).toBeUndefined();
    expect(w.findTokenBySecretHash(hashTokenSecret('second'))?.grantConsumed).toBe(true);
    expect(w.listTokens()).toHaveLength(1);
    expect(w.revokeToken(token.id)?.id).toBe(token.id);
    expect(w.revokeToken(token.id)).toBeUndefined();
    expect(w.findTokenBySecretHash(hashTokenSecret('second'))).toBeUndefined();
    expect(w.listTokens()).toHaveLength(0);
  });

  test('token ids must be urn:vcloud:token:<clientId> and belong to the owner org', () => {
    const w = createDemoWorld();
    const owner = userId(w, 'acme', 'automation');
    const good = tokenFor(w, owner, 's');
    expect(() => w.addToken({ ...good, id: 'urn:vcloud:token:other' })).toThrow(WorldError);
    expect(() => w.addToken({ ...good, orgId: w.findOrgByName('globex')!.id })).toThrow(/owner's org/);
    w.addToken(good);
    expect(() => w.addToken(good)).toThrow(expect.objectContaining({ code: 'WORLD_DUPLICATE_NAME' }));
  });

  test('deleting a user deletes its tokens', () => {
    const w = createDemoWorld();
    const owner = userId(w, 'globex', 'automation');
    w.addToken(tokenFor(w, owner, 'secret'));
    w.removeUser(owner);
    expect(w.listTokens()).toHaveLength(0);
    expect(w.findTokenBySecretHash(hashTokenSecret('secret'))).toBeUndefined();
  });

  test('token changes do not drop the effective-rights cache', () => {
    const w = createDemoWorld();
    const owner = userId(w, 'acme', 'automation');
    const rights = w.effectiveRights(owner);
    w.addToken(tokenFor(w, owner, 'x'));
    expect(w.effectiveRights(owner)).toBe(rights);
  });
});

describe('integrity and notifications', () => {
  test('refusals carry stable codes', () => {
    const w = createDemoWorld();
    const acme = w.findOrgByName('acme')!;
    const system = w.providerOrg()!;
    const codeOf = (fn: () => unknown): string | undefined => {
      try { fn(); } catch (err) { return (err as WorldError).code; }
      return undefined;
    };
    expect(codeOf(() => w.addOrg({ name: 'ACME' }))).toBe('WORLD_DUPLICATE_NAME');
    expect(codeOf(() => w.addUser({ name: 'x', orgId: acme.id, roleId: w.findRole(system.id, 'System Administrator')!.id, password: 'p' }))).toBe('WORLD_UNKNOWN_REFERENCE');
    expect(codeOf(() => w.updateRole(w.findRole(system.id, 'System Administrator')!.id, { name: 'x' }))).toBe('WORLD_READ_ONLY');
    expect(codeOf(() => w.removeRole(w.findRole(acme.id, 'Token Automation')!.id))).toBe('WORLD_IN_USE');
    expect(codeOf(() => w.updateRightsBundle(bundleNamed(w, DEMO_TOKEN_BUNDLE_NAME).id, { tenantOrgIds: [system.id] }))).toBe('WORLD_INVALID_VALUE');
    expect(codeOf(() => w.addRightsBundle({ name: 'b', rightIds: ['urn:vcloud:right:00000000-0000-0000-0000-000000000000'] }))).toBe('WORLD_UNKNOWN_REFERENCE');
    expect(codeOf(() => w.updateGlobalRole('urn:vcloud:globalRole:00000000-0000-0000-0000-000000000000', { name: 'x' }))).toBe('WORLD_NOT_FOUND');
    expect(codeOf(() => w.addUser({ name: 'y', orgId: acme.id, roleId: w.findRole(acme.id, 'Token Automation')!.id }))).toBe('WORLD_INVALID_VALUE');
  });

  test('onChange reports each change until unsubscribed', () => {
    const w = createDemoWorld();
    const seen: WorldChange[] = [];
    const stop = w.onChange((change) => seen.push(change));
    const org = w.addOrg({ name: 'umbrella' });
    w.addToken(tokenFor(w, userId(w, 'acme', 'automation'), 'z'));
    stop();
    w.addOrg({ name: 'wayne' });
    expect(seen).toEqual([
      { entity: 'org', action: 'add', id: org.id },
      expect.objectContaining({ entity: 'token', action: 'add' }),
    ]);
  });

  test('the demo world has the expected shape and stable ids', () => {
    expect([...world.orgs.values()].map((o) => o.name)).toEqual(['System', 'acme', 'globex', 'initech']);
    expect(world.providerOrg()?.name).toBe('System');
    expect(world.toJSON().orgs).toEqual(createDemoWorld().toJSON().orgs);
    const defaultBundle = bundleNamed(world, 'Default Rights Bundle');
    expect(defaultBundle.bundleKey).toBe('DEFAULT_TENANT_RIGHTS_BUNDLE');
    expect(world.publishedTenants(defaultBundle).map((o) => o.name)).toEqual(['acme', 'globex', 'initech']);
    expect(defaultBundle.rightIds.map((id) => world.rights.get(id)!.name)).not.toContain('API Tokens: Manage');
    expect(world.rights.size).toBeGreaterThanOrEqual(30);
    for (const right of world.rights.values()) expect(right.id).toMatch(/^urn:vcloud:right:[0-9a-f-]{36}$/);
  });
});
