// The workload-role example of docs/pipelines.md (a token role with extraRights, its rights published through a
// bundle based on the Default Rights Bundle), as written there, synthesizes and passes the publication check.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TerraformStack, Testing } from 'cdktf';
import { ApiTokenGlobalRole, ApiTokenRightsBundle, VcdPasswordProvider } from '../../src';

function docExample(): TerraformStack {
  const app = Testing.app();
  const platform = new TerraformStack(app, 'platform');
  new VcdPasswordProvider(platform, 'vcd', { url: 'https://vcd.example.com/api' });
  new ApiTokenRightsBundle(platform, 'bundle', {
    name: 'API Token Rights', vcdVersion: '10.5.1', tenants: ['acme'],
    baseBundleName: 'Default Rights Bundle',
  });
  new ApiTokenGlobalRole(platform, 'role', {
    name: 'Network Automation', kind: 'automation', vcdVersion: '10.5.1', tenants: ['acme'],
    extraRights: ['Organization vDC: View', 'Organization vDC Gateway: View',
      'Organization vDC Network: View Properties', 'Organization vDC Network: Edit Properties'],
  });
  return platform;
}

test('docs/pipelines.md shows this code', () => {
  const flat = (text: string) => text.replace(/\/\/[^\n]*/g, '').replace(/\s+/g, '');
  const source = fs.readFileSync(__filename, 'utf8');
  const body = source.slice(source.indexOf("new ApiTokenRightsBundle(platform, 'bundle'"), source.indexOf('return platform'));
  const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'pipelines.md'), 'utf8');
  expect(flat(doc)).toContain(flat(body));
});

test('one role carries the token right and the workload rights; the bundle unions the base bundle in', () => {
  const synth = JSON.parse(Testing.synth(docExample(), true));
  const [role] = Object.values(synth.resource.vcd_global_role) as { name: string; rights: string[] }[];
  expect(role.name).toBe('Network Automation');
  expect(role.rights).toEqual(expect.arrayContaining(['API Tokens: Manage', 'Organization vDC Network: Edit Properties', 'Organization vDC Gateway: View']));
  const [bundle] = Object.values(synth.resource.vcd_rights_bundle) as { rights: string }[];
  expect(String(bundle.rights)).toMatch(/setunion\(tolist\(data\.vcd_rights_bundle\.[^)]*\.rights\), \["API Tokens: Manage"\]\)/);
});
