import * as fs from 'node:fs';
import { App, Aspects, TerraformStack } from 'cdktf';
import { Role } from '../../.gen/providers/vcd/role';
import { RightsBundle } from '../../.gen/providers/vcd/rights-bundle';
import { buildApp } from '../../stacks/app';
import { TenantStack } from '../../stacks/tenant-stack';
import { PlatformStack } from '../../stacks/platform-stack';
import { ApiTokenAuthGuard, VcdApiTokenProvider } from '../../src/constructs';
import { exampleConfig, tempDir } from './helpers';

describe('ApiTokenAuthGuard on the stacks', () => {
  let outdir: string;
  beforeEach(() => { outdir = tempDir('guard-'); });
  afterEach(() => fs.rmSync(outdir, { recursive: true, force: true }));

  it('fails synth when a tenant stack built by buildApp declares a vcd_role (guard is on by default)', () => {
    const app = buildApp(exampleConfig(), { outdir });
    const tenant = app.node.findChild('dev-globex') as TenantStack;
    new Role(tenant, 'sneaky-role', { name: 'Deployer', description: 'x', rights: ['API Tokens: Manage'] });
    expect(() => app.synth()).toThrow(/dev-globex\/sneaky-role[\s\S]*vcd_role|vcd_role[\s\S]*dev-globex/);
  });

  it('fails synth for a hand-built token stack with a rights bundle, and passes once it is removed', () => {
    const build = (withBundle: boolean): App => {
      const app = new App({ outdir });
      const stack = new TerraformStack(app, 'hand-made');
      new VcdApiTokenProvider(stack, 'vcd', { url: 'https://vcd.example.com/api', org: 'acme' });
      if (withBundle) new RightsBundle(stack, 'bundle', { name: 'b', description: 'd', publishToAllTenants: true, rights: ['API Tokens: Manage'] });
      Aspects.of(stack).add(new ApiTokenAuthGuard());
      return app;
    };
    expect(() => build(true).synth()).toThrow(/vcd_rights_bundle/);
    expect(() => build(false).synth()).not.toThrow();
  });

  it('lets the platform stack (password auth) hold bundles and roles', () => {
    const app = buildApp(exampleConfig(), { outdir });
    const platform = app.node.findChild('dev-platform') as PlatformStack;
    expect(platform.bundles.length).toBe(2);
    expect(() => app.synth()).not.toThrow();
  });
});
