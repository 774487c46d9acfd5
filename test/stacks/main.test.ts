import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../stacks/main';
import { tempDir } from './helpers';

const ROOT = path.resolve(__dirname, '../..');

describe('stacks/main (the cdktf app entry)', () => {
  let outdir: string;
  const savedEnv = { ...process.env };
  let out: string[];
  let err: string[];
  beforeEach(() => {
    outdir = tempDir('main-');
    process.env.CDKTF_OUTDIR = outdir;
    out = []; err = [];
    jest.spyOn(process.stdout, 'write').mockImplementation((s: any) => { out.push(String(s)); return true; });
    jest.spyOn(process.stderr, 'write').mockImplementation((s: any) => { err.push(String(s)); return true; });
  });
  afterEach(() => {
    jest.restoreAllMocks();
    process.env = { ...savedEnv };
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  it('synthesizes stacks/environments.json into <outdir>/stacks/<env>-<name> and says where', () => {
    expect(main([], { ...process.env })).toBe(0);
    for (const name of ['dev-platform', 'dev-acme', 'dev-globex', 'prod-platform', 'prod-acme', 'prod-globex']) {
      expect(fs.existsSync(path.join(outdir, 'stacks', name, 'cdk.tf.json'))).toBe(true);
    }
    expect(out.join('')).toMatch(/synthesized 6 stacks from .*environments\.json/);
    expect(out.join('')).toMatch(/dev-acme +api_token/);
  });

  it('writes HCL with --hcl or VCD_SYNTH_HCL=1', () => {
    expect(main(['--hcl'], { ...process.env })).toBe(0);
    expect(fs.existsSync(path.join(outdir, 'stacks', 'dev-acme', 'cdk.tf'))).toBe(true);
    fs.rmSync(path.join(outdir, 'stacks'), { recursive: true });
    expect(main([], { ...process.env, VCD_SYNTH_HCL: '1' })).toBe(0);
    expect(fs.existsSync(path.join(outdir, 'stacks', 'prod-globex', 'cdk.tf'))).toBe(true);
  });

  it('uses the VCD URLs of $VCD_URL_OVERRIDES (how `vcd-token bootstrap --synth` passes them) and rejects a bad value', () => {
    expect(main([], { ...process.env, VCD_URL_OVERRIDES: '{"prod":"https://127.0.0.1:8443/api"}' })).toBe(0);
    const url = (stack: string) => JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8')).provider.vcd[0].url;
    expect(url('prod-acme')).toBe('https://127.0.0.1:8443/api');
    expect(url('prod-platform')).toBe('https://127.0.0.1:8443/api');
    expect(url('dev-acme')).toBe('https://vcd-dev.example.com/api');
    expect(main([], { ...process.env, VCD_URL_OVERRIDES: '{"staging":"https://127.0.0.1:8443/api"}' })).toBe(2);
    expect(err.join('')).toMatch(/^synth stopped: vcdUrlOverrides names environment "staging", which is not in /);
    err.length = 0;
    expect(main([], { ...process.env, VCD_URL_OVERRIDES: 'dev=https://x/api' })).toBe(2);
    expect(err.join('')).toMatch(/^synth stopped: VCD_URL_OVERRIDES must be a JSON object/);
  });

  it('reads $VCD_ENVIRONMENTS_FILE and exits 2 with the message on a bad config', () => {
    const bad = path.join(outdir, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify({ environments: [{ name: 'dev', vcdUrl: 'https://v.example.com/api', vcdVersion: '10.5.1', tenants: [] }] }));
    expect(main([], { ...process.env, VCD_ENVIRONMENTS_FILE: bad })).toBe(2);
    expect(err.join('')).toBe(`${bad}: environments[0].tenants: expected at least one tenant (an environment without tenants has nothing to deploy with API tokens)\n`);
  });

  it('as a process: exit code 2 and no stack trace (compiled entry, as `npm run synth` runs it)', () => {
    const entry = path.join(ROOT, 'dist', 'stacks', 'main.js');
    expect(fs.existsSync(entry)).toBe(true); // `npm test` builds first
    const bad = path.join(outdir, 'bad.json');
    fs.writeFileSync(bad, '{"environments": [{"name": "Dev"}]}');
    const r = spawnSync(process.execPath, [entry], { env: { ...process.env, VCD_ENVIRONMENTS_FILE: bad, CDKTF_OUTDIR: outdir }, encoding: 'utf8' });
    expect(r.status).toBe(2);
    // Every problem of the file at once, each with its field.
    expect(r.stderr).toContain(`${bad}: 4 problems:\n`);
    expect(r.stderr).toContain('\nenvironments[0].vcdUrl: expected a value: this field is required\n');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
