// The main job (`npm start`): the whole pipeline on a fresh clone, without a real VCD. An application of this
// repository: it composes the library (emulator, bootstrap) with this app's stacks.
// Demo mode (default): one emulator per example environment on loopback → bootstrap a token per tenant
// (demo passwords supplied in-process, never argv, never printed) → synth every stack with the emulator URLs
// into cdktf.out → print a summary (no secrets) → stop the emulators, always.
// Real mode (VCD_URL set): VCD_URL is the VCD of ONE environment — VCD_ENV, default the config's first — and
// only that environment is bootstrapped (passwords from VCD_PASSWORD_<ENV>_<TENANT> / VCD_PASSWORD); every
// stack is synthesized, the chosen environment with VCD_URL, the others with their configured URLs.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BootstrapError, bootstrapEnvironments, BootstrapResult } from '../src/bootstrap';
import { EnvironmentsConfig, loadEnvironmentsConfig } from '../src/config';
import { EMULATOR_DEMO_TENANT_PASSWORD, RunningEmulator, startEmulator } from '../src/emulator';
import { checkedVcdUrl } from '../src/cli/connection';
import { neutralizeForDisplay } from '../src/handoff';
import { projectRoot } from '../src/synth';
import { SynthesisResult, synthesizeEnvironments } from './app';

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
  /** Every stack, synthesized after the bootstrap with the URLs above. */
  readonly synth: SynthesisResult;
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

async function runDemo(config: EnvironmentsConfig, outdir: string, options: MainJobOptions, processEnv: NodeJS.ProcessEnv): Promise<MainJobResult> {
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
    const bootstrap = await bootstrapEnvironments(config, {
      tokenDir,
      processEnv: {},
      password: () => EMULATOR_DEMO_TENANT_PASSWORD,
      vcdUrlOverrides: vcdUrls,
      caPerEnvironment,
      onProgress: (e) => options.progress?.(`${e.env}/${e.tenant}: ${e.phase}`),
    });
    const synth = synthesizeEnvironments(config, { outdir, vcdUrlOverrides: vcdUrls });
    return { mode: 'emulator', vcdUrls, bootstrap, synth, summary: summarize('emulator', vcdUrls, bootstrap, synth) };
  } finally {
    await Promise.all(emulators.map((e) => e.close().catch(() => undefined)));
  }
}

async function runReal(config: EnvironmentsConfig, url: string, outdir: string, options: MainJobOptions, processEnv: NodeJS.ProcessEnv): Promise<MainJobResult> {
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
    ...(processEnv.VCD_CA_FILE ? { caFile: processEnv.VCD_CA_FILE } : {}),
    ...(/^(1|true)$/i.test(processEnv.VCD_ALLOW_UNVERIFIED_SSL ?? '') ? { insecure: true } : {}),
    onProgress: (e) => options.progress?.(`${e.env}/${e.tenant}: ${e.phase}`),
  });
  const synth = synthesizeEnvironments(config, { outdir, vcdUrlOverrides: vcdUrls });
  return { mode: 'real', vcdUrls, bootstrap, synth, summary: summarize('real', vcdUrls, bootstrap, synth) };
}

function summarize(mode: 'emulator' | 'real', vcdUrls: Readonly<Record<string, string>>, bootstrap: BootstrapResult, synth: SynthesisResult): string[] {
  const safe = neutralizeForDisplay;
  const lines = [
    mode === 'emulator' ? 'vcd-api-tokens main job (embedded VCD emulators; nothing left running)' : 'vcd-api-tokens main job (real VCD)',
    '',
    'Environments:',
    ...Object.entries(vcdUrls).map(([env, url]) => `  ${env}: ${url}`),
    '',
    'API tokens (secrets only in the token files, mode 0600):',
    ...bootstrap.results.map((r) => `  ${r.env}/${r.tenant}: ${r.created ? 'created' : 'reused'} ${safe(r.tokenName)} ${r.tokenId ?? ''}`.trimEnd()),
    `  token dir: ${bootstrap.tokenDir} (<env>-<tenant>.json for api_token_file, <env>-<tenant>.env for cdktf deploy)`,
  ];
  lines.push('', `Stacks synthesized into ${synth.outdir}:`);
  for (const s of synth.stacks) lines.push(`  ${s.name.padEnd(16)} ${s.kind.padEnd(8)} auth_type=${s.authType}`);
  lines.push('', 'Next: cdktf deploy <env>-platform with a password, then each tenant stack after `set -a; . <token dir>/<env>-<tenant>.env; set +a`.');
  return lines;
}
