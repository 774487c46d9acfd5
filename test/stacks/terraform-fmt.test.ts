// When a terraform binary is installed, the HCL we render must already be in `terraform fmt` form (the project
// formats HCL itself because cdktf 0.21's HCL output is broken). Without terraform there is nothing to ask.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { synthesizeEnvironments } from '../../stacks/app';
import { exampleConfig, tempDir } from './helpers';

const terraformEnv = { ...process.env, CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: '/dev/null' };
const hasTerraform = spawnSync('terraform', ['version'], { env: terraformEnv }).status === 0;

(hasTerraform ? describe : describe.skip)('HCL output and terraform fmt', () => {
  it('every synthesized cdk.tf is unchanged by terraform fmt', () => {
    const outdir = tempDir('hcl-fmt-');
    try {
      const result = synthesizeEnvironments(exampleConfig(), { outdir, hclOutput: true });
      expect(result.stacks.length).toBeGreaterThan(0);
      for (const stack of result.stacks) {
        const file = `${stack.dir}/cdk.tf`;
        expect(fs.existsSync(file)).toBe(true);
        const fmt = spawnSync('terraform', ['fmt', '-check', '-diff', file], { env: terraformEnv, encoding: 'utf8' });
        expect({ stack: stack.name, status: fmt.status, diff: fmt.stdout }).toEqual({ stack: stack.name, status: 0, diff: '' });
      }
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
