// The example stacks checked with cdktf's own jest matchers (Testing.setupJest), resource by generated class.
import { Testing, TerraformStack } from 'cdktf';
import type { TerraformConstructor } from 'cdktf/lib/testing/matchers';
import { GlobalRole } from '../../.gen/providers/vcd/global-role';
import { NetworkRoutedV2 } from '../../.gen/providers/vcd/network-routed-v2';
import { VcdProvider } from '../../.gen/providers/vcd/provider';
import { RightsBundle } from '../../.gen/providers/vcd/rights-bundle';
import { Role } from '../../.gen/providers/vcd/role';
import { DataVcdNsxtEdgegateway } from '../../.gen/providers/vcd/data-vcd-nsxt-edgegateway';
import { buildApp } from '../../stacks/app';
import { exampleConfig, tempDir } from './helpers';

Testing.setupJest();

// The matchers' types as cdktf declares them do not merge with @types/jest 30's two-parameter Matchers.
declare global {
  namespace jest {
    interface Matchers<R, T> {
      toHaveResource(resource: TerraformConstructor): R;
      toHaveResourceWithProperties(resource: TerraformConstructor, properties: Record<string, unknown>): R;
      toHaveDataSource(dataSource: TerraformConstructor): R;
      toHaveProviderWithProperties(provider: TerraformConstructor, properties: Record<string, unknown>): R;
    }
  }
}

const app = buildApp(exampleConfig(), { outdir: tempDir('matchers-') });
const synthOf = (name: string): string => Testing.synth(app.node.findChild(name) as TerraformStack);

describe('example stacks, with the cdktf Testing matchers', () => {
  it('dev-platform authenticates with a password and declares the token bundles and roles', () => {
    const synthesized = synthOf('dev-platform');
    expect(synthesized).toHaveProviderWithProperties(VcdProvider, { auth_type: 'integrated', sysorg: 'System' });
    expect(synthesized).toHaveResourceWithProperties(RightsBundle, { name: 'API Token Rights', tenants: ['globex'] });
    expect(synthesized).toHaveResourceWithProperties(RightsBundle, { name: 'API Token Rights (Manage All)', tenants: ['acme'] });
    expect(synthesized).toHaveResourceWithProperties(GlobalRole, { name: 'API Token Automation' });
    expect(synthesized).not.toHaveResource(NetworkRoutedV2);
  });

  it('dev-acme authenticates with the API token variable and declares only the workload', () => {
    const synthesized = synthOf('dev-acme');
    expect(synthesized).toHaveProviderWithProperties(VcdProvider, { auth_type: 'api_token', org: 'acme', sysorg: 'acme', user: 'none', password: 'none', api_token: '${var.vcd_api_token}' });
    expect(synthesized).toHaveResourceWithProperties(NetworkRoutedV2, { name: 'acme-app', gateway: '10.10.1.1', prefix_length: 24 });
    expect(synthesized).toHaveDataSource(DataVcdNsxtEdgegateway);
    expect(synthesized).not.toHaveResource(RightsBundle);
    expect(synthesized).not.toHaveResource(GlobalRole);
    expect(synthesized).not.toHaveResource(Role);
  });
});
