import { ApiTokenGlobalRole, ApiTokenTenantRole } from '../../src/constructs';
import { newStack, synthJson, thrownBy, validationsUnder, warningsUnder } from './helpers';

describe('ApiTokenGlobalRole', () => {
  test.each([
    ['automation', ['API Tokens: Manage']],
    ['administrator', ['API Tokens: Manage', 'API Tokens: Manage All']],
  ] as const)('kind %p grants %p', (kind, rights) => {
    const { stack } = newStack();
    const role = new ApiTokenGlobalRole(stack, 'role', { name: 'Token role', kind, tenants: ['acme'] });
    const json = synthJson(stack);
    const [resource] = Object.values<any>(json.resource.vcd_global_role);
    expect(resource.rights).toEqual(rights);
    expect(resource.tenants).toEqual(['acme']);
    expect(resource.publish_to_all_tenants).toBe(false);
    expect(resource.name).toBe('Token role');
    expect(typeof resource.description).toBe('string');
    expect(role.rightNames).toEqual(rights);
    expect(role.kind).toBe(kind);
  });

  test('extra rights are appended and it can be published to all tenants', () => {
    const { stack } = newStack();
    const role = new ApiTokenGlobalRole(stack, 'role', {
      name: 'R', kind: 'automation', extraRights: ['vApp: View VM metrics'], publishToAllTenants: true, description: 'd',
    });
    const [resource] = Object.values<any>(synthJson(stack).resource.vcd_global_role);
    expect(resource).toEqual({ name: 'R', description: 'd', rights: ['API Tokens: Manage', 'vApp: View VM metrics'], publish_to_all_tenants: true });
    expect(role.publishToAllTenants).toBe(true);
    expect(role.tenants).toEqual([]);
  });

  test('validates tenants like bundles do', () => {
    const { stack } = newStack();
    expect(thrownBy(() => new ApiTokenGlobalRole(stack, 'a', { name: 'R', kind: 'automation' })).code).toBe('CONSTRUCT_PUBLICATION_TARGET');
    expect(thrownBy(() => new ApiTokenGlobalRole(stack, 'b', { name: 'R', kind: 'automation', tenants: ['x'], publishToAllTenants: true })).code).toBe('CONSTRUCT_PUBLICATION_TARGET');
    expect(thrownBy(() => new ApiTokenGlobalRole(stack, 'c', { name: 'R', kind: 'automation', tenants: ['x', 'x'] })).code).toBe('CONSTRUCT_DUPLICATE_TENANT');
    expect(thrownBy(() => new ApiTokenGlobalRole(stack, 'd', { name: 'R', kind: 'automation', tenants: [''] })).code).toBe('CONSTRUCT_INVALID_TENANT');
  });

  test('rejects an unknown kind, naming the valid ones', () => {
    const { stack } = newStack();
    const error = thrownBy(() => new ApiTokenGlobalRole(stack, 'a', { name: 'R', kind: 'admin' as any, tenants: ['x'] }));
    expect(error.code).toBe('CONSTRUCT_INVALID_PROP');
    expect(error.message).toMatch(/"automation".*"administrator"/);
  });

  test('with vcdVersion, rights are checked against the catalogue', () => {
    const { stack } = newStack();
    const absent = new ApiTokenGlobalRole(stack, 'a', { name: 'R', kind: 'automation', tenants: ['x'], vcdVersion: '10.3.1', extraRights: ['Manage Service Accounts'] });
    expect(validationsUnder(absent)).toEqual([expect.stringContaining('[CONSTRUCT_RIGHT_ABSENT_IN_VERSION] VCD 10.3.1 does not have the right "Manage Service Accounts" (first in VCD 10.4)')]);
    const role = new ApiTokenGlobalRole(stack, 'b', { name: 'R', kind: 'automation', tenants: ['x'], vcdVersion: '10.5', extraRights: ['Some: Thing'] });
    expect(warningsUnder(role).join('\n')).toContain('"Some: Thing"');
  });
});

describe('ApiTokenTenantRole', () => {
  test('a vcd_role in one org with the kind rights', () => {
    const { stack } = newStack();
    const role = new ApiTokenTenantRole(stack, 'role', { name: 'Token admin', org: 'acme', kind: 'administrator' });
    const [resource] = Object.values<any>(synthJson(stack).resource.vcd_role);
    expect(resource.org).toBe('acme');
    expect(resource.name).toBe('Token admin');
    expect(resource.rights).toEqual(['API Tokens: Manage', 'API Tokens: Manage All']);
    expect(role.tenants).toEqual(['acme']);
    expect(role.publishToAllTenants).toBe(false);
    expect(ApiTokenTenantRole.isApiTokenTenantRole(role)).toBe(true);
  });

  test.each([[''], [' acme']])('rejects org %p', (org) => {
    const { stack } = newStack();
    expect(thrownBy(() => new ApiTokenTenantRole(stack, 'r', { name: 'R', org, kind: 'automation' })).code).toBe('CONSTRUCT_INVALID_TENANT');
  });
});
