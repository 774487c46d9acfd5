import { TerraformVariable } from 'cdktf';
import { ApiTokenRightsBundle, RightsCatalogue, VcdConstructError } from '../../src/constructs';
import { newStack, synthJson, thrownBy, warningsUnder } from './helpers';

function onlyBundle(json: any): any {
  const bundles = Object.values(json.resource.vcd_rights_bundle);
  expect(bundles).toHaveLength(1);
  return bundles[0];
}

describe('ApiTokenRightsBundle', () => {
  test('GIVEN defaults WHEN synthesized THEN a bundle with the own-token right published to the tenants', () => {
    const { stack } = newStack();
    const bundle = new ApiTokenRightsBundle(stack, 'bundle', { name: 'Token rights', vcdVersion: '10.5.1', tenants: ['acme', 'beta'] });
    expect(onlyBundle(synthJson(stack))).toEqual({
      name: 'Token rights',
      description: 'Rights for VCD API tokens, managed by vcd-api-tokens',
      rights: ['API Tokens: Manage'],
      publish_to_all_tenants: false,
      tenants: ['acme', 'beta'],
    });
    expect(bundle.rightNames).toEqual(['API Tokens: Manage']);
    expect(bundle.tenants).toEqual(['acme', 'beta']);
    expect(bundle.publishToAllTenants).toBe(false);
    expect(ApiTokenRightsBundle.isApiTokenRightsBundle(bundle)).toBe(true);
    expect(ApiTokenRightsBundle.isApiTokenRightsBundle(stack)).toBe(false);
  });

  test('includeManageAll, extra rights (deduplicated) and publish to all tenants', () => {
    const { stack } = newStack();
    const bundle = new ApiTokenRightsBundle(stack, 'bundle', {
      name: 'B',
      description: 'custom',
      vcdVersion: '10.4.1',
      includeManageAll: true,
      extraRights: ['Limited Service Accounts View', 'API Tokens: Manage', 'Limited Service Accounts View'],
      publishToAllTenants: true,
    });
    const json = onlyBundle(synthJson(stack));
    expect(json.rights).toEqual(['API Tokens: Manage', 'API Tokens: Manage All', 'Limited Service Accounts View']);
    expect(json.publish_to_all_tenants).toBe(true);
    expect(json).not.toHaveProperty('tenants');
    expect(json.description).toBe('custom');
    expect(bundle.tenants).toEqual([]);
    expect(bundle.publishToAllTenants).toBe(true);
  });

  test('baseBundleName reads the base bundle and unions its rights with the token rights', () => {
    const { stack } = newStack();
    const bundle = new ApiTokenRightsBundle(stack, 'bundle', {
      name: 'Default plus tokens',
      vcdVersion: '10.5',
      baseBundleName: 'Default Rights Bundle',
      tenants: ['acme'],
    });
    const json = synthJson(stack);
    const [[dataId, data]] = Object.entries<any>(json.data.vcd_rights_bundle);
    expect(data).toEqual({ name: 'Default Rights Bundle' });
    expect(onlyBundle(json).rights).toBe(
      `\${setunion(tolist(data.vcd_rights_bundle.${dataId}.rights), ["API Tokens: Manage"])}`,
    );
    expect(bundle.rightNames).toEqual(['API Tokens: Manage']);
  });

  test('passes the provider to the bundle and the base data source', () => {
    const { stack } = newStack();
    const { VcdPasswordProvider } = require('../../src/constructs');
    const platform = new VcdPasswordProvider(stack, 'pw', { url: 'https://vcd.example.com/api', alias: 'platform' });
    new ApiTokenRightsBundle(stack, 'bundle', {
      name: 'B', vcdVersion: '10.5', tenants: ['acme'], baseBundleName: 'Default Rights Bundle', provider: platform.provider,
    });
    const json = synthJson(stack);
    expect(onlyBundle(json).provider).toBe('vcd.platform');
    expect(Object.values<any>(json.data.vcd_rights_bundle)[0].provider).toBe('vcd.platform');
  });

  describe('rights against the VCD version', () => {
    test('a right the catalogue knows is absent in the version fails, naming right, version and first version', () => {
      const { stack } = newStack();
      const error = thrownBy(
        () => new ApiTokenRightsBundle(stack, 'bundle', { name: 'B', vcdVersion: '10.4', extraRights: ['Limited Service Accounts View'], tenants: ['acme'] }),
      );
      expect(VcdConstructError.isVcdConstructError(error)).toBe(true);
      expect(error.code).toBe('VCD_RIGHT_ABSENT_IN_VERSION');
      expect(error.message).toContain('"Limited Service Accounts View" (first in VCD 10.4.1)');
      expect(error.message).toContain('VCD 10.4 does not have');
      expect(error.message).toContain('stack/bundle');
    });

    test('the same right is accepted from the version it appears in', () => {
      const { stack } = newStack();
      expect(
        () => new ApiTokenRightsBundle(stack, 'bundle', { name: 'B', vcdVersion: '10.4.1', extraRights: ['Limited Service Accounts View'], tenants: ['acme'] }),
      ).not.toThrow();
    });

    test('an unknown right is a warning, not an error', () => {
      const { stack } = newStack();
      const bundle = new ApiTokenRightsBundle(stack, 'bundle', { name: 'B', vcdVersion: '10.5', extraRights: ['Vendor Plugin: Use'], tenants: ['acme'] });
      const warnings = warningsUnder(bundle);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain('"Vendor Plugin: Use"');
      expect(warnings[0]).toContain('VCD_RIGHT_UNKNOWN');
      expect(onlyBundle(synthJson(stack)).rights).toContain('Vendor Plugin: Use');
    });

    test('known available rights give no warning', () => {
      const { stack } = newStack();
      const bundle = new ApiTokenRightsBundle(stack, 'bundle', { name: 'B', vcdVersion: '10.5', extraRights: ['vApp: View VM metrics'], tenants: ['acme'] });
      expect(warningsUnder(bundle)).toEqual([]);
    });

    test('a custom catalogue is honoured', () => {
      const { stack } = newStack();
      const catalogue = RightsCatalogue.default().withEntries([{ name: 'Vendor Plugin: Use', since: '10.6' }]);
      const error = thrownBy(
        () => new ApiTokenRightsBundle(stack, 'b', { name: 'B', vcdVersion: '10.5.1', extraRights: ['Vendor Plugin: Use'], tenants: ['acme'], catalogue }),
      );
      expect(error.code).toBe('VCD_RIGHT_ABSENT_IN_VERSION');
    });

    test.each([
      ['10.3', 'VCD_UNSUPPORTED_VERSION'],
      ['10.7.0', 'VCD_UNSUPPORTED_VERSION'],
      ['ten', 'VCD_INVALID_VERSION'],
    ])('vcdVersion %p is rejected with %p', (vcdVersion, code) => {
      const { stack } = newStack();
      const error = thrownBy(() => new ApiTokenRightsBundle(stack, 'b', { name: 'B', vcdVersion, tenants: ['acme'] }));
      expect(error.code).toBe(code);
      expect(error.message).toContain('vcdVersion');
    });

    test('a vcdVersion token skips the version checks', () => {
      const { stack } = newStack();
      const version = new TerraformVariable(stack, 'v', { type: 'string' });
      expect(
        () => new ApiTokenRightsBundle(stack, 'b', { name: 'B', vcdVersion: version.stringValue, extraRights: ['Limited Service Accounts View'], tenants: ['acme'] }),
      ).not.toThrow();
    });
  });

  describe('publication targets', () => {
    test.each([
      [{ tenants: ['acme'], publishToAllTenants: true }, /both "tenants" and "publishToAllTenants: true"/],
      [{}, /neither "tenants" nor "publishToAllTenants: true"/],
      [{ publishToAllTenants: false }, /neither/],
      [{ tenants: [] }, /"tenants" is empty/],
    ])('exactly one of tenants / publishToAllTenants: %p', (targets, message) => {
      const { stack } = newStack();
      const error = thrownBy(() => new ApiTokenRightsBundle(stack, 'b', { name: 'B', vcdVersion: '10.5', ...targets }));
      expect(error.code).toBe('VCD_PUBLICATION_TARGET');
      expect(error.message).toMatch(message);
    });

    test.each([
      [['acme', ''], 'VCD_INVALID_TENANT', /tenants\[1\] is blank/],
      [['   '], 'VCD_INVALID_TENANT', /tenants\[0\] is blank/],
      [[' acme'], 'VCD_INVALID_TENANT', /leading or trailing spaces/],
      [['acme', 'beta', 'acme'], 'VCD_DUPLICATE_TENANT', /lists "acme" more than once/],
    ])('tenants %p are rejected', (tenants, code, message) => {
      const { stack } = newStack();
      const error = thrownBy(() => new ApiTokenRightsBundle(stack, 'b', { name: 'B', vcdVersion: '10.5', tenants }));
      expect(error.code).toBe(code);
      expect(error.message).toMatch(message);
    });
  });

  test.each([[''], ['  '], ['API Tokens: Manage ']])('extra right %p is rejected', (right) => {
    const { stack } = newStack();
    const error = thrownBy(() => new ApiTokenRightsBundle(stack, 'b', { name: 'B', vcdVersion: '10.5', tenants: ['a'], extraRights: [right] }));
    expect(error.code).toBe('VCD_INVALID_RIGHT_NAME');
  });

  test('a blank bundle name is rejected', () => {
    const { stack } = newStack();
    expect(thrownBy(() => new ApiTokenRightsBundle(stack, 'b', { name: ' ', vcdVersion: '10.5', tenants: ['a'] })).code).toBe('VCD_INVALID_PROP');
  });
});
