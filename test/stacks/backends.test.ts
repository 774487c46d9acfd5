import * as fs from 'node:fs';
import * as path from 'node:path';
import { synthesizeEnvironments } from '../../stacks/app';
import { pgSchemaName } from '../../stacks/backends';
import { filesUnder, mutatedConfig, readStack, tempDir } from './helpers';

const CANARY = 'canary-backend-secret-3c9d';
const ENV_KEYS = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'TF_HTTP_USERNAME', 'TF_HTTP_PASSWORD', 'PG_CONN_STR'];
const saved: Record<string, string | undefined> = {};
let outdir: string;

beforeAll(() => {
  for (const k of ENV_KEYS) { saved[k] = process.env[k]; process.env[k] = `${CANARY}-${k}`; }
  outdir = tempDir('backends-');
  const cfg = mutatedConfig((d) => {
    d.environments[0].backend = { type: 's3', bucket: 'vcd-states', region: 'eu-west-1', keyPrefix: 'vcd/tf', dynamodbTable: 'tf-locks', endpoint: 'https://s3.example.com', usePathStyle: true };
    d.environments[1].backend = { type: 'http', address: 'https://gitlab.example.com/api/v4/projects/7/terraform/state/{stack}', lockAddress: 'https://gitlab.example.com/api/v4/projects/7/terraform/state/{stack}/lock' };
    d.environments.push({ name: 'lab', vcdUrl: 'https://vcd-lab.example.com/api', vcdVersion: '10.6.0', tenants: [{ name: 'acme' }], backend: { type: 'pg', schemaPrefix: 'vcd' } });
    d.environments.push({ name: 'qa', vcdUrl: 'https://vcd-qa.example.com/api', vcdVersion: '10.3.1', tenants: [{ name: 'acme' }], backend: { type: 'http', address: 'https://state.example.com/tf/' } });
  });
  synthesizeEnvironments(cfg, { outdir });
});
afterAll(() => {
  for (const k of ENV_KEYS) { if (saved[k] === undefined) delete process.env[k]; else process.env[k] = saved[k]; }
  fs.rmSync(outdir, { recursive: true, force: true });
});

describe('per-stack backends from the environment config', () => {
  it('s3: one key per stack, locking table, S3-compatible endpoint, no credentials', () => {
    expect(readStack(outdir, 'dev-platform').terraform.backend).toEqual({
      s3: { bucket: 'vcd-states', region: 'eu-west-1', key: 'vcd/tf/dev-platform.tfstate', encrypt: true, dynamodb_table: 'tf-locks', endpoints: { s3: 'https://s3.example.com' }, use_path_style: true },
    });
    expect(readStack(outdir, 'dev-acme').terraform.backend.s3.key).toBe('vcd/tf/dev-acme.tfstate');
  });

  it('http: {stack} substituted in state and lock addresses (unlock defaults to lock), no credentials', () => {
    expect(readStack(outdir, 'prod-globex').terraform.backend).toEqual({
      http: {
        address: 'https://gitlab.example.com/api/v4/projects/7/terraform/state/prod-globex',
        lock_address: 'https://gitlab.example.com/api/v4/projects/7/terraform/state/prod-globex/lock',
        unlock_address: 'https://gitlab.example.com/api/v4/projects/7/terraform/state/prod-globex/lock',
      },
    });
    expect(readStack(outdir, 'qa-acme').terraform.backend).toEqual({ http: { address: 'https://state.example.com/tf/qa-acme' } });
  });

  it('pg: one schema per stack, conn_str left to PG_CONN_STR', () => {
    expect(readStack(outdir, 'lab-platform').terraform.backend).toEqual({ pg: { schema_name: 'vcd_lab_platform' } });
    expect(readStack(outdir, 'lab-acme').terraform.backend).toEqual({ pg: { schema_name: 'vcd_lab_acme' } });
    expect(pgSchemaName('p', 'Dev-ACME_x')).toBe('p_dev_acme_x');
  });

  it('no credential from the environment reaches any synthesized file', () => {
    const files = filesUnder(outdir);
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) expect(fs.readFileSync(f, 'utf8')).not.toContain(CANARY);
  });
});

describe('local state paths wherever the state directory is', () => {
  // The state directory elsewhere, beside the stacks, equal to or inside a stack's own directory, sharing a name
  // prefix with it, and relative to the project root: each stack's path still leads to its own state file.
  it('is the path from the stack directory to <directory>/<stack>.tfstate, with "/" separators', () => {
    const out = tempDir('local-state-');
    const stacksDir = path.join(out, 'stacks');
    const layouts: Record<string, string> = {
      elsewhere: path.join(out, '..', 'states-elsewhere'),
      beside: stacksDir,
      own: path.join(stacksDir, 'own-acme'),
      inside: path.join(stacksDir, 'inside-acme', 'state'),
      prefix: path.join(stacksDir, 'prefix-acme-x'),
      relative: '../relative-states',
    };
    try {
      const cfg = mutatedConfig((d) => {
        d.environments = Object.entries(layouts).map(([name, directory]) => ({
          name, vcdUrl: 'https://vcd.example.com/api', vcdVersion: '10.5.1', tenants: [{ name: 'acme' }], backend: { type: 'local', directory },
        }));
      });
      const result = synthesizeEnvironments(cfg, { outdir: out });
      const root = path.resolve(__dirname, '../..');
      const checked = result.stacks.map((s) => {
        const statePath = readStack(out, s.name).terraform.backend.local.path as string;
        const expected = path.relative(s.dir, path.join(path.resolve(root, layouts[s.environment]), `${s.name}.tfstate`)).split(path.sep).join('/');
        return [s.name, statePath, expected];
      });
      expect(checked.map(([name, statePath]) => [name, statePath])).toEqual(checked.map(([name, , expected]) => [name, expected]));
      expect(Object.fromEntries(checked.filter(([name]) => name.endsWith('-acme')).map(([name, statePath]) => [name, statePath]))).toMatchObject({
        'beside-acme': '../beside-acme.tfstate',
        'own-acme': 'own-acme.tfstate',
        'inside-acme': 'state/inside-acme.tfstate',
        'prefix-acme': '../prefix-acme-x/prefix-acme.tfstate',
      });
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
