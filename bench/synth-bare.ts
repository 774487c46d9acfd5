// Baseline child for bench/synth.ts: a bare cdktf app that builds the same stacks (same resources, variables,
// backends) directly with the generated bindings: no config loading or validation, no guard, no construct
// validations, no schema check. Prints one JSON line: { ms, cpuMs, maxRssKb, stacks }.
// Usage: node dist/bench/synth-bare.js <example|N> <outdir>
import * as path from 'node:path';
import { App, LocalBackend, TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import { DataVcdNsxtEdgegateway } from '../.gen/providers/vcd/data-vcd-nsxt-edgegateway';
import { DataVcdOrgVdc } from '../.gen/providers/vcd/data-vcd-org-vdc';
import { GlobalRole } from '../.gen/providers/vcd/global-role';
import { NetworkRoutedV2 } from '../.gen/providers/vcd/network-routed-v2';
import { VcdProvider } from '../.gen/providers/vcd/provider';
import { RightsBundle } from '../.gen/providers/vcd/rights-bundle';
import { exampleEnvironments, generatedEnvironments } from './synth-config';

function secretVariable(stack: TerraformStack, name: string): TerraformVariable {
  const v = new TerraformVariable(stack, name, { type: 'string', sensitive: true, nullable: false, description: `${name} from TF_VAR_${name}` });
  v.addOverride('ephemeral', true);
  stack.addOverride('terraform.required_version', '>= 1.10');
  return v;
}

function main(): void {
  const [which, outdir] = process.argv.slice(2);
  const start = process.hrtime.bigint();
  const envs = which === 'example' ? exampleEnvironments() : generatedEnvironments(Number(which));
  const app = new App({ outdir, skipValidation: true });
  let stacks = 0;
  for (const env of envs) {
    const name = `${env.name}-platform`;
    const platform = new TerraformStack(app, name);
    new LocalBackend(platform, { path: path.relative(path.join(outdir, 'stacks', name), path.resolve('terraform-state', `${name}.tfstate`)) });
    const user = secretVariable(platform, 'vcd_user');
    const password = secretVariable(platform, 'vcd_password');
    new VcdProvider(platform, 'vcd', { url: env.vcdUrl, org: 'System', sysorg: 'System', authType: 'integrated', user: user.stringValue, password: password.stringValue, allowUnverifiedSsl: false });
    const own = env.tenants.filter((t) => !t.manageAll).map((t) => t.name);
    const admin = env.tenants.filter((t) => t.manageAll).map((t) => t.name);
    new RightsBundle(platform, 'token-rights', { name: 'API Token Rights', description: 'own', rights: ['API Tokens: Manage'], publishToAllTenants: false, tenants: own });
    new RightsBundle(platform, 'token-admin-rights', { name: 'API Token Rights (Manage All)', description: 'all', rights: ['API Tokens: Manage', 'API Tokens: Manage All'], publishToAllTenants: false, tenants: admin });
    const r1 = new GlobalRole(platform, 'automation-role', { name: 'API Token Automation', description: 'own', rights: ['API Tokens: Manage'], publishToAllTenants: false, tenants: env.tenants.map((t) => t.name) });
    const r2 = new GlobalRole(platform, 'administrator-role', { name: 'API Token Administrator', description: 'all', rights: ['API Tokens: Manage', 'API Tokens: Manage All'], publishToAllTenants: false, tenants: admin });
    new TerraformOutput(platform, 'token-role-names', { value: [r1.name, r2.name] });
    stacks++;
    for (const t of env.tenants) {
      const tname = `${env.name}-${t.name}`;
      const stack = new TerraformStack(app, tname);
      new LocalBackend(stack, { path: path.relative(path.join(outdir, 'stacks', tname), path.resolve('terraform-state', `${tname}.tfstate`)) });
      const token = secretVariable(stack, 'vcd_api_token');
      new VcdProvider(stack, 'vcd', { url: env.vcdUrl, org: t.name, sysorg: t.name, vdc: `${t.name}-vdc`, authType: 'api_token', apiToken: token.stringValue, user: 'none', password: 'none', allowUnverifiedSsl: false });
      const vdc = new DataVcdOrgVdc(stack, 'vdc', { org: t.name, name: `${t.name}-vdc` });
      const edge = new DataVcdNsxtEdgegateway(stack, 'edge-gateway', { org: t.name, ownerId: vdc.id, name: `${t.name}-edge` });
      const net = new NetworkRoutedV2(stack, 'network', { org: t.name, name: `${t.name}-app`, description: `Routed network of ${t.name}`, edgeGatewayId: edge.id, gateway: t.gateway, prefixLength: 24 });
      new TerraformOutput(stack, 'network-id', { value: net.id });
      stacks++;
    }
  }
  app.synth();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const usage = process.resourceUsage();
  const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
  process.stdout.write(`${JSON.stringify({ ms, cpuMs, maxRssKb: usage.maxRSS, stacks })}\n`);
}

main();
