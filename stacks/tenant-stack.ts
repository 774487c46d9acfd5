// One tenant of one environment, deployed from CI with the tenant automation user's API token: the vcd
// provider with auth_type = "api_token" fed by the sensitive, ephemeral TF_VAR_vcd_api_token, and a routed
// network on the tenant's NSX-T edge gateway as the workload.
import { TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { DataVcdNsxtEdgegateway } from '../.gen/providers/vcd/data-vcd-nsxt-edgegateway';
import { DataVcdOrgVdc } from '../.gen/providers/vcd/data-vcd-org-vdc';
import { NetworkRoutedV2 } from '../.gen/providers/vcd/network-routed-v2';
import { VcdApiTokenProvider } from '../src/constructs';
import type { EnvironmentConfig, TenantConfig } from '../src/config';

export interface TenantStackProps {
  readonly environment: EnvironmentConfig;
  readonly tenant: TenantConfig;
  /** VCD API URL to use instead of the configured one (e.g. the emulator's). @default environment.vcdUrl */
  readonly vcdUrl?: string;
}

export class TenantStack extends TerraformStack {
  public readonly environmentName: string;
  public readonly tenantName: string;
  public readonly provider: VcdApiTokenProvider;
  public readonly network: NetworkRoutedV2;

  public constructor(scope: Construct, id: string, props: TenantStackProps) {
    super(scope, id);
    const { environment: env, tenant } = props;
    this.environmentName = env.name;
    this.tenantName = tenant.name;
    this.provider = new VcdApiTokenProvider(this, 'vcd', {
      url: props.vcdUrl ?? env.vcdUrl,
      org: tenant.name,
      vdc: tenant.vdc,
      allowUnverifiedSsl: env.allowUnverifiedSsl,
    });
    // The edge gateway is looked up by its owner (the VDC id), the non-deprecated way in provider 3.14.
    const vdc = new DataVcdOrgVdc(this, 'vdc', { org: tenant.name, name: tenant.vdc });
    const edge = new DataVcdNsxtEdgegateway(this, 'edge-gateway', { org: tenant.name, ownerId: vdc.id, name: tenant.edgeGateway });
    this.network = new NetworkRoutedV2(this, 'network', {
      org: tenant.name,
      name: tenant.network.name,
      description: `Routed network of ${tenant.name}, managed by vcd-api-tokens`,
      edgeGatewayId: edge.id,
      gateway: tenant.network.gateway,
      prefixLength: tenant.network.prefixLength,
    });
    new TerraformOutput(this, 'network-id', { value: this.network.id, description: 'ID of the routed network' });
  }
}
