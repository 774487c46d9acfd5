import { checkStackDocument, formatSchemaFinding, ProviderSchemaIndex } from '../../src/synth/schema-check';

const index = ProviderSchemaIndex.fromFile();

function goodDoc(): any {
  return {
    provider: { vcd: [{ url: 'https://vcd.example.com/api', org: 'acme', auth_type: 'api_token', api_token: '${var.vcd_api_token}', allow_unverified_ssl: false }] },
    data: {
      vcd_org_vdc: { vdc: { org: 'acme', name: 'acme-vdc' } },
      vcd_nsxt_edgegateway: { edge: { org: 'acme', owner_id: '${data.vcd_org_vdc.vdc.id}', name: 'acme-edge' } },
    },
    resource: {
      vcd_network_routed_v2: {
        net: {
          org: 'acme', name: 'app', edge_gateway_id: '${data.vcd_nsxt_edgegateway.edge.id}', gateway: '10.0.0.1', prefix_length: 24,
          static_ip_pool: [{ start_address: '10.0.0.10', end_address: '10.0.0.50' }],
          depends_on: ['data.vcd_org_vdc.vdc'], '//': { metadata: { path: 'x' } },
        },
      },
    },
  };
}

describe('schema check (offline terraform validate)', () => {
  it('accepts a valid document, meta-arguments and expressions included', () => {
    expect(checkStackDocument(goodDoc(), 'dev-acme', index)).toEqual([]);
  });

  it('reports an unknown attribute', () => {
    const doc = goodDoc();
    doc.resource.vcd_network_routed_v2.net.prefix = 24;
    const f = checkStackDocument(doc, 'dev-acme', index);
    expect(f.map(formatSchemaFinding)).toEqual(['dev-acme: vcd_network_routed_v2.net.prefix: unknown attribute or block']);
  });

  it('reports a missing required attribute, in a resource and in a nested block', () => {
    const doc = goodDoc();
    delete doc.resource.vcd_network_routed_v2.net.gateway;
    delete doc.resource.vcd_network_routed_v2.net.static_ip_pool[0].end_address;
    delete doc.provider.vcd[0].org;
    const f = checkStackDocument(doc, '', index).map(formatSchemaFinding).sort();
    expect(f).toEqual([
      'provider.vcd.org: required attribute is missing',
      'vcd_network_routed_v2.net.gateway: required attribute is missing',
      'vcd_network_routed_v2.net.static_ip_pool[0].end_address: required attribute is missing',
    ]);
  });

  it('reports wrong primitive and collection types', () => {
    const doc = goodDoc();
    doc.resource.vcd_network_routed_v2.net.prefix_length = '24';
    doc.provider.vcd[0].allow_unverified_ssl = 'false';
    doc.resource.vcd_network_routed_v2.net.metadata = { a: 1 };
    doc.resource.vcd_rights_bundle = { b: { name: 'b', description: 'd', publish_to_all_tenants: false, rights: 'API Tokens: Manage' } };
    const f = checkStackDocument(doc, '', index).map(formatSchemaFinding).sort();
    expect(f).toEqual([
      'provider.vcd.allow_unverified_ssl: expected a bool, got a string',
      'vcd_network_routed_v2.net.metadata["a"]: expected a string, got a number',
      'vcd_network_routed_v2.net.prefix_length: expected a number, got a string',
      'vcd_rights_bundle.b.rights: expected a set, got a string',
    ]);
  });

  it('reports computed-only attributes, unknown types and bad block shapes', () => {
    const doc = goodDoc();
    doc.resource.vcd_network_routed_v2.net.owner_id = 'urn:vcloud:vdc:1';
    doc.resource.vcd_network_routed_v2.net.static_ip_pool = 'oops';
    doc.resource.vcd_vm = { vm: { name: 'x' } };
    doc.data.vcd_org_vdc.vdc.subnet = [];
    const f = checkStackDocument(doc, '', index).map(formatSchemaFinding).sort();
    expect(f).toEqual([
      'data.vcd_org_vdc.vdc.subnet: unknown attribute or block',
      'vcd_network_routed_v2.net.owner_id: is computed by the provider and cannot be set',
      'vcd_network_routed_v2.net.static_ip_pool[0]: expected a block (object), got a string',
      'vcd_vm.vm: unknown resource type "vcd_vm" (not in schema/vcd-provider-schema.json)',
    ]);
  });

  it('checks nested block min/max items', () => {
    const index2 = new ProviderSchemaIndex({
      provider_schemas: {
        'registry.terraform.io/example/x': {
          provider: { block: {} },
          resource_schemas: { x_thing: { block: { block_types: { one: { nesting_mode: 'list', min_items: 1, max_items: 1, block: { attributes: { a: { type: 'string', required: true } } } } } } } },
          data_source_schemas: {},
        },
      },
    });
    expect(checkStackDocument({ resource: { x_thing: { t: {} } } }, '', index2).map(formatSchemaFinding)).toEqual(['x_thing.t.one: required block is missing (at least 1)']);
    expect(checkStackDocument({ resource: { x_thing: { t: { one: [{ a: 'x' }, { a: 'y' }] } } } }, '', index2).map(formatSchemaFinding)).toEqual(['x_thing.t.one: allows at most 1 block(s), has 2']);
    expect(checkStackDocument({ resource: { x_thing: { t: { one: { a: 'x' } } } } }, '', index2)).toEqual([]);
  });
  it('treats names that are also Object.prototype members as plain names, and checks collection elements', () => {
    const index3 = new ProviderSchemaIndex({
      provider_schemas: {
        'registry.terraform.io/example/x': {
          provider: { block: {} },
          resource_schemas: {
            x_thing: {
              block: {
                attributes: {
                  tags: { type: ['set', 'string'], optional: true },
                  rules: { type: ['list', ['object', { port: 'number', name: 'string' }]], optional: true },
                },
              },
            },
          },
          data_source_schemas: {},
        },
      },
    });
    const check = (t: unknown): string[] => checkStackDocument({ resource: { x_thing: { t } } }, '', index3).map(formatSchemaFinding).sort();
    expect(check({ constructor: 'x', toString: 1, hasOwnProperty: true })).toEqual([
      'x_thing.t.constructor: unknown attribute or block',
      'x_thing.t.hasOwnProperty: unknown attribute or block',
      'x_thing.t.toString: unknown attribute or block',
    ]);
    expect(check({ rules: [{ port: 22, name: 'ssh', toString: 'x' }, { port: '${var.p}', name: 'y' }] })).toEqual(['x_thing.t.rules[0].toString: unknown object attribute']);
    expect(check({ tags: ['a', 2, '${var.t}', null], rules: [{ port: '22' }] })).toEqual([
      'x_thing.t.rules[0].port: expected a number, got a string',
      'x_thing.t.tags[1]: expected a string, got a number',
    ]);
    expect(check({ tags: ['a'], rules: [{ port: 1, name: 'n' }] })).toEqual([]);
  });
});
