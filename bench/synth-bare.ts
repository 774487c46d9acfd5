// Baseline child for bench/synth.ts: a bare cdktf app that writes exactly the files the real pipeline writes (the
// bench compares them byte for byte), built directly with cdktf and the generated bindings: plain Constructs where
// the library's constructs nest their resources, no config loading or validation, no guard, no construct
// validations (cdktf runs its own), no schema check. Prints one JSON line: { ms, cpuMs, maxRssKb, stacks }.
// Usage: node dist/bench/synth-bare.js <example|N> <outdir>
import * as path from 'node:path';
import { App, LocalBackend, TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { DataVcdNsxtEdgegateway } from '../.gen/providers/vcd/data-vcd-nsxt-edgegateway';
import { DataVcdOrgVdc } from '../.gen/providers/vcd/data-vcd-org-vdc';
import { GlobalRole } from '../.gen/providers/vcd/global-role';
import { NetworkRoutedV2 } from '../.gen/providers/vcd/network-routed-v2';
import { VcdProvider } from '../.gen/providers/vcd/provider';
import { RightsBundle } from '../.gen/providers/vcd/rights-bundle';
import { type BenchEnvironment, type BenchTenant, exampleEnvironments, generatedEnvironments } from './synth-config';

const OWN = ['API Tokens: Manage'];
const ALL = ['API Tokens: Manage', 'API Tokens: Manage All'];

function secretVariable(scope: Construct, id: string, name: string, description: string): TerraformVariable {
  const v = new TerraformVariable(scope, id, { type: 'string', sensitive: true, nullable: false, description });
  v.overrideLogicalId(name);
  v.addOverride('ephemeral', true);
  TerraformStack.of(scope).addOverride('terraform.required_version', '>= 1.10');
  return v;
}

function localBackend(stack: TerraformStack, outdir: string, name: string): void {
  new LocalBackend(stack, { path: path.relative(path.join(outdir, 'stacks', name), path.resolve('terraform-state', `${name}.tfstate`)) });
}

/** The platform stack, as a cdktf app would write it (a stack class, like the real pipeline's). */
class BarePlatformStack extends TerraformStack {
  constructor(scope: Construct, name: string, env: BenchEnvironment, outdir: string) {
    super(scope, name);
    const vcd = new Construct(this, 'vcd');
    const user = secretVariable(vcd, 'user', 'vcd_user', 'VCD user for the vcd provider (platform stack). Set TF_VAR_<this name> in CI.');
    const password = secretVariable(vcd, 'password', 'vcd_password', 'Password of the VCD user. Set TF_VAR_<this name> from the CI secret store; never commit it.');
    new VcdProvider(vcd, 'provider', { url: env.vcdUrl, org: 'System', sysorg: 'System', authType: 'integrated', user: user.stringValue, password: password.stringValue, allowUnverifiedSsl: false });
    const all = env.tenants.map((t) => t.name);
    const own = env.tenants.filter((t) => !t.manageAll).map((t) => t.name);
    const admin = env.tenants.filter((t) => t.manageAll).map((t) => t.name);
    if (own.length > 0) {
      new RightsBundle(new Construct(this, 'token-rights'), 'bundle', { name: 'API Token Rights', description: 'API token rights (manage own tokens), managed by vcd-api-tokens', rights: OWN, publishToAllTenants: false, tenants: own });
    }
    if (admin.length > 0) {
      new RightsBundle(new Construct(this, 'token-admin-rights'), 'bundle', { name: 'API Token Rights (Manage All)', description: "API token rights (manage own and all users' tokens), managed by vcd-api-tokens", rights: ALL, publishToAllTenants: false, tenants: admin });
    }
    const roles = [new GlobalRole(new Construct(this, 'automation-role'), 'global-role', { name: 'API Token Automation', description: 'Deploys with its own VCD API token; managed by vcd-api-tokens', rights: OWN, publishToAllTenants: false, tenants: all })];
    if (admin.length > 0) {
      roles.push(new GlobalRole(new Construct(this, 'administrator-role'), 'global-role', { name: 'API Token Administrator', description: "Manages its own and all users' VCD API tokens; managed by vcd-api-tokens", rights: ALL, publishToAllTenants: false, tenants: admin }));
    }
    new TerraformOutput(this, 'token-role-names', { value: roles.map((r) => r.name), description: 'Global roles to assign to tenant users (automation users, token administrators)' });
    localBackend(this, outdir, name);
  }
}

/** One tenant's stack: token-authenticated provider and the routed network. */
class BareTenantStack extends TerraformStack {
  constructor(scope: Construct, name: string, env: BenchEnvironment, t: BenchTenant, outdir: string) {
    super(scope, name);
    const tokenProvider = new Construct(this, 'vcd');
    const token = secretVariable(tokenProvider, 'api-token', 'vcd_api_token', 'VCD API token (refresh token) for the vcd provider. Set TF_VAR_<this name> in CI; never commit it.');
    new VcdProvider(tokenProvider, 'provider', { url: env.vcdUrl, org: t.name, sysorg: t.name, vdc: `${t.name}-vdc`, authType: 'api_token', apiToken: token.stringValue, user: 'none', password: 'none', allowUnverifiedSsl: false });
    const vdc = new DataVcdOrgVdc(this, 'vdc', { org: t.name, name: `${t.name}-vdc` });
    const edge = new DataVcdNsxtEdgegateway(this, 'edge-gateway', { org: t.name, ownerId: vdc.id, name: `${t.name}-edge` });
    const net = new NetworkRoutedV2(this, 'network', { org: t.name, name: `${t.name}-app`, description: `Routed network of ${t.name}, managed by vcd-api-tokens`, edgeGatewayId: edge.id, gateway: t.gateway, prefixLength: 24 });
    new TerraformOutput(this, 'network-id', { value: net.id, description: 'ID of the routed network' });
    localBackend(this, outdir, name);
  }
}

/** The app: the same program shape as the real one (a build function creating stack classes). */
function buildBareApp(envs: readonly BenchEnvironment[], outdir: string): App {
  // cdktf's defaults, validations included: the bare app as anyone would write it.
  const app = new App({ outdir: path.resolve(outdir) });
  for (const env of envs) {
    new BarePlatformStack(app, `${env.name}-platform`, env, outdir);
    for (const t of env.tenants) new BareTenantStack(app, `${env.name}-${t.name}`, env, t, outdir);
  }
  return app;
}

function main(): void {
  const [which, outdir] = process.argv.slice(2);
  const start = process.hrtime.bigint();
  const envs = which === 'example' ? exampleEnvironments() : generatedEnvironments(Number(which));
  const app = buildBareApp(envs, outdir);
  app.synth();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const usage = process.resourceUsage();
  const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
  const stacks = app.node.children.filter((c) => TerraformStack.isStack(c)).length;
  process.stdout.write(`${JSON.stringify({ ms, cpuMs, maxRssKb: usage.maxRSS, stacks })}\n`);
}

main();
