// A platform team's CDKTF app on vcd-api-tokens. The platform stack (password auth) publishes the token rights
// and role to the tenant; the tenant stack deploys with the tenant's API token (TF_VAR_vcd_api_token) and builds
// its network with the raw vmware/vcd bindings the package ships. `cdktf synth`, or `npm run synth`, runs it.
import { App, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import {
  ApiTokenGlobalRole,
  ApiTokenRightsBundle,
  isVcdApiTokensError,
  synthesizeApp,
  VcdApiTokenProvider,
  VcdPasswordProvider,
} from 'vcd-api-tokens';
import { dataVcdNsxtEdgegateway, dataVcdOrgVdc, networkRoutedV2 } from 'vcd-api-tokens/provider-vcd';

const VCD_URL = 'https://vcd.example.com/api';
const VCD_VERSION = '10.5.1';
const TENANT = 'acme';

/** System org, password auth: what token sessions may not manage (bundles, roles). */
class PlatformStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new VcdPasswordProvider(this, 'vcd', { url: VCD_URL });
    new ApiTokenRightsBundle(this, 'token-rights', { name: 'API Token Rights', vcdVersion: VCD_VERSION, tenants: [TENANT] });
    new ApiTokenGlobalRole(this, 'automation-role', { name: 'API Token Automation', kind: 'automation', vcdVersion: VCD_VERSION, tenants: [TENANT] });
  }
}

/** The tenant's workload, deployed with its API token; the provider construct adds the ApiTokenAuthGuard. */
class TenantStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new VcdApiTokenProvider(this, 'vcd', { url: VCD_URL, org: TENANT, vdc: `${TENANT}-vdc` });
    const vdc = new dataVcdOrgVdc.DataVcdOrgVdc(this, 'vdc', { org: TENANT, name: `${TENANT}-vdc` });
    const edge = new dataVcdNsxtEdgegateway.DataVcdNsxtEdgegateway(this, 'edge', { org: TENANT, ownerId: vdc.id, name: `${TENANT}-edge` });
    new networkRoutedV2.NetworkRoutedV2(this, 'network', {
      org: TENANT,
      name: `${TENANT}-app`,
      edgeGatewayId: edge.id,
      gateway: '10.10.1.1',
      prefixLength: 24,
    });
  }
}

function main(): void {
  const app = new App();
  new PlatformStack(app, 'platform');
  new TenantStack(app, `tenant-${TENANT}`);
  // app.synth(), plus every stack's findings in one message and the offline check against the provider schema.
  const { outdir, stacks } = synthesizeApp(app);
  console.log(`synthesized ${stacks.map((s) => s.name).join(', ')} into ${outdir}`);
}

try {
  main();
} catch (err) {
  // The toolkit's errors say what failed and how to fix it: print the message, not a stack trace.
  if (!isVcdApiTokensError(err)) throw err;
  console.error(err.message);
  process.exitCode = 1;
}
