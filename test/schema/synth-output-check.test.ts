import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadEnvironmentsConfig } from '../../src/config';
import { synthesizeEnvironments } from '../../stacks/app';
import { checkSynthOutput, formatSchemaFinding } from '../../src/synth/schema-check';

describe('schema check over the synthesized example', () => {
  let outdir: string;
  beforeAll(() => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'schema-synth-'));
    synthesizeEnvironments(loadEnvironmentsConfig(path.resolve(__dirname, '../../stacks/environments.json')), { outdir, skipValidation: true });
  });
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  it('passes every stack of the example config', () => {
    const names = fs.readdirSync(path.join(outdir, 'stacks'));
    expect(names.sort()).toEqual(['dev-acme', 'dev-globex', 'dev-platform', 'prod-acme', 'prod-globex', 'prod-platform']);
    expect(checkSynthOutput(outdir)).toEqual([]);
  });

  it('fails once a synthesized file is edited into something the provider would reject', () => {
    const file = path.join(outdir, 'stacks', 'dev-acme', 'cdk.tf.json');
    const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
    doc.resource.vcd_network_routed_v2.network.prefix_length = '24';
    doc.resource.vcd_network_routed_v2.network.gatway = '10.0.0.1';
    doc.provider.vcd[0].api_tokn = 'x';
    fs.writeFileSync(file, JSON.stringify(doc));
    expect(checkSynthOutput(outdir).map(formatSchemaFinding).sort()).toEqual([
      'dev-acme: provider.vcd.api_tokn: unknown attribute or block',
      'dev-acme: vcd_network_routed_v2.network.gatway: unknown attribute or block',
      'dev-acme: vcd_network_routed_v2.network.prefix_length: expected a number, got a string',
    ]);
  });
});
