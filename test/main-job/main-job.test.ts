// The main job in-process: emulators per example environment, bootstrap, synth, summary, emulators stopped.
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { runMainJob } from '../../stacks/main-job';
import { withServiceAccountTenant } from '../../stacks/main-job-service-account';
import { loadEnvironmentsConfig } from '../../src/config';

test('runs the whole job on emulators and prints a secret-free summary', async () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'main-job-'));
  const outdir = path.join(work, 'cdktf.out');
  const tokenDir = path.join(work, 'tokens');
  const printed: string[] = [];
  const result = await runMainJob({ outdir, tokenDir, processEnv: {}, print: (l) => printed.push(l) });

  expect(result.mode).toBe('emulator');
  expect(Object.keys(result.vcdUrls)).toEqual(['dev', 'prod']);
  // The passwordless path: enrolled once into a file-backed store, then bootstrapped with --no-create from it.
  expect(result.enrolled.map((e) => `${e.env}/${e.tenant}:${e.secretName}`)).toEqual(['dev/acme:VCD_API_TOKEN_DEV_ACME', 'dev/globex:VCD_API_TOKEN_DEV_GLOBEX', 'prod/acme:VCD_API_TOKEN_PROD_ACME', 'prod/globex:VCD_API_TOKEN_PROD_GLOBEX']);
  expect(result.bootstrap.results.map((r) => `${r.env}/${r.tenant}:${r.source}:${r.created}`)).toEqual(['dev/acme:ci-secret:false', 'dev/globex:ci-secret:false', 'dev/initech:service-account:false', 'prod/acme:ci-secret:false', 'prod/globex:ci-secret:false']);
  const text = printed.join('\n');
  expect(text).toContain('Bootstrapped like every pipeline run: --no-create');
  // One service-account tenant next to them: authorized once into the store, its token rotated by the bootstrap
  // and written back there before the deploy's file.
  const [sa] = result.serviceAccounts ?? [];
  expect(sa).toMatchObject({ env: 'dev', tenant: 'initech', name: 'initech-deployer', secretName: 'VCD_SA_TOKEN_DEV_INITECH' });
  const saResult = result.bootstrap.results.find((r) => r.tenant === 'initech');
  const storeFile = path.join(tokenDir, 'store', 'dev-initech.json');
  expect(saResult).toMatchObject({ variable: 'VCD_SA_TOKEN_FILE_DEV_INITECH', storedIn: expect.stringContaining(storeFile) });
  const saToken = JSON.parse(fs.readFileSync(saResult?.tokenFile as string, 'utf8')) as { token_type: string; refresh_token: string };
  expect(saToken.token_type).toBe('Service Account');
  expect(JSON.parse(fs.readFileSync(storeFile, 'utf8')).refresh_token).toBe(saToken.refresh_token);
  expect(fs.readFileSync(saResult?.envFile as string, 'utf8')).toContain(`TF_VAR_vcd_service_account_token_file=${saResult?.tokenFile}`);
  expect(text).toContain(`dev/initech: service account initech-deployer ${sa.id}, authorized once`);
  expect(text).toContain('dev/initech: service account initech-deployer from VCD_SA_TOKEN_FILE_DEV_INITECH, rotated by the exchange');
  expect(text).toMatch(/dev-initech +tenant +auth_type=service_account_token_file/);
  // Not hidden in code: the summary names the file declaring the demo's tenant, and that npm run synth skips it.
  expect(text).toContain('(dev/initech is the demo\'s service-account tenant, declared in stacks/demo-service-account-tenant.json and added for this run because stacks/environments.json declares none');
  expect(text).toContain('dev-initech from stacks/demo-service-account-tenant.json, which npm run synth does not read');
  expect(text).not.toContain(saToken.refresh_token);
  for (const [i, r] of result.bootstrap.results.filter((x) => x.source === 'ci-secret').entries()) {
    expect(r.tokenId).toBe(result.enrolled[i].tokenId);
    expect(text).toContain(`${r.env}/${r.tenant}: from ${r.variable} ${r.tokenName} ${r.tokenId}`);
    expect(r.variable).toMatch(/^VCD_API_TOKEN_FILE_(DEV|PROD)_(ACME|GLOBEX)$/);
    const token = JSON.parse(fs.readFileSync(r.tokenFile, 'utf8')).refresh_token as string;
    expect(text).not.toContain(token);
    expect(fs.statSync(r.tokenFile).mode & 0o777).toBe(0o600);
  }
  expect(text).toContain(`token dir: ${tokenDir}`);
  expect(text).toMatch(/dev-platform +platform +auth_type=integrated/);
  expect(text).toMatch(/prod-globex +tenant +auth_type=api_token/);
  expect(text).not.toContain('vcd-emulator-demo');

  const stacks = fs.readdirSync(path.join(outdir, 'stacks')).sort();
  expect(stacks).toEqual(['dev-acme', 'dev-globex', 'dev-initech', 'dev-platform', 'prod-acme', 'prod-globex', 'prod-platform']);
  // cdktf.out holds the configured URLs: the emulators' are gone after the run.
  const tenantStack = fs.readFileSync(path.join(outdir, 'stacks', 'dev-acme', 'cdk.tf.json'), 'utf8');
  expect(tenantStack).toContain('https://vcd-dev.example.com/api');
  expect(tenantStack).not.toContain(result.vcdUrls.dev);
  expect(tenantStack).toContain('api_token');

  // The emulators are stopped: their ports refuse connections.
  for (const url of Object.values(result.vcdUrls)) {
    const port = Number(new URL(url).port);
    const refused = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.on('connect', () => { socket.destroy(); resolve(false); });
      socket.on('error', () => resolve(true));
    });
    expect(refused).toBe(true);
  }
  fs.rmSync(work, { recursive: true, force: true });
}, 120000);

test('real mode with VCD_URL: an unknown VCD_ENV fails clearly', async () => {
  await expect(runMainJob({ processEnv: { VCD_URL: 'https://vcd.invalid/api', VCD_ENV: 'staging' }, print: () => undefined })).rejects.toThrow(/VCD_ENV=staging is not an environment/);
});

test('real mode: VCD_URL + passwords bootstrap only that environment (VCD_ENV) and synth all stacks', async () => {
  const { startEmulator } = await import('../../src/emulator');
  const emu = await startEmulator({ vcdVersion: '10.4.2' });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'main-job-real-'));
  try {
    const printed: string[] = [];
    const result = await runMainJob({
      outdir: path.join(work, 'out'),
      tokenDir: path.join(work, 'tokens'),
      // The address as the emulator prints it: the same rule as the config's vcdUrl makes it .../api.
      processEnv: { VCD_URL: emu.url, VCD_ENV: 'prod', VCD_CA_FILE: emu.caFile, VCD_PASSWORD_PROD_ACME: 'vcd-emulator-demo', VCD_PASSWORD: 'vcd-emulator-demo' },
      print: (l) => printed.push(l),
    });
    expect(result.mode).toBe('real');
    expect(result.vcdUrls).toEqual({ prod: `${emu.url}/api` });
    expect(result.bootstrap.results.map((r) => `${r.env}/${r.tenant}`)).toEqual(['prod/acme', 'prod/globex']);
    expect(result.synth.stacks).toHaveLength(6);
    expect(fs.readFileSync(path.join(work, 'out', 'stacks', 'prod-acme', 'cdk.tf.json'), 'utf8')).toContain(`${emu.url}/api`);
    expect(fs.readFileSync(path.join(work, 'out', 'stacks', 'dev-acme', 'cdk.tf.json'), 'utf8')).toContain('https://vcd-dev.example.com/api');
    expect(printed.join('\n')).not.toContain('vcd-emulator-demo');
  } finally {
    await emu.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}, 120000);

test('the demo\'s service-account tenant is the one its file declares, added only when the config declares none', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'main-job-demo-file-'));
  try {
    const demoFile = path.join(work, 'demo.json');
    fs.writeFileSync(demoFile, JSON.stringify({ tenant: { name: 'umbrella', identity: { type: 'serviceAccount', name: 'umbrella-deployer', role: 'Token Automation' }, network: { name: 'umbrella-app', gateway: '10.40.1.1', prefixLength: 24 } } }));
    const configFile = path.join(work, 'environments.json');
    const environment = (tenants: unknown[]) => ({ environments: [{ name: 'dev', vcdUrl: 'https://vcd.invalid/api', vcdVersion: '10.5.1', tenants }] });
    fs.writeFileSync(configFile, JSON.stringify(environment([{ name: 'acme', network: { name: 'acme-app', gateway: '10.1.1.1', prefixLength: 24 } }])));
    const { config, added } = withServiceAccountTenant(loadEnvironmentsConfig(configFile), demoFile);
    expect(added).toEqual({ at: 'dev/umbrella', file: demoFile, configFile });
    expect(config.environments[0].tenants.map((t) => `${t.name}:${t.identity.type}`)).toEqual(['acme:apiToken', 'umbrella:serviceAccount']);
    // A config with its own service-account tenant gets nothing added.
    fs.writeFileSync(configFile, JSON.stringify(environment([{ name: 'globex', identity: { type: 'serviceAccount', name: 'g', role: 'Token Automation' }, network: { name: 'globex-app', gateway: '10.2.1.1', prefixLength: 24 } }])));
    expect(withServiceAccountTenant(loadEnvironmentsConfig(configFile), demoFile).added).toBeUndefined();
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
});
