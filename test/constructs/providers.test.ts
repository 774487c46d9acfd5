import { VcdApiTokenProvider, VcdPasswordProvider } from '../../src/constructs';
import { EPHEMERAL_VARIABLES_REQUIRED_TERRAFORM_VERSION } from '../../src/constructs/private/secret-variable';
import { newStack, synthJson, thrownBy, URL } from './helpers';

describe('VcdApiTokenProvider', () => {
  test('defaults: api_token from a sensitive, ephemeral variable vcd_api_token; user/password "none"; sysorg = org', () => {
    const { stack } = newStack();
    const p = new VcdApiTokenProvider(stack, 'vcd', { url: URL, org: 'acme' });
    const json = synthJson(stack);
    expect(json.provider.vcd).toEqual([
      {
        url: URL,
        org: 'acme',
        sysorg: 'acme',
        auth_type: 'api_token',
        api_token: '${var.vcd_api_token}',
        user: 'none',
        password: 'none',
      },
    ]);
    expect(json.variable.vcd_api_token).toMatchObject({ type: 'string', sensitive: true, ephemeral: true });
    expect(json.terraform.required_version).toBe('>= 1.10');
    expect(EPHEMERAL_VARIABLES_REQUIRED_TERRAFORM_VERSION).toBe('>= 1.10');
    expect(p.authType).toBe('api_token');
    expect(p.tokenVariable).toBeDefined();
    expect(p.tokenVariableName).toBe('vcd_api_token');
    expect(VcdApiTokenProvider.isVcdApiTokenProvider(p)).toBe(true);
  });

  test('ephemeralTokenVariable: false keeps the variable sensitive but drops ephemeral and required_version', () => {
    const { stack } = newStack();
    new VcdApiTokenProvider(stack, 'vcd', { url: URL, org: 'acme', ephemeralTokenVariable: false });
    const json = synthJson(stack);
    expect(json.variable.vcd_api_token.sensitive).toBe(true);
    expect(json.variable.vcd_api_token).not.toHaveProperty('ephemeral');
    expect(json.terraform).not.toHaveProperty('required_version');
  });

  test("tokenSource 'environment' leaves api_token unset (the provider reads VCD_API_TOKEN) and declares no variable", () => {
    const { stack } = newStack();
    const p = new VcdApiTokenProvider(stack, 'vcd', { url: URL, org: 'System', tokenSource: 'environment', sysorg: 'System' });
    const json = synthJson(stack);
    expect(json.provider.vcd[0]).not.toHaveProperty('api_token');
    expect(json.provider.vcd[0].auth_type).toBe('api_token');
    expect(json).not.toHaveProperty('variable');
    expect(json.terraform).not.toHaveProperty('required_version');
    expect(p.tokenVariable).toBeUndefined();
  });

  test('a token file uses auth_type api_token_file with allow_api_token_file', () => {
    const { stack } = newStack();
    const p = new VcdApiTokenProvider(stack, 'vcd', { url: URL, org: 'acme', tokenSource: { apiTokenFile: '/run/secrets/vcd-token.json' } });
    const provider = synthJson(stack).provider.vcd[0];
    expect(provider).toMatchObject({ auth_type: 'api_token_file', api_token_file: '/run/secrets/vcd-token.json', allow_api_token_file: true });
    expect(provider).not.toHaveProperty('api_token');
    expect(p.authType).toBe('api_token_file');
  });

  test('vdc, allowUnverifiedSsl and alias pass through; an alias gets its own variable name', () => {
    const { stack } = newStack();
    new VcdApiTokenProvider(stack, 'a', { url: URL, org: 'acme', vdc: 'acme-vdc', allowUnverifiedSsl: true, alias: 'acme-tenant' });
    new VcdApiTokenProvider(stack, 'b', { url: URL, org: 'beta', alias: 'beta' });
    const json = synthJson(stack);
    expect(json.provider.vcd[0]).toMatchObject({ alias: 'acme-tenant', vdc: 'acme-vdc', allow_unverified_ssl: true, api_token: '${var.vcd_api_token_acme_tenant}' });
    expect(json.provider.vcd[1].api_token).toBe('${var.vcd_api_token_beta}');
    expect(Object.keys(json.variable).sort()).toEqual(['vcd_api_token_acme_tenant', 'vcd_api_token_beta']);
  });

  test('two providers may not share a token variable', () => {
    const { stack } = newStack();
    new VcdApiTokenProvider(stack, 'a', { url: URL, org: 'acme' });
    const error = thrownBy(() => new VcdApiTokenProvider(stack, 'b', { url: URL, org: 'beta' }));
    expect(error.code).toBe('CONSTRUCT_DUPLICATE_VARIABLE');
    expect(error.message).toContain('"vcd_api_token"');
  });

  test.each([
    [{ url: 'http://vcd.example.com/api' }, /https/],
    [{ url: 'https://admin:secret@vcd.example.com/api' }, /user information/],
    [{ url: 'not a url' }, /is not a URL/],
    [{ org: ' ' }, /org/],
    [{ tokenVariableName: 'vcd-token' }, /variable name/],
    [{ tokenSource: { apiTokenFile: '' } }, /apiTokenFile/],
    [{ tokenSource: 'process-env' }, /not a token source/],
  ])('rejects %p', (override, message) => {
    const { stack } = newStack();
    const error = thrownBy(() => new VcdApiTokenProvider(stack, 'vcd', { url: URL, org: 'acme', ...(override as object) }));
    expect(error.code).toBe('CONSTRUCT_INVALID_PROP');
    expect(error.message).toMatch(message);
    // The rejected URL's password is never echoed back.
    expect(error.message).not.toContain('secret');
  });
});

describe('VcdPasswordProvider', () => {
  test('defaults: integrated auth in System with sensitive, ephemeral vcd_user and vcd_password', () => {
    const { stack } = newStack();
    const p = new VcdPasswordProvider(stack, 'vcd', { url: URL });
    const json = synthJson(stack);
    expect(json.provider.vcd).toEqual([
      { url: URL, org: 'System', sysorg: 'System', auth_type: 'integrated', user: '${var.vcd_user}', password: '${var.vcd_password}' },
    ]);
    for (const name of ['vcd_user', 'vcd_password']) {
      expect(json.variable[name]).toMatchObject({ sensitive: true, ephemeral: true, type: 'string' });
    }
    expect(json.terraform.required_version).toBe('>= 1.10');
    expect(p.authType).toBe('integrated');
    expect(p.userVariable).toBeDefined();
    expect(p.passwordVariable).toBeDefined();
    expect([p.userVariableName, p.passwordVariableName]).toEqual(['vcd_user', 'vcd_password']);
  });

  test("credentials 'environment' leaves user and password unset (VCD_USER / VCD_PASSWORD)", () => {
    const { stack } = newStack();
    new VcdPasswordProvider(stack, 'vcd', { url: URL, credentials: 'environment', org: 'acme', sysorg: 'acme', vdc: 'v', alias: 'x' });
    const json = synthJson(stack);
    expect(json.provider.vcd[0]).toEqual({ url: URL, org: 'acme', sysorg: 'acme', vdc: 'v', alias: 'x', auth_type: 'integrated' });
    expect(json).not.toHaveProperty('variable');
  });

  test('ephemeralCredentialVariables: false drops ephemeral and required_version', () => {
    const { stack } = newStack();
    new VcdPasswordProvider(stack, 'vcd', { url: URL, ephemeralCredentialVariables: false });
    const json = synthJson(stack);
    expect(json.variable.vcd_password).not.toHaveProperty('ephemeral');
    expect(json.variable.vcd_password.sensitive).toBe(true);
    expect(json.terraform).not.toHaveProperty('required_version');
  });

  test('rejects plain http and an unknown credentials source', () => {
    const { stack } = newStack();
    expect(thrownBy(() => new VcdPasswordProvider(stack, 'a', { url: 'http://vcd/api' })).code).toBe('CONSTRUCT_INVALID_PROP');
    expect(thrownBy(() => new VcdPasswordProvider(stack, 'b', { url: URL, credentials: 'inline' as any })).message).toMatch(/credentials source/);
  });
});
