// schema/README.md must tell the truth about which vmware/vcd version `terraform init` installs: the one the
// synthesized required_providers block pins, which comes from .gen/constraints.json.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Testing, TerraformStack } from 'cdktf';
import { VcdApiTokenProvider } from '../../src/constructs';

const ROOT = path.resolve(__dirname, '../..');

describe('provider version: synthesized pin, .gen/constraints.json and schema/README.md agree', () => {
  const pinned: string = JSON.parse(fs.readFileSync(path.join(ROOT, '.gen', 'constraints.json'), 'utf8')).providers['vmware/vcd'];
  const readme = fs.readFileSync(path.join(ROOT, 'schema', 'README.md'), 'utf8').replace(/\s+/g, ' ');

  it('synthesized stacks require exactly the version in .gen/constraints.json', () => {
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    const stack = new TerraformStack(Testing.app(), 's');
    new VcdApiTokenProvider(stack, 'vcd', { url: 'https://vcd.example.com/api', org: 'acme' });
    const doc = JSON.parse(Testing.synth(stack));
    expect(doc.terraform.required_providers.vcd).toEqual({ source: 'vmware/vcd', version: pinned });
  });

  it('the README says terraform init installs exactly that version, not the newest of its line', () => {
    expect(readme).toContain(`version = "${pinned}" } }\` and \`terraform init\` installs exactly **${pinned}**`);
    const line = pinned.split('.').slice(0, 2).join('.');
    // "newest 3.14.x" may only appear for the `cdktf get` path, never as what the committed bindings install.
    for (const sentence of readme.split(/(?<=\.)\s+/).filter((s) => s.includes(`newest ${line}.x`))) {
      expect(sentence).toMatch(/cdktf get/);
    }
  });
});
