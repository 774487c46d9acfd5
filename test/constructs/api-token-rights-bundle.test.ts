import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { ApiTokenRightsBundle, RightsCatalogue, VcdConstructError } from '../../src/constructs';
import { errorsUnder, newStack, synthJson, thrownBy, validationsUnder, warningsUnder } from './helpers';

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
    test('a right the catalogue knows is absent in the version fails synth, naming right, version and first version', () => {
      const { stack } = newStack();
      const bundle = new ApiTokenRightsBundle(stack, 'bundle', { name: 'B', vcdVersion: '10.4', extraRights: ['Limited Service Accounts View'], tenants: ['acme'] });
      const findings = validationsUnder(bundle);
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatch(/^\[CONSTRUCT_RIGHT_ABSENT_IN_VERSION\] VCD 10\.4 does not have the right "Limited Service Accounts View" \(first in VCD 10\.4\.1\)/);
      expect(errorsUnder(bundle)).toEqual(findings);
      expect(() => Testing.synth(stack, true)).toThrow(/\[stack\/bundle\] \[CONSTRUCT_RIGHT_ABSENT_IN_VERSION\]/);
    });

    test('the same right is accepted from the version it appears in', () => {
      const { stack } = newStack();
      const bundle = new ApiTokenRightsBundle(stack, 'bundle', { name: 'B', vcdVersion: '10.4.1', extraRights: ['Limited Service Accounts View'], tenants: ['acme'] });
      expect(validationsUnder(bundle)).toEqual([]);
      expect(errorsUnder(bundle)).toEqual([]);
    });

    test('an unknown right is a warning, not an error', () => {
      const { stack } = newStack();
      const bundle = new ApiTokenRightsBundle(stack, 'bundle', { name: 'B', vcdVersion: '10.5', extraRights: ['Vendor Plugin: Use'], tenants: ['acme'] });
      const warnings = warningsUnder(bundle);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain('"Vendor Plugin: Use"');
      expect(warnings[0]).toContain('CONSTRUCT_RIGHT_UNKNOWN');
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
      const bundle = new ApiTokenRightsBundle(stack, 'b', { name: 'B', vcdVersion: '10.5.1', extraRights: ['Vendor Plugin: Use'], tenants: ['acme'], catalogue });
      expect(validationsUnder(bundle)).toEqual([expect.stringContaining('[CONSTRUCT_RIGHT_ABSENT_IN_VERSION] VCD 10.5.1 does not have the right "Vendor Plugin: Use" (first in VCD 10.6)')]);
    });

    test.each([
      ['10.3', 'CONSTRUCT_UNSUPPORTED_VCD_VERSION'],
      ['10.7.0', 'CONSTRUCT_UNSUPPORTED_VCD_VERSION'],
      ['ten', 'CONSTRUCT_INVALID_VCD_VERSION'],
    ])('vcdVersion %p fails synth with %p', (vcdVersion, code) => {
      const { stack } = newStack();
      const bundle = new ApiTokenRightsBundle(stack, 'b', { name: 'B', vcdVersion, tenants: ['acme'] });
      expect(validationsUnder(bundle)).toEqual([expect.stringMatching(new RegExp(`^\\[${code}\\] vcdVersion: `))]);
    });

    test('version and catalogue problems are recorded, not thrown, so every environment is built and checked', () => {
      const { app } = newStack('unused');
      const stacks = ['dev', 'test', 'prod'].map((env) => new TerraformStack(app, `${env}-platform`));
      new ApiTokenRightsBundle(stacks[0], 'b', { name: 'B', vcdVersion: '10.2', tenants: ['acme'] });
      new ApiTokenRightsBundle(stacks[1], 'b', { name: 'B', vcdVersion: '10.4', extraRights: ['Limited Service Accounts View'], tenants: ['acme'] });
      new ApiTokenRightsBundle(stacks[2], 'b', { name: 'B', vcdVersion: 'latest', tenants: ['acme'] });
      const findings = stacks.map((s) => validationsUnder(s).filter((m) => m.startsWith('[CONSTRUCT_')));
      expect(findings.map((f) => f.map((m) => /^\[(\w+)\]/.exec(m)?.[1]))).toEqual([
        ['CONSTRUCT_UNSUPPORTED_VCD_VERSION'], ['CONSTRUCT_RIGHT_ABSENT_IN_VERSION'], ['CONSTRUCT_INVALID_VCD_VERSION'],
      ]);
    });

    test('a vcdVersion token skips the version checks', () => {
      const { stack } = newStack();
      const version = new TerraformVariable(stack, 'v', { type: 'string' });
      const bundle = new ApiTokenRightsBundle(stack, 'b', { name: 'B', vcdVersion: version.stringValue, extraRights: ['Limited Service Accounts View'], tenants: ['acme'] });
      expect(validationsUnder(bundle)).toEqual([]);
      expect(warningsUnder(bundle)).toEqual([]);
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
      expect(error.code).toBe('CONSTRUCT_PUBLICATION_TARGET');
      expect(error.message).toMatch(message);
    });

    test.each([
      [['acme', ''], 'CONSTRUCT_INVALID_TENANT', /tenants\[1\] is blank/],
      [['   '], 'CONSTRUCT_INVALID_TENANT', /tenants\[0\] is blank/],
      [[' acme'], 'CONSTRUCT_INVALID_TENANT', /leading or trailing spaces/],
      [['acme', 'beta', 'acme'], 'CONSTRUCT_DUPLICATE_TENANT', /lists "acme" more than once/],
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
    expect(error.code).toBe('CONSTRUCT_INVALID_RIGHT_NAME');
  });

  test('a blank bundle name is rejected', () => {
    const { stack } = newStack();
    expect(thrownBy(() => new ApiTokenRightsBundle(stack, 'b', { name: ' ', vcdVersion: '10.5', tenants: ['a'] })).code).toBe('CONSTRUCT_INVALID_PROP');
  });
});
