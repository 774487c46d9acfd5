// `vcd-token bootstrap`: tokens for every environment × tenant of the environments config, before synth; with
// --synth, then the cdktf app of the working directory, run as `cdktf synth` runs it.
import * as path from 'node:path';
import { BootstrapError, bootstrapEnvironments, defaultTokenDir, unconfirmedRevokes, type BootstrapResult, type BootstrapTargetResult } from '../../bootstrap';
import { loadEnvironmentsConfig, type EnvironmentsConfig } from '../../config';
import { describeCleanup } from '../../bootstrap/replaced-tokens';
import { addMaskCommand, detectCi } from '../../handoff';
import { assertSafeSecretLocation, assertWritableLocation } from '../../handoff/file-location';
import { neutralizeForDisplay } from '../../handoff/neutralize';
import type { SecretStore } from '../../stores';
import { booleanOption, CLI_SETTING_NAMES, COMMON_OPTIONS, INSECURE_OPTION, numberOption, type ParsedArguments, stringOption, TIMEOUT_OPTION } from '../arguments';
import type { CliIo } from '../cli-io';
import { STORE_OPTIONS, storeFactory, type StoreTarget } from '../store-options';
import type { CliCommand } from '../command';
import type { CliOutput } from '../cli-io';
import { checkedVcdUrl, resolvePath } from '../connection';
import { EXIT_CODES, exitCodeFor } from '../exit-codes';
import { CliUsageError } from '../usage-error';

export const bootstrapCommand: CliCommand = {
  name: 'bootstrap',
  summary: 'Ensure a working API token per environment and tenant of the config (before synth/deploy)',
  usage: [
    'vcd-token bootstrap [--config stacks/environments.json] [--token-dir <dir>] [--env <name>]... [--tenant <name>]...',
    '                    [--no-create] [--to file|github|gitlab [store options]] [--synth] [--json]',
    '',
    'For each environment and tenant, the first of:',
    '  1. the CI-held token in VCD_API_TOKEN_<ENV>_<TENANT> (or the token file VCD_API_TOKEN_FILE_<ENV>_<TENANT>',
    '     names), exchanged once as proof; if VCD refuses it, exit 4 naming the variable and how to re-enroll',
    '     (never a fallback to creating a token);',
    '  2. <token dir>/<env>-<tenant>.json from an earlier run, if its exchange works (one request);',
    "  3. unless --no-create (or VCD_TOKEN_NO_CREATE=1): log in as the tenant's automationUser with",
    '     VCD_PASSWORD_<ENV>_<TENANT> (or VCD_PASSWORD), create vcd-api-tokens-<env>-<tenant> (VCD shows it with a',
    '     per-attempt suffix ~<8 hex>), record it in <token dir>/minted-tokens.list, and revoke the token it',
    "     replaces and leftovers of that name. When VCD refuses the create, names what lacks 'API Tokens: Manage'.",
    'Writes <env>-<tenant>.json and <env>-<tenant>.env (VCD_API_TOKEN=, TF_VAR_vcd_api_token=) for cdktf deploy.',
    'Every tenant is reported (also when others fail); exit code of the first failure, 7 if a revoke of a',
    'replaced token was not confirmed. Pipelines run with --no-create and hold only VCD_API_TOKEN_* secrets.',
    '',
    'A tenant whose identity is a service account (VCD 10.4+) uses only its service-account token:',
    'VCD_SA_TOKEN_<ENV>_<TENANT> (or the file VCD_SA_TOKEN_FILE_<ENV>_<TENANT>, or the token dir\'s file). The',
    'exchange rotates it, so the new one is written to the store named by --to (GitHub secret / GitLab variable',
    'VCD_SA_TOKEN_<ENV>_<TENANT>; --to file: <store dir>/<env>-<tenant>.json) and confirmed there before the',
    'deploy\'s token file is written; the env-file then names the file (VCD_SA_TOKEN_FILE=,',
    'TF_VAR_vcd_service_account_token_file=). A token from a CI variable needs --to. After the deploy run',
    'vcd-token service-account push. If the store fails, the error names the file holding the live token.',
    'Token dir: --token-dir, VCD_TOKEN_DIR, $RUNNER_TEMP/vcd-api-tokens on GitHub Actions, else',
    '${XDG_STATE_HOME:-~/.local/state}/vcd-api-tokens.',
    '',
    "--synth then runs the cdktf app of the working directory (cdktf.json's \"app\" command, as cdktf synth does)",
    'with CDKTF_OUTDIR=<outdir>, VCD_ENVIRONMENTS_FILE=<config> and VCD_URL_OVERRIDES={"<env>":"<url>"} from',
    '--vcd-url, and lists the stacks of the manifest it wrote. No password or token is passed to the app.',
  ],
  options: {
    ...COMMON_OPTIONS,
    config: { type: 'string', valueName: 'path', description: 'Environments config [default: stacks/environments.json]' },
    'token-dir': { type: 'string', valueName: 'dir', description: 'Token directory (env VCD_TOKEN_DIR)' },
    env: { type: 'string', multiple: true, valueName: 'name', description: 'Only this environment (repeatable)' },
    tenant: { type: 'string', multiple: true, valueName: 'name', description: 'Only this tenant (repeatable)' },
    // Read strictly (a word that is neither true nor false is an error): a safety switch must not fail open.
    'no-create': { type: 'boolean', description: 'Never create a token, even with a password at hand (env VCD_TOKEN_NO_CREATE=1)', env: 'VCD_TOKEN_NO_CREATE' },
    'vcd-url': { type: 'string', multiple: true, valueName: 'env=url', description: 'Override an environment\'s VCD URL (repeatable)' },
    'ca-file': { type: 'string', valueName: 'path', description: 'PEM CA bundle to trust (env VCD_CA_FILE)' },
    insecure: INSECURE_OPTION,
    timeout: TIMEOUT_OPTION,
    concurrency: { type: 'string', valueName: 'n', description: 'Targets worked on at once, 1 to 256 [default: 8]', number: { unit: 'count', min: 1, max: 256, integer: true, default: 8 } },
    synth: { type: 'boolean', description: "Then run the cdktf app of the working directory (cdktf.json's app) with the --vcd-url overrides" },
    outdir: { type: 'string', valueName: 'dir', description: "Synth output directory [default: cdktf.json's output, else cdktf.out]" },
    force: { type: 'boolean', description: 'Allow a token dir inside a git work tree or cdktf.out' },
    ...Object.fromEntries(Object.entries(STORE_OPTIONS).filter(([name]) => name !== 'force' && name !== 'token-dir')),
    to: { type: 'string', valueName: 'file|github|gitlab', description: 'Where service-account tenants\' rotated tokens go (VCD_SA_TOKEN_<ENV>_<TENANT>), confirmed before the deploy\'s file' },
    'store-dir': { type: 'string', valueName: 'dir', description: '--to file: the directory of the stored <env>-<tenant>.json [default: the token dir]' },
  },
  async run({ io, out, values }) {
    const configFile = resolvePath(io, stringOption(values, 'config') ?? path.join('stacks', 'environments.json'));
    const config = loadEnvironmentsConfig(configFile);
    // No prototype: an environment named "constructor" must not find Object's.
    const overrides: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const pair of (values['vcd-url'] as string[] | undefined) ?? []) {
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new CliUsageError(`--vcd-url expects <env>=<url> (got ${JSON.stringify(pair.slice(0, 40))}).`);
      const env = pair.slice(0, eq);
      // The same rule as the config's vcdUrl: what reaches the token files and the synthesized stacks is /api.
      overrides[env] = checkedVcdUrl(pair.slice(eq + 1), `--vcd-url ${/^[a-z][a-z0-9-]{0,31}$/.test(env) ? env : '<env>'}=…`);
    }
    // Both checked when the arguments were parsed.
    const timeout = numberOption(values, 'timeout');
    const concurrency = numberOption(values, 'concurrency');
    const insecure = booleanOption(values, 'insecure');
    if (insecure) out.warn('TLS certificate verification is disabled; an attacker on the network can steal tokens. Prefer --ca-file.');
    const ci = detectCi(io.env);
    const tokenDirOption = stringOption(values, 'token-dir');
    const tokenDir = tokenDirOption ? resolvePath(io, tokenDirOption) : defaultTokenDir(io.env, io.cwd);
    // Before any request: a token dir that cannot be written would otherwise cost a token per tenant, each then
    // revoked again.
    const probe = path.join(tokenDir, 'bootstrap');
    assertSafeSecretLocation(probe, { force: booleanOption(values, 'force') });
    assertWritableLocation(probe);
    const caFile = stringOption(values, 'ca-file') ?? (io.env.VCD_CA_FILE || undefined);
    const writeBack = writeBackStores(values, io, tokenDir, timeout);
    let result: BootstrapResult;
    try {
      result = await bootstrapEnvironments(config, {
        processEnv: io.env,
        tokenDir,
        environments: values.env as string[] | undefined,
        tenants: values.tenant as string[] | undefined,
        noCreate: booleanOption(values, 'no-create'),
        vcdUrlOverrides: overrides,
        ...(caFile ? { caFile: resolvePath(io, caFile) } : {}),
        insecure: insecure || undefined,
        insecureWarningShown: insecure,
        timeoutMs: timeout !== undefined ? Math.round(timeout * 1000) : undefined,
        concurrency,
        force: booleanOption(values, 'force'),
        settingNames: CLI_SETTING_NAMES,
        onNewSecret: ci.kind === 'github-actions' ? (token) => out.raw(addMaskCommand(token)) : undefined,
        onProgress: (e) => out.progress(`${e.env}/${e.tenant}: ${e.phase}${e.message ? ` (${out.safe(e.message.split('\n')[0])})` : ''}`),
        debugLog: booleanOption(values, 'debug') ? (line) => io.stderr.write(`debug: ${line}\n`) : undefined,
        ...(writeBack ? { writeBack: writeBack.open } : {}),
      });
    } catch (err) {
      // Some targets failed: report every target (the successes too), then the failures' error.
      if (!(err instanceof BootstrapError) || err.failures.length === 0) throw err;
      report(out, config, err.results, err.failures.map((f) => ({ env: f.env, tenant: f.tenant, code: f.code, exitCode: exitCodeFor(f.error), message: f.message })), null);
      io.stderr.write(`error [${err.code}]: ${err.message.split('\n').map((l) => neutralizeForDisplay(l)).join('\n  ')}\n`);
      return exitCodeFor(err);
    } finally {
      await writeBack?.close();
    }
    let synth: SynthSummary | null = null;
    if (booleanOption(values, 'synth')) {
      // Loaded only here: the synth tooling pulls in cdktf, which would slow every other command's start.
      const [{ runCdktfApp }, { stackAuthType }] = await Promise.all([import('../../synth/run-app'), import('../../synth/manifest')]);
      const cwd = io.cwd ?? process.cwd();
      out.progress(`synth: running the cdktf app of ${cwd}`);
      const outdir = stringOption(values, 'outdir');
      const run = await runCdktfApp({ cwd, env: io.env, environmentsFile: configFile, vcdUrlOverrides: overrides, ...(outdir !== undefined ? { outdir: resolvePath(io, outdir) } : {}) });
      synth = { app: run.app, outdir: run.outdir, stacks: run.stacks.map((s) => ({ name: s.name, dir: s.dir, authType: stackAuthType(s) ?? null })) };
    }
    report(out, config, result.results, [], synth, result);
    const unconfirmed = unconfirmedRevokes(result.results);
    if (unconfirmed.length > 0) {
      out.error(`${unconfirmed.length} revoke(s) of replaced or leftover tokens were not confirmed; those tokens may still be live (listed above).`);
      return EXIT_CODES.REVOKE_UNCONFIRMED;
    }
    return EXIT_CODES.OK;
  },
};

interface SynthSummary {
  readonly app: string;
  readonly outdir: string;
  readonly stacks: readonly { readonly name: string; readonly dir: string; readonly authType: string | null }[];
}

interface FailureRow {
  readonly env: string;
  readonly tenant: string;
  readonly code: string;
  readonly exitCode: number;
  readonly message: string;
}

/** Every target's outcome in config order, in text and JSON, whether the run succeeded or not. */
function report(out: CliOutput, config: EnvironmentsConfig, results: readonly BootstrapTargetResult[], failures: readonly FailureRow[], synth: SynthSummary | null, result?: BootstrapResult): void {
  const order = (env: string, tenant: string): number => {
    const e = config.environments.findIndex((x) => x.name === env);
    return e * 100_000 + config.environments[e].tenants.findIndex((t) => t.name === tenant);
  };
  const rows = results.map((r) => ({ ...r, tokenName: out.safe(r.tokenName), notes: r.notes.map((n) => out.safe(n)) }));
  const lines: { at: number; text: string[] }[] = [
    ...rows.map((r) => ({
      at: order(r.env, r.tenant),
      text: [
        `${r.env}/${r.tenant}: ${describeSource(r)} ${r.tokenName} (${r.tokenId ?? 'id unknown'}) → ${r.tokenFile}, env-file ${r.envFile}`,
        ...r.cleanup.map((c) => `  revoke ${out.safe(describeCleanup(c))}`),
        ...r.notes.map((n) => `  note: ${n}`),
      ],
    })),
    ...failures.map((f) => ({ at: order(f.env, f.tenant), text: [`${f.env}/${f.tenant}: FAILED (exit ${f.exitCode}, ${f.code}): ${out.safe(f.message.split('\n')[0])}`] })),
  ].sort((a, b) => a.at - b.at);
  out.result(
    {
      tokenDir: result?.tokenDir ?? (rows[0] ? path.dirname(rows[0].tokenFile) : null),
      mintedTokensFile: result?.mintedTokensFile ?? null,
      results: rows,
      failures: failures.map((f) => ({ ...f, message: f.message.split('\n').map((l) => out.safe(l)).join('\n') })),
      unconfirmedRevokes: unconfirmedRevokes(results),
      synth,
    },
    [
      ...lines.flatMap((l) => l.text),
      ...(synth ? [`Synthesized ${synth.stacks.length} stacks into ${synth.outdir}`, ...synth.stacks.map((s) => `  ${s.name} (auth_type=${s.authType ?? 'unknown'})`)] : []),
    ],
  );
}

/** --to: one store per target (opened once, when the target needs it), all closed after the run. */
function writeBackStores(values: ParsedArguments['values'], io: CliIo, tokenDir: string, timeout: number | undefined): { open: (t: StoreTarget) => SecretStore; close: () => Promise<void> } | undefined {
  const to = stringOption(values, 'to');
  if (to === undefined) {
    const strays = ['store-dir', ...Object.keys(STORE_OPTIONS).filter((f) => f !== 'force' && f !== 'token-dir')].filter((f) => values[f] !== undefined);
    if (strays.length > 0) throw new CliUsageError(`${strays.map((f) => `--${f}`).join(', ')} belong(s) to the write-back store: add --to file|github|gitlab.`);
    return undefined;
  }
  const storeDir = stringOption(values, 'store-dir');
  if (storeDir !== undefined && to !== 'file') throw new CliUsageError(`--store-dir does not apply to --to ${to}.`);
  const storeValues = { ...values, 'token-dir': to === 'file' ? (storeDir !== undefined ? resolvePath(io, storeDir) : tokenDir) : undefined, force: to === 'file' ? values.force : undefined };
  const debugLog = booleanOption(values, 'debug') ? (line: string) => io.stderr.write(`debug: ${line}\n`) : undefined;
  const factory = storeFactory(storeValues, io, debugLog, timeout !== undefined ? Math.round(timeout * 1000) : undefined);
  const opened = new Map<string, SecretStore>();
  return {
    open: (t) => {
      const key = `${t.env}\0${t.tenant}`;
      if (!opened.has(key)) opened.set(key, factory.open(t));
      return opened.get(key) as SecretStore;
    },
    close: async () => {
      await Promise.all([...opened.values()].map((s) => s.close?.().catch(() => undefined)));
    },
  };
}

function describeSource(r: BootstrapTargetResult): string {
  if (r.source === 'service-account') return `service account (token from ${r.variable ?? 'its token file'}, rotated):`;
  if (r.source === 'ci-secret') return `from ${r.variable ?? 'the CI secret'}:`;
  if (r.source === 'token-dir') return 'reused';
  return r.source;
}
