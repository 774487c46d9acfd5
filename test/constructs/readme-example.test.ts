// The constructs example of docs/constructs.md, as written there, synthesizes: a platform stack with the bundle and role, and a
// tenant stack that the provider guards on its own.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, TerraformStack, Testing } from 'cdktf';
import { Role } from '../../.gen/providers/vcd/role';
import { ApiTokenGlobalRole, ApiTokenRightsBundle, VcdApiTokenProvider, VcdPasswordProvider } from '../../src';

function readmeExample(): { app: App; platform: TerraformStack; tenant: TerraformStack } {
  const app = Testing.app();
  const platform = new TerraformStack(app, 'platform');
  const tenant = new TerraformStack(app, 'tenant');
  new VcdPasswordProvider(platform, 'vcd', { url: 'https://vcd.example.com/api' });
  new ApiTokenRightsBundle(platform, 'bundle', { name: 'API Token Rights', vcdVersion: '10.5.1', tenants: ['acme'] });
  new ApiTokenGlobalRole(platform, 'role', { name: 'API Token Automation', kind: 'automation', tenants: ['acme'] });
  new VcdApiTokenProvider(tenant, 'vcd', { url: 'https://vcd.example.com/api', org: 'acme' });
  return { app, platform, tenant };
}

describe('the constructs example of docs/constructs.md', () => {
  it('is the code this test runs', () => {
    const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'constructs.md'), 'utf8').replace(/ +/g, ' ');
    const source = fs.readFileSync(__filename, 'utf8');
    const body = source.slice(source.indexOf('function readmeExample'), source.indexOf('return { app'));
    const statements = body.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('new '));
    expect(statements).toHaveLength(4);
    for (const statement of statements) expect(doc).toContain(statement.replace(/ +/g, ' '));
  });

  it('synthesizes the platform stack (password) and the tenant stack (api_token)', () => {
    const { platform, tenant } = readmeExample();
    const p = JSON.parse(Testing.synth(platform, true));
    expect(p.provider.vcd[0].auth_type).toBe('integrated');
    expect(Object.values(p.resource.vcd_rights_bundle)).toEqual([expect.objectContaining({ name: 'API Token Rights', tenants: ['acme'] })]);
    expect(Object.values(p.resource.vcd_global_role)).toEqual([expect.objectContaining({ name: 'API Token Automation' })]);
    const t = JSON.parse(Testing.synth(tenant, true));
    expect(t.provider.vcd[0]).toMatchObject({ auth_type: 'api_token', api_token: '${var.vcd_api_token}' });
  });

  it('the tenant stack is guarded without an explicit applyTo', () => {
    const { app, tenant } = readmeExample();
    new Role(tenant, 'role', { name: 'Ops', description: 'operators', org: 'acme', rights: ['vApp: View VM metrics'] });
    expect(() => app.synth()).toThrow(/CONSTRUCT_GUARD_TOKEN_SESSION_RESTRICTED/);
  });
});
