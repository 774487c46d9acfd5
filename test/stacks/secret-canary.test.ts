// Secrets present at synth time (environment variables a CI job might have set) must never reach cdktf.out.
import * as fs from 'node:fs';
import { synthesizeEnvironments } from '../../stacks/app';
import { filesUnder, mutatedConfig, tempDir } from './helpers';

const CANARY = 'c4n4ry-7f3e9a1d-secret';
const SECRET_ENV = [
  'VCD_PASSWORD', 'VCD_API_TOKEN', 'VCD_TOKEN', 'VCD_USER', 'TF_VAR_vcd_api_token', 'TF_VAR_vcd_password', 'TF_VAR_vcd_user',
  'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'TF_HTTP_PASSWORD', 'PG_CONN_STR',
];

describe('secret canary', () => {
  const saved: Record<string, string | undefined> = {};
  const dirs: string[] = [];
  beforeAll(() => {
    for (const k of SECRET_ENV) { saved[k] = process.env[k]; process.env[k] = `${CANARY}:${k}`; }
  });
  afterAll(() => {
    for (const k of SECRET_ENV) { if (saved[k] === undefined) delete process.env[k]; else process.env[k] = saved[k]; }
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it.each([
    ['JSON, local/s3 backends', false, { type: 's3', bucket: 'vcd-states', region: 'eu-west-1' }],
    ['HCL, http/pg backends', true, { type: 'pg' }],
  ])('no canary in any synthesized file (%s)', (_label, hclOutput, devBackend) => {
    const outdir = tempDir('canary-');
    dirs.push(outdir);
    const cfg = mutatedConfig((d) => {
      d.environments[0].backend = devBackend;
      d.environments[1].backend = { type: 'http', address: 'https://state.example.com/tf' };
    });
    const result = synthesizeEnvironments(cfg, { outdir, hclOutput });
    expect(result.stacks).toHaveLength(6);
    const files = filesUnder(outdir);
    expect(files.filter((f) => /cdk\.tf(\.json)?$/.test(f))).toHaveLength(6);
    let bytes = 0;
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      bytes += text.length;
      expect(text).not.toContain(CANARY);
    }
    expect(bytes).toBeGreaterThan(5000); // the check read real output
  });
});
