import { Testing } from 'cdktf';
import { GlobalRole } from '../../.gen/providers/vcd/global-role';
import { ApiTokenGlobalRole, ApiTokenRightsBundle, ApiTokenTenantRole, declareExternalRightsBundle } from '../../src/constructs';
import { findUnpublishedRoleRights } from '../../src/constructs/rights-publication-validation';
import { VcdPasswordProvider } from '../../src/constructs';
import { newStack as newBareStack, thrownBy, URL } from './helpers';

function newStack() {
  const made = newBareStack();
  new VcdPasswordProvider(made.stack, 'platform', { url: URL });
  return made;
}

const V = '10.5.1';

describe('rights publication validation', () => {
  test('a role right missing from the bundle published to the tenant fails synth, naming role, right, tenant and fix', () => {
    const { app, stack } = newStack();
    new ApiTokenRightsBundle(stack, 'bundle', { name: 'Tokens', vcdVersion: V, tenants: ['acme'] });
    new ApiTokenGlobalRole(stack, 'admin', { name: 'Token Admin', kind: 'administrator', tenants: ['acme'] });
    const error = thrownBy(() => app.synth());
    expect(error.message).toContain('[CONSTRUCT_RIGHT_NOT_PUBLISHED]');
    expect(error.message).toContain('Role "Token Admin"');
    expect(error.message).toContain('"API Tokens: Manage All"');
    expect(error.message).toContain('tenant "acme"');
    expect(error.message).toContain('add "API Tokens: Manage All" to a rights bundle published to "acme"');
    expect(error.message).toContain('stop publishing the role to "acme"');
    // The own-token right is in the bundle, so only the missing one is reported.
    expect(findUnpublishedRoleRights(stack)).toHaveLength(1);
  });

  test('the finding names the bundles published to the tenant that lack the right (and none of the others)', () => {
    const { stack } = newStack();
    new ApiTokenRightsBundle(stack, 'own', { name: 'Tokens', vcdVersion: V, tenants: ['acme', 'beta'] });
    new ApiTokenRightsBundle(stack, 'other', { name: 'Beta Admin', vcdVersion: V, tenants: ['beta'], includeManageAll: true });
    declareExternalRightsBundle(stack, { name: 'Default Rights Bundle', publishToAllTenants: true, rights: ['vApp: Delete'] });
    new ApiTokenGlobalRole(stack, 'admin', { name: 'Token Admin', kind: 'administrator', tenants: ['acme', 'beta'] });
    const messages = findUnpublishedRoleRights(stack);
    expect(messages).toHaveLength(1);
    const [first, lacking] = messages[0].split('\n');
    expect(first).toBe('[CONSTRUCT_RIGHT_NOT_PUBLISHED] Role "Token Admin" (stack/admin/global-role) grants "API Tokens: Manage All" in tenant "acme", but no rights bundle published to "acme" contains it.');
    expect(lacking.trim()).toBe('Bundles published to "acme" that lack it: "Default Rights Bundle" (external), "Tokens" (stack/own/bundle).');
  });

  test('with no bundle published to the tenant, the finding says so', () => {
    const { stack } = newStack();
    new ApiTokenGlobalRole(stack, 'auto', { name: 'Auto', kind: 'automation', tenants: ['acme'] });
    expect(findUnpublishedRoleRights(stack)[0]).toContain('Bundles published to "acme" in this stack: none.');
  });

  test('the same role passes when the tenant bundle carries both rights', () => {
    const { app, stack } = newStack();
    new ApiTokenRightsBundle(stack, 'bundle', { name: 'Tokens', vcdVersion: V, tenants: ['acme'], includeManageAll: true });
    new ApiTokenGlobalRole(stack, 'admin', { name: 'Token Admin', kind: 'administrator', tenants: ['acme'] });
    expect(() => app.synth()).not.toThrow();
  });

  test('Testing.synth with validations fails too', () => {
    const { stack } = newStack();
    new ApiTokenGlobalRole(stack, 'auto', { name: 'Auto', kind: 'automation', tenants: ['acme'] });
    expect(() => Testing.synth(stack, true)).toThrow(/CONSTRUCT_RIGHT_NOT_PUBLISHED/);
  });

  test('a bundle published to all tenants satisfies every tenant', () => {
    const { stack } = newStack();
    new ApiTokenRightsBundle(stack, 'bundle', { name: 'Tokens', vcdVersion: V, publishToAllTenants: true, includeManageAll: true });
    new ApiTokenGlobalRole(stack, 'admin', { name: 'Admin', kind: 'administrator', tenants: ['acme', 'beta'] });
    new ApiTokenGlobalRole(stack, 'all', { name: 'All', kind: 'automation', publishToAllTenants: true });
    new ApiTokenTenantRole(stack, 'org-role', { name: 'Org', org: 'gamma', kind: 'administrator' });
    expect(findUnpublishedRoleRights(stack)).toEqual([]);
  });

  test('a bundle for another tenant does not count', () => {
    const { stack } = newStack();
    new ApiTokenRightsBundle(stack, 'bundle', { name: 'Tokens', vcdVersion: V, tenants: ['beta'] });
    new ApiTokenGlobalRole(stack, 'auto', { name: 'Auto', kind: 'automation', tenants: ['acme', 'beta'] });
    const messages = findUnpublishedRoleRights(stack);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain('tenant "acme"');
  });

  test('a role published to all tenants needs a bundle published to all tenants', () => {
    const { stack } = newStack();
    new ApiTokenRightsBundle(stack, 'bundle', { name: 'Tokens', vcdVersion: V, tenants: ['acme'] });
    new ApiTokenGlobalRole(stack, 'auto', { name: 'Auto', kind: 'automation', publishToAllTenants: true });
    const messages = findUnpublishedRoleRights(stack);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain('published to all tenants');
    expect(messages[0]).toContain('"API Tokens: Manage"');
  });

  test('a tenant role is checked against the bundles published to its org', () => {
    const { stack } = newStack();
    new ApiTokenRightsBundle(stack, 'bundle', { name: 'Tokens', vcdVersion: V, tenants: ['acme'] });
    new ApiTokenTenantRole(stack, 'ok', { name: 'Ok', org: 'acme', kind: 'automation' });
    new ApiTokenTenantRole(stack, 'bad', { name: 'Bad', org: 'beta', kind: 'automation' });
    const messages = findUnpublishedRoleRights(stack);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain('Role "Bad"');
    expect(messages[0]).toContain('tenant "beta"');
  });

  test('a bundle built on a base bundle (unknown contents) may supply any right to its tenants', () => {
    const { stack } = newStack();
    new ApiTokenRightsBundle(stack, 'bundle', { name: 'Tokens', vcdVersion: V, tenants: ['acme'], baseBundleName: 'Default Rights Bundle' });
    new ApiTokenGlobalRole(stack, 'role', { name: 'R', kind: 'administrator', tenants: ['acme'], extraRights: ['vApp: View VM metrics'] });
    expect(findUnpublishedRoleRights(stack)).toEqual([]);
    // ...but not to tenants it is not published to.
    new ApiTokenTenantRole(stack, 'other', { name: 'Other', org: 'beta', kind: 'automation' });
    expect(findUnpublishedRoleRights(stack)).toHaveLength(1);
  });

  test('roles made with the generated GlobalRole directly are checked too', () => {
    const { stack } = newStack();
    new ApiTokenRightsBundle(stack, 'bundle', { name: 'Tokens', vcdVersion: V, tenants: ['acme'] });
    new GlobalRole(stack, 'raw', { name: 'Raw', description: 'd', rights: ['vApp: Delete'], publishToAllTenants: false, tenants: ['acme'] });
    const messages = findUnpublishedRoleRights(stack);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain('Role "Raw"');
    expect(messages[0]).toContain('"vApp: Delete"');
  });

  test('the stack validation is attached once however many constructs there are', () => {
    const { stack } = newStack();
    new ApiTokenGlobalRole(stack, 'a', { name: 'A', kind: 'automation', tenants: ['acme'] });
    new ApiTokenRightsBundle(stack, 'b', { name: 'B', vcdVersion: V, tenants: ['zeta'] });
    new ApiTokenTenantRole(stack, 'c', { name: 'C', org: 'zeta', kind: 'automation' });
    expect(stack.node.validate().filter((m) => m.includes('CONSTRUCT_RIGHT_NOT_PUBLISHED'))).toHaveLength(1);
    expect(stack.node.validate()).toHaveLength(1);
  });

  describe('bundles managed outside the stack', () => {
    test('a declared external bundle with unknown rights covers its tenants only', () => {
      const { stack } = newStack();
      new ApiTokenGlobalRole(stack, 'role', { name: 'R', kind: 'administrator', tenants: ['acme', 'beta'] });
      expect(findUnpublishedRoleRights(stack)).toHaveLength(4);
      declareExternalRightsBundle(stack, { name: 'Default Rights Bundle', tenants: ['acme'] });
      const messages = findUnpublishedRoleRights(stack);
      expect(messages).toHaveLength(2);
      expect(messages.every((m) => m.includes('tenant "beta"'))).toBe(true);
    });

    test('a declared external bundle with listed rights covers only those rights', () => {
      const { stack } = newStack();
      new ApiTokenGlobalRole(stack, 'role', { name: 'R', kind: 'administrator', publishToAllTenants: true });
      declareExternalRightsBundle(stack, { name: 'Default Rights Bundle', publishToAllTenants: true, rights: ['API Tokens: Manage'] });
      const messages = findUnpublishedRoleRights(stack);
      expect(messages).toHaveLength(1);
      expect(messages[0]).toContain('"API Tokens: Manage All"');
    });

    test('declaring one attaches the check and validates its targets', () => {
      const { stack } = newStack();
      declareExternalRightsBundle(stack, { name: 'X', publishToAllTenants: true });
      expect(thrownBy(() => declareExternalRightsBundle(stack, { name: 'Y', tenants: ['a', 'a'] })).code).toBe('CONSTRUCT_DUPLICATE_TENANT');
      expect(thrownBy(() => declareExternalRightsBundle(stack, { name: 'Z' })).code).toBe('CONSTRUCT_PUBLICATION_TARGET');
    });
  });
});
