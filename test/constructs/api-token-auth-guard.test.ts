import { Aspects, TerraformDataSource, TerraformResource, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { DataVcdGlobalRole } from '../../.gen/providers/vcd/data-vcd-global-role';
import { DataVcdRightsBundle } from '../../.gen/providers/vcd/data-vcd-rights-bundle';
import { VcdProvider } from '../../.gen/providers/vcd/provider';
import { ApiTokenAuthGuard, ApiTokenRightsBundle, VcdApiTokenProvider, VcdPasswordProvider } from '../../src/constructs';
import { TOKEN_SESSION_RESTRICTED_RESOURCE_TYPES, effectiveVcdAuthType, tokenSessionRestrictedResource } from '../../src/constructs/api-token-auth-rules';
import { newStack, thrownBy, URL, warningsUnder } from './helpers';

type AuthVariant = 'api_token' | 'api_token_file' | 'service_account_token_file';

/** A vcd provider whose effective auth type is `variant`. */
function tokenProvider(scope: Construct, variant: AuthVariant, alias?: string): VcdProvider {
  switch (variant) {
    case 'api_token':
      return new VcdApiTokenProvider(scope, `token-${alias ?? 'default'}`, { url: URL, org: 'acme', alias }).provider;
    case 'api_token_file':
      return new VcdApiTokenProvider(scope, `file-${alias ?? 'default'}`, { url: URL, org: 'acme', alias, tokenSource: { apiTokenFile: '/run/t.json' } }).provider;
    case 'service_account_token_file':
      return new VcdProvider(scope, `sa-${alias ?? 'default'}`, {
        url: URL, org: 'acme', alias, authType: 'service_account_token_file', serviceAccountTokenFile: '/run/sa.json', allowServiceAccountTokenFile: true,
      });
  }
}

function guarded(): { app: ReturnType<typeof newStack>['app']; stack: TerraformStack } {
  const made = newStack();
  Aspects.of(made.stack).add(new ApiTokenAuthGuard());
  return made;
}

const RULE_TEXT =
  'sessions authenticated with an API token or service account can only view users, groups, roles, global roles and rights bundles, and cannot create tokens or manage access control';

describe('ApiTokenAuthGuard', () => {
  const cases = TOKEN_SESSION_RESTRICTED_RESOURCE_TYPES.flatMap((type) =>
    (['api_token', 'api_token_file', 'service_account_token_file'] as const).map((auth) => [type, auth] as const),
  );

  test('covers exactly the resources token sessions may only view or not touch', () => {
    expect([...TOKEN_SESSION_RESTRICTED_RESOURCE_TYPES].sort()).toEqual(
      [
        'vcd_api_token', 'vcd_catalog_access_control', 'vcd_global_role', 'vcd_org_group', 'vcd_org_user',
        'vcd_rights_bundle', 'vcd_role', 'vcd_service_account', 'vcd_vapp_access_control',
      ].sort(),
    );
  });

  test.each(cases)('fails synth for %s under auth_type %s', (type, auth) => {
    const { app, stack } = guarded();
    tokenProvider(stack, auth);
    new TerraformResource(stack, 'denied', { terraformResourceType: type });
    const error = thrownBy(() => app.synth());
    expect(error.message).toContain('[CONSTRUCT_GUARD_TOKEN_SESSION_RESTRICTED]');
    expect(error.message).toContain(`[stack/denied] [CONSTRUCT_GUARD_TOKEN_SESSION_RESTRICTED] ${type} under auth_type "${auth}"`);
    expect(error.message).toContain(`auth_type "${auth}"`);
    expect(error.message).toContain(RULE_TEXT);
    expect(error.message).toContain('move it to a platform stack that authenticates with a password');
  });

  test('a finding is scannable: path, type and auth type on the first line, then the rule and the fix, the path once', () => {
    const { app, stack } = guarded();
    tokenProvider(stack, 'api_token');
    new TerraformResource(stack, 'user', { terraformResourceType: 'vcd_org_user' });
    const lines = (thrownBy(() => app.synth()) as Error).message.split('\n');
    const first = lines.findIndex((l) => l.includes('[CONSTRUCT_GUARD_TOKEN_SESSION_RESTRICTED]'));
    expect(lines[first].trim()).toBe('[stack/user] [CONSTRUCT_GUARD_TOKEN_SESSION_RESTRICTED] vcd_org_user under auth_type "api_token"');
    expect(lines[first + 1].trim()).toMatch(/^Rule: VCD sessions authenticated with an API token .* its provider \(stack\/token-default\/provider\) authenticates that way/);
    expect(lines[first + 2].trim()).toMatch(/^Fix: move it to a platform stack that authenticates with a password/);
    expect(lines.join('\n').split('stack/user').length - 1).toBe(1);
  });

  test.each(TOKEN_SESSION_RESTRICTED_RESOURCE_TYPES)('passes for %s under password auth', (type) => {
    const { app, stack } = guarded();
    new VcdPasswordProvider(stack, 'vcd', { url: URL });
    new TerraformResource(stack, 'allowed', { terraformResourceType: type });
    expect(() => app.synth()).not.toThrow();
  });

  test('data sources are fine under token auth (viewing is allowed)', () => {
    const { app, stack } = guarded();
    tokenProvider(stack, 'api_token');
    new DataVcdRightsBundle(stack, 'bundle', { name: 'Default Rights Bundle' });
    new DataVcdGlobalRole(stack, 'role', { name: 'vApp Author' });
    new TerraformDataSource(stack, 'raw', { terraformResourceType: 'vcd_org_user' });
    expect(() => app.synth()).not.toThrow();
  });

  test('resources token sessions may manage are fine', () => {
    const { app, stack } = guarded();
    tokenProvider(stack, 'api_token');
    new TerraformResource(stack, 'net', { terraformResourceType: 'vcd_network_routed_v2' });
    expect(() => app.synth()).not.toThrow();
  });

  test('the generated constructs are caught too (ApiTokenRightsBundle on a token provider)', () => {
    const { app, stack } = guarded();
    const provider = tokenProvider(stack, 'api_token');
    new ApiTokenRightsBundle(stack, 'bundle', { name: 'B', vcdVersion: '10.5', publishToAllTenants: true, provider });
    const error = thrownBy(() => app.synth());
    expect(error.message).toContain('[stack/bundle/bundle] [CONSTRUCT_GUARD_TOKEN_SESSION_RESTRICTED] vcd_rights_bundle');
  });

  describe('the rule applies to the provider the resource actually uses', () => {
    test('default password provider, aliased token provider', () => {
      const { app, stack } = guarded();
      new VcdPasswordProvider(stack, 'platform', { url: URL });
      const tenant = tokenProvider(stack, 'api_token', 'tenant');
      new TerraformResource(stack, 'on-default', { terraformResourceType: 'vcd_role' });
      expect(() => app.synth()).not.toThrow();
      new TerraformResource(stack, 'on-token', { terraformResourceType: 'vcd_role', provider: tenant });
      const error = thrownBy(() => app.synth());
      expect(error.message).toContain('[stack/on-token] [CONSTRUCT_GUARD_TOKEN_SESSION_RESTRICTED] vcd_role');
      expect(error.message).not.toContain('[stack/on-default]');
    });

    test('default token provider, aliased password provider', () => {
      const { app, stack } = guarded();
      tokenProvider(stack, 'api_token');
      const platform = new VcdPasswordProvider(stack, 'platform', { url: URL, alias: 'platform' });
      new TerraformResource(stack, 'on-password', { terraformResourceType: 'vcd_global_role', provider: platform.provider });
      new TerraformResource(stack, 'on-default', { terraformResourceType: 'vcd_global_role' });
      const error = thrownBy(() => app.synth());
      expect(error.message).toContain('[stack/on-default] [CONSTRUCT_GUARD_TOKEN_SESSION_RESTRICTED] vcd_global_role');
      expect(error.message).not.toContain('[stack/on-password]');
    });

    test('a provider picked with a raw override', () => {
      const { app, stack } = guarded();
      new VcdPasswordProvider(stack, 'platform', { url: URL });
      tokenProvider(stack, 'api_token', 'tenant');
      const resource = new TerraformResource(stack, 'r', { terraformResourceType: 'vcd_org_user' });
      resource.addOverride('provider', 'vcd.tenant');
      expect(thrownBy(() => app.synth()).message).toContain('[stack/r] [CONSTRUCT_GUARD_TOKEN_SESSION_RESTRICTED] vcd_org_user');
    });

    test('a token set on an "integrated" provider still wins (the provider authenticates with it)', () => {
      const { app, stack } = guarded();
      new VcdProvider(stack, 'vcd', { url: URL, org: 'acme', authType: 'integrated', apiTokenFile: '/run/t.json' });
      new TerraformResource(stack, 'r', { terraformResourceType: 'vcd_role' });
      expect(thrownBy(() => app.synth()).message).toContain('auth_type "api_token_file"');
    });

    test('an auth_type that is not known at synth is not a pass', () => {
      const { app, stack } = guarded();
      const authType = new TerraformVariable(stack, 'auth', { type: 'string' });
      new VcdProvider(stack, 'vcd', { url: URL, org: 'acme', authType: authType.stringValue });
      new TerraformResource(stack, 'r', { terraformResourceType: 'vcd_role' });
      const error = thrownBy(() => app.synth());
      expect(error.message).toContain('[CONSTRUCT_GUARD_AUTH_UNKNOWN]');
      expect(error.message).toContain('not known at synth');
    });
  });

  describe('suppressions', () => {
    test('a reason of 10+ characters suppresses the finding, which is still reported as a warning', () => {
      const { app, stack } = guarded();
      tokenProvider(stack, 'api_token');
      const resource = new TerraformResource(stack, 'r', { terraformResourceType: 'vcd_org_group' });
      ApiTokenAuthGuard.suppress(resource, 'apply runs with VCD_AUTH_TYPE=integrated in this pipeline');
      expect(() => app.synth()).not.toThrow();
      const warnings = warningsUnder(stack);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain('suppressed: apply runs with VCD_AUTH_TYPE=integrated in this pipeline');
      expect(warnings[0]).toContain('[CONSTRUCT_GUARD_TOKEN_SESSION_RESTRICTED] vcd_org_group under auth_type');
      expect(ApiTokenAuthGuard.suppressionOf(resource)).toBe('apply runs with VCD_AUTH_TYPE=integrated in this pipeline');
    });

    test('a suppression on a construct covers the resources under it, and only those', () => {
      const { app, stack } = guarded();
      const provider = tokenProvider(stack, 'api_token');
      const suppressed = new ApiTokenRightsBundle(stack, 'suppressed', { name: 'S', vcdVersion: '10.5', publishToAllTenants: true, provider });
      new ApiTokenRightsBundle(stack, 'other', { name: 'O', vcdVersion: '10.5', publishToAllTenants: true, provider });
      ApiTokenAuthGuard.suppress(suppressed, 'migrating this bundle, see ticket OPS-42');
      const error = thrownBy(() => app.synth());
      expect(error.message).toContain('[stack/other/bundle]');
      expect(error.message).not.toContain('[stack/suppressed/bundle]');
    });

    test.each([[''], ['   '], ['too short'], ['  short   ']])('rejects reason %p', (reason) => {
      const { stack } = guarded();
      const resource = new TerraformResource(stack, 'r', { terraformResourceType: 'vcd_role' });
      const error = thrownBy(() => ApiTokenAuthGuard.suppress(resource, reason));
      expect(error.code).toBe('CONSTRUCT_GUARD_SUPPRESSION');
      expect(ApiTokenAuthGuard.suppressionOf(resource)).toBeUndefined();
    });

    test('a whole stack cannot be suppressed', () => {
      const { stack } = guarded();
      expect(thrownBy(() => ApiTokenAuthGuard.suppress(stack, 'the whole stack is fine, trust me')).code).toBe('CONSTRUCT_GUARD_SUPPRESSION');
    });
  });

  test('repeated synth reports each finding once', () => {
    const { app, stack } = guarded();
    tokenProvider(stack, 'api_token');
    new TerraformResource(stack, 'r', { terraformResourceType: 'vcd_api_token' });
    Testing.synth(stack);
    const error = thrownBy(() => app.synth());
    expect(error.message.match(/\[stack\/r\] \[CONSTRUCT_GUARD_TOKEN_SESSION_RESTRICTED\] vcd_api_token/g)).toHaveLength(1);
  });

  test('Testing.synth with validations fails as well', () => {
    const { stack } = guarded();
    tokenProvider(stack, 'service_account_token_file');
    new TerraformResource(stack, 'r', { terraformResourceType: 'vcd_service_account' });
    expect(() => Testing.synth(stack, true)).toThrow(/CONSTRUCT_GUARD_TOKEN_SESSION_RESTRICTED/);
  });
});

describe('guard rules (pure functions)', () => {
  test.each([
    [{}, 'integrated'],
    [{ auth_type: 'integrated' }, 'integrated'],
    [{ auth_type: 'saml_adfs' }, 'saml_adfs'],
    [{ auth_type: 'api_token' }, 'api_token'],
    [{ api_token: '${var.t}' }, 'api_token'],
    [{ auth_type: 'integrated', api_token_file: 'f' }, 'api_token_file'],
    [{ auth_type: 'api_token', api_token: 'x', service_account_token_file: 'f' }, 'service_account_token_file'],
    [{ auth_type: 'integrated', api_token: '' }, 'integrated'],
    [{ auth_type: '${TfToken[TOKEN.1]}' }, 'unknown'],
  ])('effectiveVcdAuthType(%p) is %p', (attributes, expected) => {
    expect(effectiveVcdAuthType(attributes)).toBe(expected);
  });

  test('tokenSessionRestrictedResource is NOT_APPLICABLE to other resource types and COMPLIANT under password auth', () => {
    const { stack } = newStack();
    new VcdPasswordProvider(stack, 'vcd', { url: URL });
    const other = new TerraformResource(stack, 'a', { terraformResourceType: 'vcd_vapp' });
    const role = new TerraformResource(stack, 'b', { terraformResourceType: 'vcd_role' });
    expect(tokenSessionRestrictedResource(other)).toEqual({ compliance: 'NOT_APPLICABLE' });
    expect(tokenSessionRestrictedResource(role)).toEqual({ compliance: 'COMPLIANT' });
  });

  test('with no vcd provider at all, a restricted resource cannot be verified', () => {
    const { stack } = newStack();
    const role = new TerraformResource(stack, 'b', { terraformResourceType: 'vcd_role' });
    const result = tokenSessionRestrictedResource(role);
    expect(result.compliance).toBe('NON_COMPLIANT');
    expect((result as { code: string }).code).toBe('CONSTRUCT_GUARD_AUTH_UNKNOWN');
  });
});

describe('guard reporting channels', () => {
  test('an error annotation fails synth even when the app skips validations', () => {
    const fs = require('node:fs');
    const os = require('node:os');
    const path = require('node:path');
    const { App } = require('cdktf');
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'guard-')), skipValidation: true });
    const stack = new TerraformStack(app, 'stack');
    Aspects.of(stack).add(new ApiTokenAuthGuard());
    tokenProvider(stack, 'api_token');
    new TerraformResource(stack, 'r', { terraformResourceType: 'vcd_rights_bundle' });
    expect(() => app.synth()).toThrow(/\[stack\/r\] \[CONSTRUCT_GUARD_TOKEN_SESSION_RESTRICTED\] vcd_rights_bundle/);
  });

  test('findings are error annotations on the resource after aspects run', () => {
    const { stack } = guarded();
    tokenProvider(stack, 'api_token');
    const resource = new TerraformResource(stack, 'r', { terraformResourceType: 'vcd_org_user' });
    Testing.synth(stack);
    const { errorsUnder } = require('./helpers');
    expect(errorsUnder(resource)).toEqual([expect.stringContaining('[CONSTRUCT_GUARD_TOKEN_SESSION_RESTRICTED]')]);
  });
});

describe('where the guard is applied', () => {
  function tokenStackWithRole(app: any, id: string): TerraformStack {
    const stack = new TerraformStack(app, id);
    tokenProvider(stack, 'api_token');
    new TerraformResource(stack, 'r', { terraformResourceType: 'vcd_role' });
    return stack;
  }

  test('CDKTF 0.21 never runs an aspect added to the App (why applyTo exists)', () => {
    const app = Testing.app();
    // Without the provider's own guard, so that only the App-level aspect could catch the role.
    const stack = new TerraformStack(app, 'a');
    new VcdApiTokenProvider(stack, 'vcd', { url: URL, org: 'acme', applyAuthGuard: false });
    new TerraformResource(stack, 'r', { terraformResourceType: 'vcd_role' });
    Aspects.of(app).add(new ApiTokenAuthGuard());
    expect(() => app.synth()).not.toThrow();
  });

  test('applyTo(app) guards every stack in the app', () => {
    const app = Testing.app();
    tokenStackWithRole(app, 'a');
    tokenStackWithRole(app, 'b');
    expect(ApiTokenAuthGuard.applyTo(app).map((s) => s.node.id)).toEqual(['a', 'b']);
    const error = thrownBy(() => app.synth());
    expect(error.message).toContain('[a/r] [CONSTRUCT_GUARD_TOKEN_SESSION_RESTRICTED] vcd_role');
  });

  test('applyTo(stack) guards that stack', () => {
    const app = Testing.app();
    const stack = tokenStackWithRole(app, 'only');
    expect(ApiTokenAuthGuard.applyTo(stack)).toEqual([stack]);
    expect(() => app.synth()).toThrow(/\[only\/r\] \[CONSTRUCT_GUARD_TOKEN_SESSION_RESTRICTED\] vcd_role/);
  });
});
