// `vcd-token bootstrap`: tokens for every environment × tenant of the environments config, before synth.
import * as path from 'node:path';
import { bootstrapEnvironments, defaultTokenDir } from '../../bootstrap';
import { loadEnvironmentsConfig } from '../../config';
import { addMaskCommand, detectCi } from '../../handoff';
import { booleanOption, COMMON_OPTIONS, stringOption } from '../arguments';
import type { CliCommand } from '../command';
import { resolvePath } from '../connection';
import { CliUsageError } from '../usage-error';

export const bootstrapCommand: CliCommand = {
  name: 'bootstrap',
  summary: 'Ensure a working API token per environment and tenant of the config (before synth/deploy)',
  usage: [
    'vcd-token bootstrap [--config stacks/environments.json] [--token-dir <dir>] [--env <name>]... [--synth] [--json]',
    '',
    'For each environment and tenant: reuse <token dir>/<env>-<tenant>.json if its exchange works (one request),',
    "else log in as the tenant's automationUser with VCD_PASSWORD_<ENV>_<TENANT> (or VCD_PASSWORD), create",
    'vcd-api-tokens-<env>-<tenant> (VCD shows it with a per-attempt suffix ~<8 hex>), write the token file and',
    '<env>-<tenant>.env (VCD_API_TOKEN=, TF_VAR_vcd_api_token=) for cdktf deploy, then revoke the token it',
    "replaces and leftovers of that name. When VCD refuses the create, names what lacks 'API Tokens: Manage'",
    '(role or published bundle).',
    'Token dir: --token-dir, VCD_TOKEN_DIR, $RUNNER_TEMP/vcd-api-tokens on GitHub Actions, else',
    '${XDG_STATE_HOME:-~/.local/state}/vcd-api-tokens.',
  ],
  options: {
    ...COMMON_OPTIONS,
    config: { type: 'string', valueName: 'path', description: 'Environments config [default: stacks/environments.json]' },
    'token-dir': { type: 'string', valueName: 'dir', description: 'Token directory (env VCD_TOKEN_DIR)' },
    env: { type: 'string', multiple: true, valueName: 'name', description: 'Only this environment (repeatable)' },
    'vcd-url': { type: 'string', multiple: true, valueName: 'env=url', description: 'Override an environment\'s VCD URL (repeatable)' },
    'ca-file': { type: 'string', valueName: 'path', description: 'PEM CA bundle to trust (env VCD_CA_FILE)' },
    insecure: { type: 'boolean', description: 'Do not verify TLS certificates (env VCD_ALLOW_UNVERIFIED_SSL); prints a warning' },
    timeout: { type: 'string', valueName: 'seconds', description: 'Per-request timeout in seconds (env VCD_TIMEOUT) [default: 30]' },
    concurrency: { type: 'string', valueName: 'n', description: 'Targets worked on at once [default: 8]' },
    synth: { type: 'boolean', description: 'Synthesize the stacks afterwards (with the --vcd-url overrides)' },
    outdir: { type: 'string', valueName: 'dir', description: 'Synth output directory [default: cdktf.out]' },
    force: { type: 'boolean', description: 'Allow a token dir inside a git work tree or cdktf.out' },
  },
  async run({ io, out, values }) {
    const config = loadEnvironmentsConfig(resolvePath(io, stringOption(values, 'config') ?? path.join('stacks', 'environments.json')));
    const overrides: Record<string, string> = {};
    for (const pair of (values['vcd-url'] as string[] | undefined) ?? []) {
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new CliUsageError(`--vcd-url expects <env>=<url> (got ${JSON.stringify(pair.slice(0, 40))}).`);
      overrides[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
    const timeout = stringOption(values, 'timeout') ?? (io.env.VCD_TIMEOUT || undefined);
    const concurrency = stringOption(values, 'concurrency');
    if (concurrency !== undefined && !(Number(concurrency) >= 1)) throw new CliUsageError('--concurrency must be a positive integer.');
    const insecure = booleanOption(values, 'insecure') || /^(1|true|yes)$/i.test(io.env.VCD_ALLOW_UNVERIFIED_SSL ?? '');
    if (insecure) out.warn('TLS certificate verification is disabled; an attacker on the network can steal tokens. Prefer --ca-file.');
    const ci = detectCi(io.env);
    const tokenDirOption = stringOption(values, 'token-dir');
    const caFile = stringOption(values, 'ca-file') ?? (io.env.VCD_CA_FILE || undefined);
    // CDKTF_OUTDIR from the command's environment (synth itself would read the process's).
    const outdir = stringOption(values, 'outdir') ?? (io.env.CDKTF_OUTDIR || undefined);
    const result = await bootstrapEnvironments(config, {
      processEnv: io.env,
      tokenDir: tokenDirOption ? resolvePath(io, tokenDirOption) : defaultTokenDir(io.env, io.cwd),
      environments: values.env as string[] | undefined,
      vcdUrlOverrides: overrides,
      ...(caFile ? { caFile: resolvePath(io, caFile) } : {}),
      insecure: insecure || undefined,
      insecureWarningShown: insecure,
      timeoutMs: timeout !== undefined ? Number(timeout) * 1000 : undefined,
      concurrency: concurrency !== undefined ? Number(concurrency) : undefined,
      force: booleanOption(values, 'force'),
      synth: booleanOption(values, 'synth') ? { outdir: outdir === undefined ? undefined : resolvePath(io, outdir) } : false,
      onNewSecret: ci.kind === 'github-actions' ? (token) => out.raw(addMaskCommand(token)) : undefined,
      onProgress: (e) => out.progress(`${e.env}/${e.tenant}: ${e.phase}${e.message ? ` (${out.safe(e.message.split('\n')[0])})` : ''}`),
      debugLog: booleanOption(values, 'debug') ? (line) => io.stderr.write(`debug: ${line}\n`) : undefined,
    });
    const rows = result.results.map((r) => ({ ...r, tokenName: out.safe(r.tokenName) }));
    out.result(
      { tokenDir: result.tokenDir, results: rows, synth: result.synth ?? null },
      [
        ...rows.map((r) => `${r.env}/${r.tenant}: ${r.reused ? 'reused' : 'created'} ${r.tokenName} (${r.tokenId ?? 'id unknown'}) → ${r.tokenFile}, env-file ${r.envFile}`),
        ...(result.synth ? [`Synthesized ${result.synth.stacks.length} stacks into ${result.synth.outdir}`, ...result.synth.stacks.map((s) => `  ${s.name} (auth_type=${s.authType})`)] : []),
      ],
    );
    return 0;
  },
};
