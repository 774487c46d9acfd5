// The main job's failure handling and what a run leaves behind: exit codes as vcd-token's, hints in the main
// job's own terms (VCD_CA_FILE, not the library's caFile), settings checked before any request, no temp folder
// left per demo run, no stack folders of an earlier synth, and a cdktf.out that is deployable (configured VCD
// URLs, not the emulators' that are gone after the run).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { exitCodeFor } from '../../src/cli';
import { startEmulator } from '../../src/emulator';
import { runMainJob } from '../../stacks/main-job';

let work: string;
beforeEach(() => { work = fs.mkdtempSync(path.join(os.tmpdir(), 'main-job-fail-')); });
afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

/** A one-environment, one-tenant config (the example config's dev environment, acme only): a quick demo run. */
function smallConfig(): string {
  const example = JSON.parse(fs.readFileSync(path.join(__dirname, '../../stacks/environments.json'), 'utf8')) as { environments: { name: string; tenants: { name: string }[] }[] };
  const dev = example.environments.find((e) => e.name === 'dev')!;
  const file = path.join(work, 'environments.json');
  fs.writeFileSync(file, JSON.stringify({ environments: [{ ...dev, tenants: dev.tenants.filter((t) => t.name === 'acme') }] }));
  return file;
}

async function failure(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await promise;
  } catch (err) {
    return err as Error & { code?: string };
  }
  throw new Error('expected the main job to fail');
}

test('real mode without the CA: exit 6 as vcd-token bootstrap, and the hint names VCD_CA_FILE, not caFile or insecure: true', async () => {
  const emu = await startEmulator({ vcdVersion: '10.5.1' });
  try {
    const err = await failure(runMainJob({ configFile: smallConfig(), outdir: path.join(work, 'out'), tokenDir: path.join(work, 'tokens'), processEnv: { VCD_URL: emu.url, VCD_PASSWORD: 'vcd-emulator-demo' }, print: () => undefined }));
    expect(exitCodeFor(err)).toBe(6);
    expect(err.message).toMatch(/VCD_CA_FILE/);
    expect(err.message).not.toMatch(/caFile|insecure: true|operationTimeoutMs/);
  } finally {
    await emu.close();
  }
});

test.each([
  [{ VCD_ALLOW_UNVERIFIED_SSL: 'maybe' }, /^VCD_ALLOW_UNVERIFIED_SSL must be true or false/],
  [{ VCD_TIMEOUT: 'soon' }, /^VCD_TIMEOUT must be a number of seconds from 0\.1 to 3600 \(got "soon"\)/],
  [{ VCD_TOKEN_NO_CREATE: 'maybe' }, /^VCD_TOKEN_NO_CREATE must be true or false/],
  [{ VCD_URL: 'https://vcd.example.com/ui' }, /^VCD_URL: expected an https URL of the VCD API/],
])('real mode: %j is a usage error (exit 2) before any request', async (env, message) => {
  const err = await failure(runMainJob({ configFile: smallConfig(), outdir: path.join(work, 'out'), tokenDir: path.join(work, 'tokens'), processEnv: { VCD_URL: 'https://vcd.invalid/api', VCD_PASSWORD: 'x', ...env }, print: () => undefined }));
  expect(exitCodeFor(err)).toBe(2);
  expect(err.message).toMatch(message);
});

test('a demo run leaves no temp folder, removes the stack folders of an earlier synth, and synthesizes the configured URLs', async () => {
  const outdir = path.join(work, 'cdktf.out');
  // What an earlier synth of another config left: a stack folder listed in its manifest, next to a file of the user's.
  fs.mkdirSync(path.join(outdir, 'stacks', 'old-stack'), { recursive: true });
  fs.writeFileSync(path.join(outdir, 'stacks', 'old-stack', 'cdk.tf.json'), '{}');
  fs.writeFileSync(path.join(outdir, 'manifest.json'), JSON.stringify({ version: '0.21.0', stacks: { 'old-stack': { name: 'old-stack', workingDirectory: 'stacks/old-stack', synthesizedStackPath: 'stacks/old-stack/cdk.tf.json' } } }));
  fs.writeFileSync(path.join(outdir, 'notes.txt'), 'mine');
  const demoDirs = () => fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith('vcd-api-tokens-demo-'));
  const before = demoDirs();
  const printed: string[] = [];
  const result = await runMainJob({ configFile: smallConfig(), outdir, processEnv: {}, print: (l) => printed.push(l) });
  expect(demoDirs()).toEqual(before);
  expect(fs.existsSync(result.bootstrap.tokenDir)).toBe(false);
  expect(fs.readdirSync(path.join(outdir, 'stacks')).sort()).toEqual(['dev-acme', 'dev-initech', 'dev-platform']); // initech: the demo's service-account tenant
  expect(fs.readFileSync(path.join(outdir, 'notes.txt'), 'utf8')).toBe('mine');
  const tenantStack = fs.readFileSync(path.join(outdir, 'stacks', 'dev-acme', 'cdk.tf.json'), 'utf8');
  expect(tenantStack).toContain('https://vcd-dev.example.com/api');
  expect(tenantStack).not.toContain(result.vcdUrls.dev);
  const summary = printed.join('\n');
  expect(summary).toMatch(/removed with the emulators/);
  expect(summary).toMatch(/configured VCD URLs/);
  expect(summary).not.toContain(result.bootstrap.tokenDir);
});
