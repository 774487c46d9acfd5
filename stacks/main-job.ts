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
import { RunningEmulator, startEmulator } from '../src/emulator';
import { DEMO_TENANT_PASSWORD } from '../src/emulator/world/demo-world';
import { booleanVariable, numberVariable, TIMEOUT_OPTION } from '../src/cli/arguments';
import { checkedVcdUrl } from '../src/cli/connection';
import type { VcdSettingNames } from '../src/client';
import { neutralizeForDisplay } from '../src/handoff/neutralize';
import { projectRoot } from '../src/synth/project-root';
import { SynthesisResult, synthesizeEnvironments } from './app';
import { type AddedServiceAccountTenant, type AuthorizedServiceAccount, authorizeServiceAccounts, DEMO_SERVICE_ACCOUNT_FILE, withServiceAccountTenant } from './main-job-service-account';

const TIMEOUT_NUMBER = TIMEOUT_OPTION.number as NonNullable<typeof TIMEOUT_OPTION.number>;

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
  const { config, added } = withServiceAccountTenant(configFromFile, path.join(projectRoot(), DEMO_SERVICE_ACCOUNT_FILE));
  const givenTokenDir = options.tokenDir ?? (processEnv.VCD_TOKEN_DIR || undefined);
  // The emulators' tokens die with them: a temp dir of our own is removed at the end, not left per run.
  const tokenDir = givenTokenDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'vcd-api-tokens-demo-'));
  fs.mkdirSync(tokenDir, { recursive: true, mode: 0o700 });
  const emulators: RunningEmulator[] = [];
  try {
    const started = await Promise.all(config.environments.map((env) => startEmulator({ vcdVersion: env.vcdVersion })));
    emulators.push(...started);
    const vcdUrls: Record<string, string> = Object.create(null) as Record<string, string>;
    const caPerEnvironment: Record<string, string> = Object.create(null) as Record<string, string>;
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
          const result = await enrollToken(client, { env: environment.name, tenant: tenant.name, user: tenant.automationUser, url: vcdUrls[environment.name], store, password: DEMO_TENANT_PASSWORD });
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
      settingNames: MAIN_JOB_SETTING_NAMES,
      onProgress: (e) => options.progress?.(`${e.env}/${e.tenant}: ${e.phase}`),
    });
    // The configured URLs, not the emulators' (gone after this run): cdktf.out is what `npm run synth` makes,
    // deployable against the real VCDs once their tokens exist.
    const synth = synthesizeReplacing(config, outdir, {});
    const summary = summarize('emulator', vcdUrls, bootstrap, synth, enrolled, givenTokenDir === undefined ? 'removed' : 'kept', serviceAccounts, added);
    return { mode: 'emulator', vcdUrls: { ...vcdUrls }, bootstrap, enrolled, synth, serviceAccounts, summary };
  } finally {
    await Promise.all(emulators.map((e) => e.close().catch(() => undefined)));
    if (givenTokenDir === undefined) fs.rmSync(tokenDir, { recursive: true, force: true });
  }
}

/**
 * Synthesizes into `outdir`, then removes the stack folders an earlier synth listed in its manifest that this
 * one did not write (another config's stacks would otherwise look deployable). Only folders cdktf's own
 * manifest named, inside `outdir`, are removed; anything else in `outdir` stays.
 */
function synthesizeReplacing(config: EnvironmentsConfig, outdir: string, vcdUrlOverrides: Readonly<Record<string, string>>): SynthesisResult {
  const previous = manifestStackDirs(outdir);
  const synth = synthesizeEnvironments(config, { outdir, vcdUrlOverrides });
  const current = new Set(manifestStackDirs(outdir));
  for (const dir of previous) if (!current.has(dir)) fs.rmSync(dir, { recursive: true, force: true });
  return synth;
}

/** The stack directories cdktf's manifest in `outdir` names, inside `outdir/stacks`; none when there is no manifest. */
function manifestStackDirs(outdir: string): string[] {
  let stacks: Record<string, { workingDirectory?: unknown }>;
  try {
    stacks = (JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as { stacks?: Record<string, { workingDirectory?: unknown }> }).stacks ?? {};
  } catch {
    return [];
  }
  const root = path.resolve(outdir, 'stacks') + path.sep;
  return Object.values(stacks)
    .map((s) => (typeof s?.workingDirectory === 'string' ? path.resolve(outdir, s.workingDirectory) : ''))
    .filter((dir) => dir.startsWith(root));
}

/** How main job users set what client messages may tell them to change: its environment variables. */
export const MAIN_JOB_SETTING_NAMES: VcdSettingNames = {
  caFile: 'VCD_CA_FILE (or NODE_EXTRA_CA_CERTS)',
  insecure: 'VCD_ALLOW_UNVERIFIED_SSL=true',
  timeout: 'VCD_TIMEOUT (seconds per request)',
};

async function runReal(config: EnvironmentsConfig, url: string, outdir: string, options: MainJobOptions, processEnv: NodeJS.ProcessEnv): Promise<MainJobResult> {
  // Every setting is checked before any request, as vcd-token checks its flags and variables.
  const insecure = booleanVariable(processEnv, 'VCD_ALLOW_UNVERIFIED_SSL');
  const noCreate = booleanVariable(processEnv, 'VCD_TOKEN_NO_CREATE');
  const timeoutSeconds = numberVariable(processEnv, { ...TIMEOUT_NUMBER, env: 'VCD_TIMEOUT' });
  const envName = processEnv.VCD_ENV || config.environments[0].name;
  if (!config.environments.some((e) => e.name === envName)) {
    throw new BootstrapError('BOOTSTRAP_UNKNOWN_ENVIRONMENT', `VCD_ENV=${envName} is not an environment of ${config.sourceFile} (known: ${config.environments.map((e) => e.name).join(', ')}).`);
  }
  // The rule of the config's vcdUrl: the address alone (as the emulator prints it) means its /api.
  const vcdUrls = { [envName]: checkedVcdUrl(url, 'VCD_URL') };
  const bootstrap = await bootstrapEnvironments(config, {
    ...(options.tokenDir ? { tokenDir: options.tokenDir } : {}),
    processEnv,
    environments: [envName],
    vcdUrlOverrides: vcdUrls,
    ...(processEnv.VCD_CA_FILE ? { caFile: path.resolve(processEnv.VCD_CA_FILE) } : {}),
    ...(insecure ? { insecure: true } : {}),
    noCreate,
    ...(timeoutSeconds !== undefined ? { timeoutMs: Math.round(timeoutSeconds * 1000) } : {}),
    settingNames: MAIN_JOB_SETTING_NAMES,
    onProgress: (e) => options.progress?.(`${e.env}/${e.tenant}: ${e.phase}`),
  });
  const synth = synthesizeReplacing(config, outdir, vcdUrls);
  return { mode: 'real', vcdUrls, bootstrap, enrolled: [], synth, summary: summarize('real', vcdUrls, bootstrap, synth, [], 'kept') };
}

function summarize(
  mode: 'emulator' | 'real',
  vcdUrls: Readonly<Record<string, string>>,
  bootstrap: BootstrapResult,
  synth: SynthesisResult,
  enrolled: readonly EnrollTokenResult[],
  tokenDir: 'removed' | 'kept',
  serviceAccounts: readonly AuthorizedServiceAccount[] = [],
  addedServiceAccountTenant?: AddedServiceAccountTenant,
): string[] {
  const safe = neutralizeForDisplay;
  const demo = mode === 'emulator';
  // Project files by their path in the project; anything else as it is.
  const shown = (file: string): string => (path.relative(projectRoot(), file).startsWith('..') ? file : path.relative(projectRoot(), file));
  const lines = [
    demo ? 'vcd-api-tokens main job (embedded VCD emulators; nothing left running)' : 'vcd-api-tokens main job (real VCD)',
    '',
    demo ? 'Environments (tokens bootstrapped against one emulator each, stopped now):' : 'Environments:',
    ...Object.entries(vcdUrls).map(([env, url]) => `  ${env}: ${url}${demo ? ' (emulator)' : ''}`),
    '',
    ...(enrolled.length > 0
      ? [
          'Enrolled once per tenant (a person, with the password) into a file-backed store, as `vcd-token enroll --to file` does:',
          ...enrolled.map((e) => `  ${e.env}/${e.tenant}: ${safe(e.tokenName ?? '')} ${e.tokenId ?? ''} → ${e.secretName}${tokenDir === 'removed' ? '' : ` (${e.receipt.location})`}`),
          ...serviceAccounts.map((a) => `  ${a.env}/${a.tenant}: service account ${safe(a.name)} ${a.id}, authorized once (device flow, granted by an administrator) → ${a.secretName}${tokenDir === 'removed' ? '' : ` (${a.receipt.location})`}`),
          ...(addedServiceAccountTenant ? [`  (${addedServiceAccountTenant.at} is the demo's service-account tenant, declared in ${shown(addedServiceAccountTenant.file)} and added for this run because ${shown(addedServiceAccountTenant.configFile)} declares none: declare yours there with "identity": {"type": "serviceAccount", …})`] : []),
          '',
          'Bootstrapped like every pipeline run: --no-create, tokens only from VCD_API_TOKEN_FILE_<ENV>_<TENANT>, no password:',
        ]
      : [demo ? 'API tokens (minted by the emulators, so no longer valid; secrets only in the token files, mode 0600):' : 'API tokens (secrets only in the token files, mode 0600):']),
    ...bootstrap.results.map((r) =>
      r.source === 'service-account'
        ? `  ${r.env}/${r.tenant}: service account ${safe(r.tokenName)} from ${r.variable}, rotated by the exchange, new token confirmed in ${tokenDir === 'removed' ? 'the store' : r.storedIn} before the deploy's file`
        : `  ${r.env}/${r.tenant}: ${r.source === 'ci-secret' ? `from ${r.variable}` : r.created ? 'created' : 'reused'} ${safe(r.tokenName)} ${r.tokenId ?? ''}`.trimEnd(),
    ),
    tokenDir === 'removed'
      ? '  token files and store: a temporary directory, removed with the emulators (whose tokens are no longer valid)'
      : `  token dir: ${bootstrap.tokenDir} (<env>-<tenant>.json for api_token_file, <env>-<tenant>.env for cdktf deploy)`,
  ];
  const fromDemoFile = addedServiceAccountTenant ? `; ${addedServiceAccountTenant.at.replace('/', '-')} from ${shown(addedServiceAccountTenant.file)}, which npm run synth does not read` : '';
  lines.push('', demo ? `Stacks synthesized into ${synth.outdir} with the configured VCD URLs (as npm run synth does${fromDemoFile}):` : `Stacks synthesized into ${synth.outdir}:`);
  for (const s of synth.stacks) lines.push(`  ${s.name.padEnd(16)} ${s.kind.padEnd(8)} auth_type=${s.authType}`);
  lines.push(
    '',
    demo
      ? 'Next, against your VCD: cdktf deploy <env>-platform with a password, `vcd-token bootstrap` (or VCD_URL=… npm start) for the tenants\' tokens, then each tenant stack after `set -a; . <token dir>/<env>-<tenant>.env; set +a`.'
      : 'Next: cdktf deploy <env>-platform with a password, then each tenant stack after `set -a; . <token dir>/<env>-<tenant>.env; set +a`.',
  );
  if (bootstrap.results.some((r) => r.source === 'service-account')) lines.push('After a service-account tenant\'s deploy (the provider rotates its token and rewrites the file): vcd-token service-account push --token-file <token dir>/<env>-<tenant>.json --env <env> --org <tenant> --to …');
  return lines;
}
