// One tenant of one environment, deployed from CI with the tenant automation user's API token (the vcd provider
// with auth_type = "api_token" fed by the sensitive, ephemeral TF_VAR_vcd_api_token) or, for a tenant whose
// identity is a service account, with its token file (auth_type = "service_account_token_file", the path from
// TF_VAR_vcd_service_account_token_file; the provider rewrites the file with the rotated token), and a routed
// network on the tenant's NSX-T edge gateway as the workload.
import { TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import type { Construct } from 'constructs';
import { DataVcdNsxtEdgegateway } from '../.gen/providers/vcd/data-vcd-nsxt-edgegateway';
import { DataVcdOrgVdc } from '../.gen/providers/vcd/data-vcd-org-vdc';
import { NetworkRoutedV2 } from '../.gen/providers/vcd/network-routed-v2';
import { VcdApiTokenProvider } from '../src/constructs';
import type { EnvironmentConfig, TenantConfig } from '../src/config';
import { SERVICE_ACCOUNT_TOKEN_FILE_VARIABLE } from './stack-naming';

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
      ...(tenant.identity.type === 'serviceAccount' ? { tokenSource: { serviceAccountTokenFile: this.serviceAccountTokenFile().stringValue } } : {}),
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

  /** The path is a variable, not a literal: the token file lives wherever the deploying runner put it. */
  private serviceAccountTokenFile(): TerraformVariable {
    const variable = new TerraformVariable(this, 'service-account-token-file', {
      type: 'string',
      nullable: false,
      description: 'Path of the service account\'s token file (written by vcd-token bootstrap, rewritten by the provider on each use). Set TF_VAR_vcd_service_account_token_file (the bootstrap\'s env-file does).',
    });
    variable.overrideLogicalId(SERVICE_ACCOUNT_TOKEN_FILE_VARIABLE);
    return variable;
  }
}
