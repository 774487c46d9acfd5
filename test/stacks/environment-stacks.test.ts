import * as fs from 'node:fs';
import * as path from 'node:path';
import { synthesizeEnvironments, type SynthesisResult } from '../../stacks/app';
import { checkSynthOutput } from '../../src/synth/schema-check';
import { SynthError } from '../../src/synth/synth-error';
import { exampleConfig, mutatedConfig, readStack, tempDir } from './helpers';

let outdir: string;
let result: SynthesisResult;
beforeAll(() => {
  outdir = tempDir('stacks-');
  result = synthesizeEnvironments(exampleConfig(), { outdir });
});
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

const resources = (doc: any, type: string): any[] => Object.values(doc.resource?.[type] ?? {});

describe('synthesizeEnvironments on the example config', () => {
  it('writes one platform stack and one stack per tenant per environment', () => {
    expect(result.outdir).toBe(outdir);
    expect(result.stacks.map((s) => [s.name, s.environment, s.kind, s.tenant, s.authType])).toEqual([
      ['dev-platform', 'dev', 'platform', undefined, 'integrated'],
      ['dev-acme', 'dev', 'tenant', 'acme', 'api_token'],
      ['dev-globex', 'dev', 'tenant', 'globex', 'api_token'],
      ['prod-platform', 'prod', 'platform', undefined, 'integrated'],
      ['prod-acme', 'prod', 'tenant', 'acme', 'api_token'],
      ['prod-globex', 'prod', 'tenant', 'globex', 'api_token'],
    ]);
    for (const s of result.stacks) {
      expect(s.dir).toBe(path.join(outdir, 'stacks', s.name));
      expect(fs.existsSync(path.join(s.dir, 'cdk.tf.json'))).toBe(true);
    }
  });

  it('platform stack: password auth from sensitive variables, bundles and global roles published to the right tenants', () => {
    const doc = readStack(outdir, 'dev-platform');
    expect(doc.provider.vcd).toHaveLength(1);
    expect(doc.provider.vcd[0]).toMatchObject({
      auth_type: 'integrated', org: 'System', sysorg: 'System', url: 'https://vcd-dev.example.com/api',
      user: '${var.vcd_user}', password: '${var.vcd_password}',
    });
    expect(doc.provider.vcd[0].api_token).toBeUndefined();
    expect(doc.variable.vcd_password).toMatchObject({ sensitive: true, type: 'string' });

    const bundles = resources(doc, 'vcd_rights_bundle');
    const byName = Object.fromEntries(bundles.map((b) => [b.name, b]));
    expect(byName['API Token Rights']).toMatchObject({ rights: ['API Tokens: Manage'], tenants: ['globex'], publish_to_all_tenants: false });
    expect(byName['API Token Rights (Manage All)']).toMatchObject({ tenants: ['acme'], publish_to_all_tenants: false });
    expect(byName['API Token Rights (Manage All)'].rights).toEqual(expect.arrayContaining(['API Tokens: Manage', 'API Tokens: Manage All']));

    const roles = Object.fromEntries(resources(doc, 'vcd_global_role').map((r) => [r.name, r]));
    expect(roles['API Token Automation']).toMatchObject({ tenants: ['acme', 'globex'] });
    expect(roles['API Token Automation'].rights).not.toContain('API Tokens: Manage All');
    expect(roles['API Token Administrator']).toMatchObject({ tenants: ['acme'] });
    expect(roles['API Token Administrator'].rights).toContain('API Tokens: Manage All');
  });

  it('platform stack without token administrators has no Manage All bundle or role', () => {
    const out = tempDir('stacks-noadmin-');
    try {
      const cfg = mutatedConfig((d) => { d.environments = [d.environments[0]]; d.environments[0].tenants[0].manageAllUsers = []; });
      synthesizeEnvironments(cfg, { outdir: out });
      const doc = readStack(out, 'dev-platform');
      expect(resources(doc, 'vcd_rights_bundle').map((b) => [b.name, b.tenants])).toEqual([['API Token Rights', ['acme', 'globex']]]);
      expect(resources(doc, 'vcd_global_role').map((r) => r.name)).toEqual(['API Token Automation']);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  it('tenant stacks: api_token auth from a sensitive, ephemeral variable and a routed network on the tenant edge', () => {
    const doc = readStack(outdir, 'prod-acme');
    expect(doc.provider.vcd[0]).toMatchObject({
      auth_type: 'api_token', api_token: '${var.vcd_api_token}', org: 'acme', url: 'https://vcd-prod.example.com/api', vdc: 'acme-vdc',
    });
    expect(doc.variable.vcd_api_token).toMatchObject({ sensitive: true, ephemeral: true, type: 'string' });
    expect(doc.variable.vcd_api_token.default).toBeUndefined();
    expect(Object.values(doc.data.vcd_org_vdc)).toEqual([expect.objectContaining({ org: 'acme', name: 'acme-vdc' })]);
    expect(Object.values(doc.data.vcd_nsxt_edgegateway)).toEqual([expect.objectContaining({ org: 'acme', name: 'acme-edge', owner_id: '${data.vcd_org_vdc.vdc.id}' })]);
    expect(resources(doc, 'vcd_network_routed_v2')).toEqual([expect.objectContaining({
      org: 'acme', name: 'acme-app', gateway: '10.110.1.1', prefix_length: 24, edge_gateway_id: '${data.vcd_nsxt_edgegateway.edge-gateway.id}',
    })]);
    for (const name of ['dev-acme', 'dev-globex', 'prod-acme', 'prod-globex']) {
      const d = readStack(outdir, name);
      for (const forbidden of ['vcd_rights_bundle', 'vcd_global_role', 'vcd_role', 'vcd_org_user', 'vcd_api_token']) {
        expect(d.resource?.[forbidden]).toBeUndefined();
      }
    }
  });

  it('every stack has its own local state outside cdktf.out, as a relative path', () => {
    const paths = result.stacks.map((s) => readStack(outdir, s.name).terraform.backend.local.path as string);
    expect(new Set(paths).size).toBe(paths.length);
    for (const [i, s] of result.stacks.entries()) {
      expect(path.isAbsolute(paths[i])).toBe(false);
      const resolved = path.resolve(s.dir, paths[i]);
      expect(resolved).toBe(path.resolve(__dirname, '../../terraform-state', `${s.name}.tfstate`));
    }
  });

  it('passes the offline schema check', () => {
    expect(checkSynthOutput(outdir)).toEqual([]);
  });

  it('uses the URL overrides (the main job passes the emulator URL) and rejects an unknown environment', () => {
    const out = tempDir('stacks-override-');
    try {
      const r = synthesizeEnvironments(exampleConfig(), { outdir: out, vcdUrlOverrides: { dev: 'https://127.0.0.1:8443/api' } });
      expect(readStack(out, 'dev-acme').provider.vcd[0].url).toBe('https://127.0.0.1:8443/api');
      expect(readStack(out, 'dev-platform').provider.vcd[0].url).toBe('https://127.0.0.1:8443/api');
      expect(readStack(out, 'prod-acme').provider.vcd[0].url).toBe('https://vcd-prod.example.com/api');
      expect(r.stacks).toHaveLength(6);
      expect(() => synthesizeEnvironments(exampleConfig(), { outdir: out, vcdUrlOverrides: { staging: 'https://x/api' } }))
        .toThrow(expect.objectContaining({ code: 'SYNTH_UNKNOWN_ENVIRONMENT_OVERRIDE' }));
      expect(() => synthesizeEnvironments(exampleConfig(), { outdir: out, vcdUrlOverrides: { staging: 'https://x/api' } })).toThrow(SynthError);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  it('normalises an override by the rule of the config (the address means /api) and refuses one the config would refuse', () => {
    const out = tempDir('stacks-override-');
    try {
      synthesizeEnvironments(exampleConfig(), { outdir: out, vcdUrlOverrides: { dev: 'https://127.0.0.1:8443' } });
      expect(readStack(out, 'dev-acme').provider.vcd[0].url).toBe('https://127.0.0.1:8443/api');
      expect(() => synthesizeEnvironments(exampleConfig(), { outdir: out, vcdUrlOverrides: { dev: 'https://vcd.example.com/tenant/acme' } }))
        .toThrow(expect.objectContaining({ code: 'SYNTH_BAD_URL_OVERRIDES', message: expect.stringMatching(/"dev".*does not end in \/api/) }));
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  it('writes formatted HCL on request, with the same content', () => {
    const out = tempDir('stacks-hcl-');
    try {
      synthesizeEnvironments(exampleConfig(), { outdir: out });
      const dir = path.join(out, 'stacks', 'dev-acme');
      expect(fs.existsSync(path.join(dir, 'cdk.tf.json'))).toBe(true);
      synthesizeEnvironments(exampleConfig(), { outdir: out, hclOutput: true });
      expect(fs.existsSync(path.join(dir, 'cdk.tf.json'))).toBe(false); // no second copy from the JSON synth
      const hcl = fs.readFileSync(path.join(dir, 'cdk.tf'), 'utf8');
      expect(hcl).toContain('provider "vcd" {\n');
      expect(hcl).toMatch(/\n {2}api_token {12}= var\.vcd_api_token\n/);
      expect(hcl).toMatch(/\n {2}auth_type {12}= "api_token"\n/);
      expect(hcl).toContain('  required_version = ">= 1.10"\n');
      // Attributes come in the (sorted) order of the synthesized JSON the HCL is rendered from.
      expect(hcl).toMatch(/variable "vcd_api_token" \{[^}]*ephemeral += true[^}]*sensitive += true/);
      expect(hcl).toContain('resource "vcd_network_routed_v2" "network" {\n');
      expect(hcl).toContain('  edge_gateway_id = data.vcd_nsxt_edgegateway.edge-gateway.id\n');
      expect(hcl).not.toContain('${');
      const platform = fs.readFileSync(path.join(out, 'stacks', 'dev-platform', 'cdk.tf'), 'utf8');
      expect(platform).toMatch(/resource "vcd_global_role" "[^"]+" \{\n {2}description/);
      expect(platform).toContain('    "API Tokens: Manage All",\n');
      synthesizeEnvironments(exampleConfig(), { outdir: out });
      expect(fs.existsSync(path.join(dir, 'cdk.tf'))).toBe(false);
      expect(fs.existsSync(path.join(dir, 'cdk.tf.json'))).toBe(true);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
