// VcdServiceAccount and the service-account auth type of VcdApiTokenProvider: synthesized attributes (checked
// against the committed provider schema), the stable software id, input errors, the 10.4 version rule, and the
// ApiTokenAuthGuard on stacks that authenticate with a service-account token file.
import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { VcdApiTokenProvider, VcdPasswordProvider, VcdServiceAccount } from '../../src/constructs';
import { checkStackDocument } from '../../src/synth/schema-check';
import { newStack, synthJson, thrownBy, URL } from './helpers';

function platform(id = 'platform'): { app: ReturnType<typeof newStack>['app']; stack: TerraformStack } {
  const made = newStack(id);
  new VcdPasswordProvider(made.stack, 'vcd', { url: URL });
  return made;
}

describe('VcdServiceAccount', () => {
  test('a role by name is looked up in the org; active/file_name stay off; the output passes the provider schema', () => {
    const { stack } = platform();
    const sa = new VcdServiceAccount(stack, 'deployer', { name: 'ci-acme', org: 'acme', roleName: 'Deployer', softwareVersion: '1.0', uri: 'https://ci.example.com', vcdVersion: '10.5.1' });
    const json = synthJson(stack);
    const roles = Object.entries(json.data.vcd_role);
    expect(roles.map(([, v]) => v)).toEqual([{ org: 'acme', name: 'Deployer' }]);
    const [account] = Object.values(json.resource.vcd_service_account) as Record<string, unknown>[];
    expect(account).toEqual({
      name: 'ci-acme',
      org: 'acme',
      role_id: `\${data.vcd_role.${roles[0]?.[0]}.id}`,
      software_id: sa.softwareId,
      software_version: '1.0',
      uri: 'https://ci.example.com',
    });
    expect(checkStackDocument(json, 'platform')).toEqual([]);
  });

  test('the default software id is a UUID derived from the construct path: the same in every synth, different per path', () => {
    const first = new VcdServiceAccount(platform().stack, 'deployer', { name: 'ci', roleId: 'urn:vcloud:role:1' });
    const again = new VcdServiceAccount(platform().stack, 'deployer', { name: 'ci', roleId: 'urn:vcloud:role:1' });
    const other = new VcdServiceAccount(platform('other').stack, 'deployer', { name: 'ci', roleId: 'urn:vcloud:role:1' });
    expect(first.softwareId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(again.softwareId).toBe(first.softwareId);
    expect(other.softwareId).not.toBe(first.softwareId);
    expect(VcdServiceAccount.softwareIdFor('platform/deployer')).toBe(first.softwareId);
  });

  test('tokenFileName opts in to activation at apply time (active, file_name, allow_token_file)', () => {
    const { stack } = platform();
    new VcdServiceAccount(stack, 'sa', { name: 'ci', roleId: 'urn:vcloud:role:1', tokenFileName: '/var/lib/ci/sa.json' });
    const [account] = Object.values(synthJson(stack).resource.vcd_service_account) as Record<string, unknown>[];
    expect(account).toMatchObject({ active: true, file_name: '/var/lib/ci/sa.json', allow_token_file: true, role_id: 'urn:vcloud:role:1' });
  });

  test.each([
    [{ name: 'ci' }, /exactly one of roleName and roleId/],
    [{ name: 'ci', roleName: 'A', roleId: 'urn:vcloud:role:1' }, /exactly one of roleName and roleId/],
    [{ name: 'ci', roleName: 'A', softwareId: 'not-a-uuid' }, /softwareId "not-a-uuid" is not a UUID/],
    [{ name: ' ci', roleName: 'A' }, /name " ci" is blank or space-padded/],
    [{ name: 'ci', roleName: 'A', tokenFileName: ' ' }, /tokenFileName is blank/],
  ])('bad input %j fails at construction, naming the prop', (props, message) => {
    const { stack } = platform();
    const err = thrownBy(() => new VcdServiceAccount(stack, 'sa', props));
    expect(err.code).toBe('CONSTRUCT_INVALID_PROP');
    expect(err.message).toMatch(message);
    expect(err.message).toContain('platform/sa');
  });

  test('vcdVersion before 10.4 fails synth: no service accounts there', () => {
    const { stack } = platform();
    new VcdServiceAccount(stack, 'sa', { name: 'ci', roleName: 'A', vcdVersion: '10.3.3' });
    expect(() => Testing.synth(stack, true)).toThrow(/\[CONSTRUCT_FEATURE_ABSENT_IN_VERSION\] vcdVersion: VCD 10\.3\.3 has no service accounts \(they arrived in VCD 10\.4\.0\)/);
  });

  test('an unresolved software id or role is not checked eagerly', () => {
    const { stack } = platform();
    const v = new TerraformVariable(stack, 'sid', { type: 'string' });
    expect(() => new VcdServiceAccount(stack, 'sa', { name: 'ci', roleId: v.stringValue, softwareId: v.stringValue })).not.toThrow();
  });
});

describe('VcdApiTokenProvider with a service-account token file', () => {
  test('auth_type service_account_token_file, the file, allow_service_account_token_file; no api_token, no variable; schema-valid', () => {
    const { stack } = newStack();
    const p = new VcdApiTokenProvider(stack, 'vcd', { url: URL, org: 'acme', tokenSource: { serviceAccountTokenFile: '/run/vcd/dev-acme.json' } });
    const json = synthJson(stack);
    expect(json.provider.vcd[0]).toEqual({
      url: URL,
      org: 'acme',
      sysorg: 'acme',
      auth_type: 'service_account_token_file',
      service_account_token_file: '/run/vcd/dev-acme.json',
      allow_service_account_token_file: true,
      user: 'none',
      password: 'none',
    });
    expect(json).not.toHaveProperty('variable');
    expect(p.authType).toBe('service_account_token_file');
    expect(checkStackDocument(json, 'stack')).toEqual([]);
  });

  test('the file path may be a variable (set per runner)', () => {
    const { stack } = newStack();
    const file = new TerraformVariable(stack, 'file', { type: 'string' });
    new VcdApiTokenProvider(stack, 'vcd', { url: URL, org: 'acme', tokenSource: { serviceAccountTokenFile: file.stringValue } });
    expect(synthJson(stack).provider.vcd[0].service_account_token_file).toBe('${var.file}');
  });

  test('both token files at once, or a blank one, are refused', () => {
    const both = thrownBy(() => new VcdApiTokenProvider(newStack().stack, 'vcd', { url: URL, org: 'acme', tokenSource: { apiTokenFile: '/a', serviceAccountTokenFile: '/b' } as never }));
    expect([both.code, both.message]).toEqual(['CONSTRUCT_INVALID_PROP', expect.stringContaining('both apiTokenFile and serviceAccountTokenFile')]);
    const blank = thrownBy(() => new VcdApiTokenProvider(newStack().stack, 'vcd', { url: URL, org: 'acme', tokenSource: { serviceAccountTokenFile: '' } }));
    expect(blank.message).toMatch(/tokenSource\.serviceAccountTokenFile "" is blank/);
  });

  test('the guard it adds fails synth for a VcdServiceAccount (or any restricted resource) in that stack, naming the auth type', () => {
    const { app, stack } = newStack('tenant');
    new VcdApiTokenProvider(stack, 'vcd', { url: URL, org: 'acme', tokenSource: { serviceAccountTokenFile: '/run/sa.json' } });
    new VcdServiceAccount(stack, 'sa', { name: 'ci', roleId: 'urn:vcloud:role:1' });
    expect(() => app.synth()).toThrow(/\[tenant\/sa\/account\] \[CONSTRUCT_GUARD_TOKEN_SESSION_RESTRICTED\] vcd_service_account under auth_type "service_account_token_file"/);
  });

  test('a VcdServiceAccount under a password provider passes the guard', () => {
    const { app, stack } = platform();
    new VcdServiceAccount(stack, 'sa', { name: 'ci', roleId: 'urn:vcloud:role:1' });
    expect(() => app.synth()).not.toThrow();
  });
});
