// `node dist/stacks/main.js --list-stacks --json`: the tenant stacks of the config (for CI matrices) with the
// secret each reads and its state backend; S3 state with Terraform's lock file and a key prefix ending in "/".
import * as fs from 'node:fs';
import * as path from 'node:path';
import { synthesizeEnvironments } from '../../stacks/app';
import { main, stackList } from '../../stacks/main';
import { mutatedConfig, readStack, tempDir } from './helpers';

describe('--list-stacks --json', () => {
  let outdir: string;
  const savedEnv = { ...process.env };
  let out: string[];
  let err: string[];
  beforeEach(() => {
    outdir = tempDir('list-stacks-');
    process.env.CDKTF_OUTDIR = outdir;
    out = [];
    err = [];
    jest.spyOn(process.stdout, 'write').mockImplementation((s: unknown) => { out.push(String(s)); return true; });
    jest.spyOn(process.stderr, 'write').mockImplementation((s: unknown) => { err.push(String(s)); return true; });
  });
  afterEach(() => {
    jest.restoreAllMocks();
    process.env = { ...savedEnv };
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  it('prints one line of JSON: every tenant stack of the environment with its token variable and backend', () => {
    expect(main(['--list-stacks', '--json', '--env', 'dev'], { ...process.env })).toBe(0);
    expect(out).toHaveLength(1);
    const doc = JSON.parse(out[0]) as { tenantStacks: { name: string; tenant: string; tokenVariable: string; backend: string; authType: string }[]; platformStacks: { name: string }[] };
    expect(doc.tenantStacks.map((s) => [s.name, s.tenant, s.tokenVariable, s.backend, s.authType])).toEqual([
      ['dev-acme', 'acme', 'VCD_API_TOKEN_DEV_ACME', 'local', 'api_token'],
      ['dev-globex', 'globex', 'VCD_API_TOKEN_DEV_GLOBEX', 'local', 'api_token'],
    ]);
    expect(doc.platformStacks.map((s) => s.name)).toEqual(['dev-platform']);
    expect(fs.existsSync(path.join(outdir, 'stacks', 'prod-acme', 'cdk.tf.json'))).toBe(true);
  });

  it('refuses --json without --list-stacks and an unknown --env, naming them', () => {
    expect(main(['--json'], { ...process.env })).toBe(2);
    expect(err.join('')).toContain('--json goes with --list-stacks');
    err.length = 0;
    expect(main(['--list-stacks', '--json', '--env', 'nosuch'], { ...process.env })).toBe(2);
    expect(err.join('')).toContain('--env "nosuch" is not an environment');
  });
});

it('s3 state: use_lockfile when asked, and a keyPrefix ending in "/" gives no "//" in the key', () => {
  const outdir = tempDir('s3-lockfile-');
  const cfg = mutatedConfig((d) => {
    d.environments[0].backend = { type: 's3', bucket: 'vcd-states', region: 'eu-west-1', keyPrefix: 'vcd/', useLockfile: true };
  });
  synthesizeEnvironments(cfg, { outdir });
  expect(readStack(outdir, 'dev-acme').terraform.backend.s3).toMatchObject({ key: 'vcd/dev-acme.tfstate', use_lockfile: true });
  expect(readStack(outdir, 'prod-acme').terraform.backend.s3).toBeUndefined();
  fs.rmSync(outdir, { recursive: true, force: true });
});

it('service-account tenants are listed apart, with their VCD_SA_TOKEN_<ENV>_<TENANT> and the account name', () => {
  const outdir = tempDir('list-sa-');
  const cfg = mutatedConfig((d) => {
    d.environments[0].tenants.push({ name: 'initech', identity: { type: 'serviceAccount', name: 'initech-deployer', role: 'Token Automation' }, network: { name: 'initech-app', gateway: '10.30.1.1', prefixLength: 24 } });
  });
  const list = stackList(synthesizeEnvironments(cfg, { outdir }), cfg, 'dev');
  expect(list.tenantStacks.map((s) => s.name)).toEqual(['dev-acme', 'dev-globex']);
  expect(list.serviceAccountStacks).toEqual([
    expect.objectContaining({ name: 'dev-initech', tenant: 'initech', identity: 'serviceAccount', serviceAccount: 'initech-deployer', tokenVariable: 'VCD_SA_TOKEN_DEV_INITECH', authType: 'service_account_token_file' }),
  ]);
  fs.rmSync(outdir, { recursive: true, force: true });
});
