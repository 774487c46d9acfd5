// stacks/main turns every kind of bad input into a message and exit code 2, never a stack trace: config errors
// (now also space-padded object names), construct errors and cdktf validation failures.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, TerraformStack } from 'cdktf';
import * as appModule from '../../stacks/app';
import { main } from '../../stacks/main';
import { VcdApiTokenProvider } from '../../src/constructs';
import { EXAMPLE_CONFIG, tempDir } from './helpers';

describe('stacks/main: bad input never escapes as a crash', () => {
  let outdir: string;
  const savedEnv = { ...process.env };
  let err: string[];
  beforeEach(() => {
    outdir = tempDir('main-errors-');
    process.env.CDKTF_OUTDIR = outdir;
    err = [];
    jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    jest.spyOn(process.stderr, 'write').mockImplementation((s: any) => { err.push(String(s)); return true; });
  });
  afterEach(() => {
    jest.restoreAllMocks();
    process.env = { ...savedEnv };
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  function configWith(change: (doc: any) => void): string {
    const doc = JSON.parse(fs.readFileSync(EXAMPLE_CONFIG, 'utf8'));
    change(doc);
    const file = path.join(outdir, 'environments.json');
    fs.writeFileSync(file, JSON.stringify(doc));
    return file;
  }

  it('reports a space-padded vdc as a config error naming file and field (it used to crash synth)', () => {
    const file = configWith((doc) => { doc.environments[0].tenants[0].vdc = 'acme-vdc '; });
    expect(main([], { ...process.env, VCD_ENVIRONMENTS_FILE: file })).toBe(2);
    expect(err.join('')).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: environments\\[0\\]\\.tenants\\[0\\]\\.vdc: expected an org VDC name`));
  });

  it('prints a VcdConstructError thrown while building the stacks as one clean message, exit 2', () => {
    jest.spyOn(appModule, 'synthesizeEnvironments').mockImplementation(() => {
      const stack = new TerraformStack(new App({ outdir }), 's');
      new VcdApiTokenProvider(stack, 'vcd', { url: 'https://vcd.example.com/api', org: 'acme', vdc: 'acme-vdc ' });
      throw new Error('unreachable: the provider accepted a space-padded vdc');
    });
    expect(main([], { ...process.env })).toBe(2);
    const text = err.join('');
    expect(text).toMatch(/^synth stopped: \[CONSTRUCT_INVALID_PROP\] s\/vcd: /);
    expect(text).not.toMatch(/\n\s+at /);
    expect(text.trim().split('\n')).toHaveLength(1);
  });

  it("prints cdktf's validation failure (e.g. the auth guard) as a clean message, exit 2", () => {
    jest.spyOn(appModule, 'synthesizeEnvironments').mockImplementation(() => {
      const app = new App({ outdir });
      const stack = new TerraformStack(app, 's');
      stack.node.addValidation({ validate: () => ['[CONSTRUCT_GUARD_TOKEN_SESSION_RESTRICTED] something a token cannot manage'] });
      app.synth();
      throw new Error('unreachable: synth passed a failing validation');
    });
    expect(main([], { ...process.env })).toBe(2);
    const text = err.join('');
    expect(text).toMatch(/^synth stopped: Validation failed with the following errors:/);
    expect(text).toContain('[CONSTRUCT_GUARD_TOKEN_SESSION_RESTRICTED] something a token cannot manage');
    expect(text).not.toMatch(/\n\s+at /);
  });

  it('still lets a real crash (a programming error) propagate with its stack', () => {
    jest.spyOn(appModule, 'synthesizeEnvironments').mockImplementation(() => { throw new TypeError('boom'); });
    expect(() => main([], { ...process.env })).toThrow('boom');
  });
});
