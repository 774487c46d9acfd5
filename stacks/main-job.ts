// The main job (`npm start`): the whole pipeline on a fresh clone, without a real VCD. An application of this
// repository: it composes the library (emulator, bootstrap) with this app's stacks.
// Demo mode (default), the passwordless pipeline path: one emulator per example environment on loopback →
// enroll a token per tenant into a file-backed store (what a person does once; demo passwords supplied
// in-process, never argv, never printed) → bootstrap with --no-create from VCD_API_TOKEN_FILE_<ENV>_<TENANT>
// alone (what every pipeline run does) → synth every stack with the emulator URLs into cdktf.out → print a
// summary (no secrets) → stop the emulators, always.
// Real mode (VCD_URL set): VCD_URL is the VCD of ONE environment — VCD_ENV, default the config's first — and
// only that environment is bootstrapped (passwords from VCD_PASSWORD_<ENV>_<TENANT> / VCD_PASSWORD); every
// stack is synthesized, the chosen environment with VCD_URL, the others with their configured URLs.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { apiTokenFileVariableName, apiTokenVariableName, BootstrapError, bootstrapEnvironments, BootstrapResult, enrollToken, openTokenApi, type EnrollTokenResult } from '../src/bootstrap';
import { FileSecretStore } from '../src/stores';
import { EnvironmentsConfig, loadEnvironmentsConfig } from '../src/config';
import { EMULATOR_DEMO_TENANT_PASSWORD, RunningEmulator, startEmulator } from '../src/emulator';
import { neutralizeForDisplay } from '../src/handoff';
import { projectRoot } from '../src/synth';
import { SynthesisResult, synthesizeEnvironments } from './app';
import { type AuthorizedServiceAccount, authorizeServiceAccounts, withServiceAccountTenant } from './main-job-service-account';

export interface MainJobOptions {
  /** @default <project root>/stacks/environments.json */
  readonly configFile?: string;
  /** Synth output. @default <project root>/cdktf.out */
  readonly outdir?: string;
  /** @default $VCD_TOKEN_DIR, else a fresh private temp dir (demo) or the default token dir (real mode) */
  readonly tokenDir?: string;
  /** @default process.env */
  readonly processEnv?: NodeJS.ProcessEnv;
  /** Receives the summary lines. @default stdout */
  readonly print?: (line: string) => void;
  /** Receives progress lines. @default - none */
  readonly progress?: (line: string) => void;
}

export interface MainJobResult {
  readonly mode: 'emulator' | 'real';
  /** The VCD URL used per environment (emulator URLs in demo mode). */
  readonly vcdUrls: Readonly<Record<string, string>>;
  readonly bootstrap: BootstrapResult;
  /** Demo mode: the tokens enrolled into the file-backed store before the bootstrap. @default [] in real mode */
  readonly enrolled: readonly EnrollTokenResult[];
  /** Every stack, synthesized after the bootstrap with the URLs above. */
  readonly synth: SynthesisResult;
  /** Demo mode: service accounts authorized once into the file-backed store (see main-job-service-account.ts). @default [] */
  readonly serviceAccounts?: readonly AuthorizedServiceAccount[];
  readonly summary: readonly string[];
}

export async function runMainJob(options: MainJobOptions = {}): Promise<MainJobResult> {
  const processEnv = options.processEnv ?? process.env;
  const root = projectRoot();
  const config = loadEnvironmentsConfig(options.configFile ?? path.join(root, 'stacks', 'environments.json'));
  const outdir = path.resolve(options.outdir ?? path.join(root, 'cdktf.out'));
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const realUrl = processEnv.VCD_URL;
  const result = realUrl ? await runReal(config, realUrl, outdir, options, processEnv) : await runDemo(config, outdir, options, processEnv);
  for (const line of result.summary) print(line);
  return result;
}

async function runDemo(configFromFile: EnvironmentsConfig, outdir: string, options: MainJobOptions, processEnv: NodeJS.ProcessEnv): Promise<MainJobResult> {
  const { config, added } = withServiceAccountTenant(configFromFile);
  const tokenDir = options.tokenDir ?? (processEnv.VCD_TOKEN_DIR || fs.mkdtempSync(path.join(os.tmpdir(), 'vcd-api-tokens-demo-')));
  fs.mkdirSync(tokenDir, { recursive: true, mode: 0o700 });
  const emulators: RunningEmulator[] = [];
  try {
    const started = await Promise.all(config.environments.map((env) => startEmulator({ vcdVersion: env.vcdVersion })));
    emulators.push(...started);
    const vcdUrls: Record<string, string> = {};
    const caPerEnvironment: Record<string, string> = {};
    config.environments.forEach((env, i) => {
      vcdUrls[env.name] = `${started[i].url}/api`;
      caPerEnvironment[env.name] = started[i].caPem ?? '';
      options.progress?.(`emulator for ${env.name} (VCD ${started[i].vcdVersion}) at ${started[i].url}`);
    });
    // Once per tenant, by a person: a token enrolled into a store (here files; in CI a GitHub/GitLab secret).
    const storeDir = path.join(tokenDir, 'store');
    const enrolled: EnrollTokenResult[] = [];
    const pipelineEnv: NodeJS.ProcessEnv = {};
    for (const environment of config.environments) {
      const client = openTokenApi({ url: vcdUrls[environment.name], ca: caPerEnvironment[environment.name] });
      try {
        for (const tenant of environment.tenants.filter((t) => t.identity.type === 'apiToken')) {
          const store = new FileSecretStore({ directory: storeDir, fileBaseName: () => `${environment.name}-${tenant.name}` });
          const result = await enrollToken(client, { env: environment.name, tenant: tenant.name, user: tenant.automationUser, url: vcdUrls[environment.name], store, password: EMULATOR_DEMO_TENANT_PASSWORD });
          enrolled.push(result);
          pipelineEnv[apiTokenFileVariableName(environment.name, tenant.name)] = store.tokenFileFor(apiTokenVariableName(environment.name, tenant.name));
          options.progress?.(`${environment.name}/${tenant.name}: enrolled into ${result.receipt.location}`);
        }
      } finally {
        await client.close();
      }
    }
    // Once per service account, by an administrator: the device flow, its first token into the store.
    const storeFor = (env: string, tenant: string) => new FileSecretStore({ directory: storeDir, fileBaseName: () => `${env}-${tenant}` });
    const serviceAccounts = await authorizeServiceAccounts(config, { vcdUrls, caPerEnvironment }, storeFor, pipelineEnv);
    for (const a of serviceAccounts) options.progress?.(`${a.env}/${a.tenant}: service account ${a.name} authorized into ${a.receipt.location}`);
    // Every pipeline run: only the CI-held tokens, minting impossible; rotated service-account tokens go back to the store.
    const bootstrap = await bootstrapEnvironments(config, {
      tokenDir,
      processEnv: pipelineEnv,
      noCreate: true,
      writeBack: ({ env, tenant }) => storeFor(env, tenant),
      vcdUrlOverrides: vcdUrls,
      caPerEnvironment,
      onProgress: (e) => options.progress?.(`${e.env}/${e.tenant}: ${e.phase}`),
    });
    const synth = synthesizeEnvironments(config, { outdir, vcdUrlOverrides: vcdUrls });
    const summary = summarize('emulator', vcdUrls, bootstrap, synth, enrolled, serviceAccounts, added);
    return { mode: 'emulator', vcdUrls, bootstrap, enrolled, synth, serviceAccounts, summary };
  } finally {
    await Promise.all(emulators.map((e) => e.close().catch(() => undefined)));
  }
}

async function runReal(config: EnvironmentsConfig, url: string, outdir: string, options: MainJobOptions, processEnv: NodeJS.ProcessEnv): Promise<MainJobResult> {
  const envName = processEnv.VCD_ENV || config.environments[0].name;
  if (!config.environments.some((e) => e.name === envName)) {
    throw new BootstrapError('BOOTSTRAP_UNKNOWN_ENVIRONMENT', `VCD_ENV=${envName} is not an environment of ${config.sourceFile} (known: ${config.environments.map((e) => e.name).join(', ')}).`);
  }
  const vcdUrls = { [envName]: url };
  const bootstrap = await bootstrapEnvironments(config, {
    ...(options.tokenDir ? { tokenDir: options.tokenDir } : {}),
    processEnv,
    environments: [envName],
    vcdUrlOverrides: vcdUrls,
    ...(processEnv.VCD_CA_FILE ? { caFile: processEnv.VCD_CA_FILE } : {}),
    ...(/^(1|true)$/i.test(processEnv.VCD_ALLOW_UNVERIFIED_SSL ?? '') ? { insecure: true } : {}),
    onProgress: (e) => options.progress?.(`${e.env}/${e.tenant}: ${e.phase}`),
  });
  const synth = synthesizeEnvironments(config, { outdir, vcdUrlOverrides: vcdUrls });
  return { mode: 'real', vcdUrls, bootstrap, enrolled: [], synth, summary: summarize('real', vcdUrls, bootstrap, synth, []) };
}

function summarize(
  mode: 'emulator' | 'real',
  vcdUrls: Readonly<Record<string, string>>,
  bootstrap: BootstrapResult,
  synth: SynthesisResult,
  enrolled: readonly EnrollTokenResult[],
  serviceAccounts: readonly AuthorizedServiceAccount[] = [],
  addedServiceAccountTenant?: string,
): string[] {
  const safe = neutralizeForDisplay;
  const lines = [
    mode === 'emulator' ? 'vcd-api-tokens main job (embedded VCD emulators; nothing left running)' : 'vcd-api-tokens main job (real VCD)',
    '',
    'Environments:',
    ...Object.entries(vcdUrls).map(([env, url]) => `  ${env}: ${url}`),
    '',
    ...(enrolled.length > 0
      ? [
          'Enrolled once per tenant (a person, with the password) into a file-backed store, as `vcd-token enroll --to file` does:',
          ...enrolled.map((e) => `  ${e.env}/${e.tenant}: ${safe(e.tokenName ?? '')} ${e.tokenId ?? ''} → ${e.secretName} (${e.receipt.location})`),
          ...serviceAccounts.map((a) => `  ${a.env}/${a.tenant}: service account ${safe(a.name)} ${a.id}, authorized once (device flow, granted by an administrator) → ${a.secretName} (${a.receipt.location})`),
          ...(addedServiceAccountTenant ? [`  (${addedServiceAccountTenant} is the demo's service-account tenant, added to the config in memory: declare one with "identity": {"type": "serviceAccount", …})`] : []),
          '',
          'Bootstrapped like every pipeline run: --no-create, tokens only from VCD_API_TOKEN_FILE_<ENV>_<TENANT>, no password:',
        ]
      : ['API tokens (secrets only in the token files, mode 0600):']),
    ...bootstrap.results.map((r) =>
      r.source === 'service-account'
        ? `  ${r.env}/${r.tenant}: service account ${safe(r.tokenName)} from ${r.variable}, rotated by the exchange, new token confirmed in ${r.storedIn} before the deploy's file`
        : `  ${r.env}/${r.tenant}: ${r.source === 'ci-secret' ? `from ${r.variable}` : r.created ? 'created' : 'reused'} ${safe(r.tokenName)} ${r.tokenId ?? ''}`.trimEnd(),
    ),
    `  token dir: ${bootstrap.tokenDir} (<env>-<tenant>.json for api_token_file, <env>-<tenant>.env for cdktf deploy)`,
  ];
  lines.push('', `Stacks synthesized into ${synth.outdir}:`);
  for (const s of synth.stacks) lines.push(`  ${s.name.padEnd(16)} ${s.kind.padEnd(8)} auth_type=${s.authType}`);
  lines.push('', 'Next: cdktf deploy <env>-platform with a password, then each tenant stack after `set -a; . <token dir>/<env>-<tenant>.env; set +a`.');
  if (bootstrap.results.some((r) => r.source === 'service-account')) lines.push('After a service-account tenant\'s deploy (the provider rotates its token and rewrites the file): vcd-token service-account push --token-file <token dir>/<env>-<tenant>.json --env <env> --org <tenant> --to …');
  return lines;
}
