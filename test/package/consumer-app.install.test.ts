// The package as users get it: `npm pack`, installed with cdktf and constructs (the app's own, as real apps have
// them) into a copy of examples/consumer-app, compiled with tsc (strict), synthesized. The guard must fire there,
// the bins must run from the installed package, each entry must load only what it needs, and a duplicated cdktf
// must fail with the duplicate-copy message.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageEntries } from '../api-report/api-surface';
import { entryLoads, EXPECTED_ENTRY_LOADS } from '../architecture/entry-loads';
import { childEnv, consumerApp, filesUnder, npmInstall, packTarball, run, runOk, tempDir, TEMPLATE } from './consumer-app';

const INSTALL_TIMEOUT_MS = 10 * 60_000;
const CANARY = 'c0nsumer-canary-5d1e8b2f';

let work: string;
let tarball: string;
let app: string;

beforeAll(() => {
  work = tempDir('consumer-');
  tarball = packTarball(work);
  app = consumerApp(work, tarball);
  npmInstall(app);
  runOk('npx', ['--no-install', 'tsc', '-p', '.'], app);
}, INSTALL_TIMEOUT_MS);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

const node = (args: readonly string[], env?: NodeJS.ProcessEnv) => run(process.execPath, args, app, env);

test('the tarball holds the compiled package, its schema, README and LICENSE, and nothing of the repository', () => {
  const files = runOk('tar', ['-tzf', tarball], work).stdout.split('\n').filter(Boolean).map((f) => f.replace(/^package\//, ''));
  expect(files).toEqual(expect.arrayContaining([
    'package.json', 'README.md', 'LICENSE', 'schema/vcd-provider-schema.json',
    'dist/src/index.js', 'dist/src/index.d.ts', 'dist/src/client/index.js', 'dist/src/emulator/index.d.ts',
    'dist/.gen/providers/vcd/index.js', 'dist/.gen/providers/vcd/index.d.ts', 'dist/.gen/providers/vcd/rights-bundle/index.js',
    'dist/src/cli/vcd-token.js', 'dist/src/emulator/cli.js',
  ]));
  const unexpected = files.filter((f) =>
    !/^(package\.json|README\.md|LICENSE|schema\/vcd-provider-schema\.json)$/.test(f) &&
    !/^dist\/(src|\.gen)\/.*(\.js|\.d\.ts)$/.test(f));
  expect(unexpected).toEqual([]);
});

test('the app and an import of every entry type-check against the exports map (node16) and, through typesVersions, with node10 resolution', () => {
  expect(fs.existsSync(path.join(app, 'dist', 'main.js'))).toBe(true); // compiled in beforeAll with the template's tsconfig
  // Strict mode makes an entry without declarations an error (TS7016), so this proves `types` for each entry.
  const specifiers = packageEntries().map((e) => e.specifier);
  fs.writeFileSync(path.join(app, 'entries-probe.ts'), [
    ...specifiers.map((s, i) => `import * as entry${i} from ${JSON.stringify(s)};`),
    `export const entries = [${specifiers.map((_, i) => `entry${i}`).join(', ')}];`,
    '',
  ].join('\n'));
  runOk('npx', ['--no-install', 'tsc', '-p', '.'], app);
  expect(fs.existsSync(path.join(app, 'dist', 'entries-probe.js'))).toBe(true);
  const node10 = run('npx', ['--no-install', 'tsc', '-p', '.', '--module', 'commonjs', '--moduleResolution', 'node10', '--outDir', 'dist-node10'], app);
  expect({ status: node10.status, out: node10.stdout }).toEqual({ status: 0, out: '' });
});

test('synth: a platform and a tenant stack with the constructs and the raw bindings, no secret in the output', () => {
  const r = node(['dist/main.js'], childEnv({ VCD_API_TOKEN: CANARY, TF_VAR_vcd_api_token: CANARY, VCD_PASSWORD: CANARY }));
  expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
  expect(r.stdout).toMatch(/^synthesized platform, tenant-acme into /);
  const stacksDir = path.join(app, 'cdktf.out', 'stacks');
  const tenant = JSON.parse(fs.readFileSync(path.join(stacksDir, 'tenant-acme', 'cdk.tf.json'), 'utf8'));
  expect(tenant.provider.vcd[0]).toMatchObject({ auth_type: 'api_token', api_token: '${var.vcd_api_token}', org: 'acme', user: 'none', password: 'none' });
  expect(tenant.variable.vcd_api_token).toMatchObject({ sensitive: true, ephemeral: true });
  expect(Object.keys(tenant.resource.vcd_network_routed_v2)).toHaveLength(1);
  expect(tenant.terraform.required_providers.vcd).toEqual({ source: 'vmware/vcd', version: '3.14.1' });
  const platform = JSON.parse(fs.readFileSync(path.join(stacksDir, 'platform', 'cdk.tf.json'), 'utf8'));
  expect(platform.provider.vcd[0]).toMatchObject({ auth_type: 'integrated', org: 'System' });
  expect(Object.values(platform.resource.vcd_rights_bundle)).toEqual([expect.objectContaining({ rights: ['API Tokens: Manage'], tenants: ['acme'] })]);
  const output = filesUnder(path.join(app, 'cdktf.out')).map((f) => fs.readFileSync(f, 'utf8')).join('\n');
  expect(output).not.toContain(CANARY);
});

test('the ApiTokenAuthGuard fires in the consumer app: a vcd_org_user in the token stack fails synth', () => {
  fs.writeFileSync(path.join(app, 'guard-probe.ts'), [
    "import { App, TerraformStack } from 'cdktf';",
    "import { synthesizeApp, VcdApiTokenProvider } from 'vcd-api-tokens';",
    "import { orgUser } from 'vcd-api-tokens/provider-vcd';",
    'const app = new App();',
    "const stack = new TerraformStack(app, 'tenant');",
    "new VcdApiTokenProvider(stack, 'vcd', { url: 'https://vcd.example.com/api', org: 'acme' });",
    "new orgUser.OrgUser(stack, 'user', { org: 'acme', name: 'deployer', role: 'vApp Author', password: 'not-a-real-password' });",
    'synthesizeApp(app);',
    '',
  ].join('\n'));
  runOk('npx', ['--no-install', 'tsc', '-p', '.'], app);
  const r = node(['dist/guard-probe.js']);
  expect(r.status).not.toBe(0);
  expect(r.stderr).toContain('[tenant/user] [CONSTRUCT_GUARD_TOKEN_SESSION_RESTRICTED] vcd_org_user under auth_type "api_token"');
});

test('npx vcd-token --help and npx vcd-emulator --help run from the installed package', () => {
  const token = run('npx', ['--no-install', 'vcd-token', '--help'], app);
  expect({ status: token.status, stderr: token.stderr }).toEqual({ status: 0, stderr: '' });
  expect(token.stdout).toMatch(/^Usage: vcd-token <command>/);
  expect(token.stdout).toContain('bootstrap');
  const emulator = run('npx', ['--no-install', 'vcd-emulator', '--help'], app);
  expect({ status: emulator.status, stderr: emulator.stderr }).toEqual({ status: 0, stderr: '' });
  expect(emulator.stdout).toMatch(/^Usage: vcd-emulator/);
});

test('the installed emulator starts (it generates its CA with node:crypto alone) and stops on SIGTERM', async () => {
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, [path.join(app, 'node_modules', '.bin', 'vcd-emulator')], {
    cwd: app, env: childEnv({ VCD_EMULATOR_ADMIN_PASSWORD: 'admin-pw-for-test', VCD_EMULATOR_DEMO_PASSWORD: 'demo-pw-for-test' }), stdio: ['ignore', 'pipe', 'pipe'],
  });
  const ready = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0]);
    });
    child.on('exit', (code) => reject(new Error(`vcd-emulator exited ${code} before its ready line`)));
  });
  const line = JSON.parse(ready) as { url: string; caFile: string };
  expect(line.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  expect(fs.readFileSync(line.caFile, 'utf8')).toContain('BEGIN CERTIFICATE');
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
});

test('each entry loads only what it needs (cdktf only in the root and ./provider-vcd, libsodium on no require)', () => {
  const specifiers = packageEntries().map((e) => e.specifier);
  expect([...specifiers].sort()).toEqual(Object.keys(EXPECTED_ENTRY_LOADS).sort());
  expect(Object.fromEntries(specifiers.map((s) => [s, entryLoads(s, app, childEnv())]))).toEqual(EXPECTED_ENTRY_LOADS);
  // Deep imports are closed: only the entries of the exports map are importable.
  const deep = run(process.execPath, ['-e', "require('vcd-api-tokens/dist/src/handoff/atomic-write')"], app);
  expect(deep.status).not.toBe(0);
  expect(deep.stderr).toContain('ERR_PACKAGE_PATH_NOT_EXPORTED');
});

test('the template is what the test installs: cdktf, constructs and the toolchain pinned as in this repository', () => {
  const template = JSON.parse(fs.readFileSync(path.join(TEMPLATE, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
  const repo = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
  for (const name of ['cdktf', 'constructs']) expect({ name, version: template.dependencies[name] }).toEqual({ name, version: repo.devDependencies[name] });
  for (const name of ['typescript', '@types/node']) expect({ name, version: template.devDependencies[name] }).toEqual({ name, version: repo.devDependencies[name] });
  const installed = runOk('npm', ['ls', 'cdktf', '--json'], app).stdout;
  // "0.21.0", or "npm:cdktn@0.24.0" in the CDK Terrain run (npm ls reports the aliased package's version).
  const pinned = repo.devDependencies.cdktf.replace(/^npm:[^@]+@/, '');
  expect((JSON.parse(installed) as { dependencies: Record<string, { version: string }> }).dependencies.cdktf.version).toBe(pinned);
});

// Last: it plants a second cdktf inside the installed package.
test('a duplicated cdktf (a second copy inside node_modules/vcd-api-tokens) fails with the duplicate-copy message', () => {
  const nested = path.join(app, 'node_modules', 'vcd-api-tokens', 'node_modules', 'cdktf');
  fs.cpSync(path.join(app, 'node_modules', 'cdktf'), nested, { recursive: true });
  const r = node(['dist/main.js']);
  expect(r.status).toBe(1);
  expect(r.stderr).toContain('[CONSTRUCT_DUPLICATE_CDKTF]');
  expect(r.stderr).toContain(`${fs.realpathSync(path.join(app, 'node_modules', 'cdktf'))} (`);
  expect(r.stderr).toContain(`${fs.realpathSync(nested)} (`);
  expect(r.stderr).toMatch(/\((cdktf|cdktn)@\d+\.\d+\.\d+\): used by vcd-api-tokens/);
  expect(r.stderr).toContain('npm ls cdktf');
  expect(fs.existsSync(path.join(app, 'cdktf.out', 'manifest.json'))).toBe(true); // from the earlier synth only
});
