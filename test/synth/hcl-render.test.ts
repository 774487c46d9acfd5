import { renderStackHcl } from '../../src/synth/hcl-render';
import { ProviderSchemaIndex } from '../../src/synth/schema-check';

const schema = ProviderSchemaIndex.fromFile();

describe('renderStackHcl', () => {
  it('writes nested blocks as blocks, meta-arguments as references, and aligns attributes', () => {
    const hcl = renderStackHcl({
      resource: {
        vcd_network_routed_v2: {
          net: {
            '//': { metadata: { path: 'x' } },
            name: 'app "blue"',
            edge_gateway_id: '${data.vcd_nsxt_edgegateway.e.id}',
            description: 'net-${var.env}',
            prefix_length: 24,
            static_ip_pool: [{ start_address: '10.0.0.10', end_address: '10.0.0.20' }, { start_address: '10.0.0.30', end_address: '10.0.0.40' }],
            metadata: { 'team name': 'net' },
            depends_on: ['data.vcd_org_vdc.vdc'],
          },
        },
      },
    }, schema);
    expect(hcl).toBe([
      'resource "vcd_network_routed_v2" "net" {',
      '  name            = "app \\"blue\\""',
      '  edge_gateway_id = data.vcd_nsxt_edgegateway.e.id',
      '  description     = "net-${var.env}"',
      '  prefix_length   = 24',
      '',
      '  static_ip_pool {',
      '    start_address = "10.0.0.10"',
      '    end_address   = "10.0.0.20"',
      '  }',
      '',
      '  static_ip_pool {',
      '    start_address = "10.0.0.30"',
      '    end_address   = "10.0.0.40"',
      '  }',
      '',
      '  metadata = {',
      '    "team name" = "net"',
      '  }',
      '  depends_on = [',
      '    data.vcd_org_vdc.vdc,',
      '  ]',
      '}',
      '',
    ].join('\n'));
  });

  it('keeps strings that are not one whole expression as templates', () => {
    const hcl = renderStackHcl({ output: { a: { value: '${a}-${b}' }, b: { value: '${join(",", ["x"])}' } } }, schema);
    expect(hcl).toContain('value = "${a}-${b}"');
    expect(hcl).toContain('value = join(",", ["x"])');
  });
});
