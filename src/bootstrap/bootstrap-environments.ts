// Bootstrap before synth: make sure every environment × tenant of the config (or the ones asked for) has a
// working API token for its automation user, in a private token dir, with an env-file for `cdktf deploy`. Synth
// is the caller's next step (`vcd-token bootstrap --synth`, the main job), not this module's. Each target's token
// comes from the first token source that has one (see token-source.ts): the CI-held token, the token dir's file
// from an earlier run, or a token minted with the automation user's password. Targets run concurrently (bounded)
// with one client per environment, so fifty environments cost little more than one; one failing target does not
// stop the others, and the error then lists the failures and carries the successes.
//
// Invariant: every token a bootstrap mints or replaces ends held in the token file it reports, revoked, or listed
// as an unconfirmed revoke in `BootstrapTargetResult.cleanup` (the CLI exits 7 for those); never silently live.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EnvironmentsConfig } from '../config';
import { acquireRotationLock } from '../handoff';
import { assertSafeSecretLocation, ensurePrivateDirectory } from '../handoff/file-location';
import { isVcdApiTokensError } from '../errors/vcd-api-tokens-error';
import type { SecretStore } from '../stores/secret-store';
import { BootstrapError, BootstrapFailure } from './bootstrap-error';
import { tokenNameFor, type BootstrapTarget, type BootstrapTargetResult, type CleanupOutcome } from './bootstrap-target';
import { ciHeldTokenSource, enrollCommandFor } from './ci-held-token';
import { openTokenApi, TokenApiSettings } from './client-factory';
import { MintedTokens } from './minted-tokens';
import { mintedTokenSource } from './minted-token';
import { passwordFromEnvironment, PasswordProvider } from './password-source';
import { serviceAccountTokenSource } from './service-account-token';
import { storedTokenSource } from './stored-token';
import { apiTokenFileVariableName, apiTokenVariableName, passwordVariableName } from './target-variables';
import { defaultTokenDir } from './token-dir';
import type { TokenApi } from './token-api';
import type { TokenSource, TokenSourceContext } from './token-source';

export interface BootstrapOptions {
  /** Directory for `<env>-<tenant>.json` and `.env`. @default $VCD_TOKEN_DIR, else the XDG state dir (see defaultTokenDir) */
  readonly tokenDir?: string;
  /** Environment variables: CI-held tokens, passwords, VCD_TOKEN_NO_CREATE. @default process.env */
  readonly processEnv?: NodeJS.ProcessEnv;
  /** Password source tried before the environment variables. @default - environment variables only */
  readonly password?: PasswordProvider;
  /** Only these environments. @default all */
  readonly environments?: readonly string[];
  /** Only these tenants (of the selected environments). @default all */
  readonly tenants?: readonly string[];
  /**
   * Never mint a token, even when a password is available: only CI-held tokens and the token dir's files are used.
   * The mode pipelines run in. @default true when processEnv.VCD_TOKEN_NO_CREATE is 1/true/yes, else false
   */
  readonly noCreate?: boolean;
  /**
   * Where a token that VCD rotated on use is written back and confirmed before the deploy's token file is written
   * (service-account tenants; CI-held tokens that rotate): one store, or one per target (a GitHub environment or
   * GitLab scope per tenant). @default - none: a service-account token must then come from a file, which is rewritten
   */
  readonly writeBack?: SecretStore | ((target: { readonly env: string; readonly tenant: string }) => SecretStore | undefined);
  /** Token sources tried in order per target. @default defaultTokenSources() */
  readonly tokenSources?: readonly TokenSource[];
  /** VCD URL per environment name, replacing the config's vcdUrl (emulators, tunnels). @default none */
  readonly vcdUrlOverrides?: Readonly<Record<string, string>>;
  /** PEM CA bundle file to trust. @default - system roots */
  readonly caFile?: string;
  /** PEM CA certificate(s) to trust. @default - system roots */
  readonly ca?: string;
  /** CA PEM per environment name (one emulator per environment). @default none */
  readonly caPerEnvironment?: Readonly<Record<string, string>>;
  /** Skip TLS verification. @default the environment's allowUnverifiedSsl */
  readonly insecure?: boolean;
  /** The caller already warned that `insecure` turns TLS verification off (no second warning). @default false */
  readonly insecureWarningShown?: boolean;
  /** Per-request timeout in ms. @default the client's */
  readonly timeoutMs?: number;
  /** Maximum targets worked on at once. @default 8 */
  readonly concurrency?: number;
  /** Allow a token dir inside a git work tree or cdktf.out. @default false */
  readonly force?: boolean;
  /** Progress events (start/reused/created/failed per target). @default - none */
  readonly onProgress?: (event: BootstrapProgressEvent) => void;
  /** Called with every token value before it is written anywhere (CI masking): minted, rotated and CI-held ones. @default - none */
  readonly onNewSecret?: (apiToken: string) => void;
  /** Redacted request log lines (--debug). @default - none */
  readonly debugLog?: (line: string) => void;
  /** What error messages call the CA, insecure and timeout settings (the CLI's flags and variables). @default the client's option names */
  readonly settingNames?: TokenApiSettings['settingNames'];
  /** Builds the client per environment (tests, benchmarks). @default openTokenApi */
  readonly clientFactory?: (settings: TokenApiSettings) => TokenApi;
}

export interface BootstrapProgressEvent {
  readonly env: string;
  readonly tenant: string;
  readonly phase: 'start' | 'reused' | 'created' | 'ci-secret' | 'failed' | (string & {});
  readonly message?: string;
}

export interface BootstrapResult {
  readonly tokenDir: string;
  readonly results: readonly BootstrapTargetResult[];
  /** The token dir's list of token files holding tokens bootstrap minted (what a cleanup step revokes). */
  readonly mintedTokensFile: string;
}

/**
 * The default token sources, in order: a service account's rotating token (only for tenants whose identity is a
 * service account, and then the only source), the CI-held token, the token dir's file, minting with a password.
 */
export function defaultTokenSources(): readonly TokenSource[] {
  return [serviceAccountTokenSource, ciHeldTokenSource, storedTokenSource, mintedTokenSource];
}

/** Every revoke of a run that VCD did not confirm, with its target (exit 7 for the CLI). */
export function unconfirmedRevokes(results: readonly BootstrapTargetResult[]): (CleanupOutcome & { readonly env: string; readonly tenant: string })[] {
  return results.flatMap((r) => r.cleanup.filter((c) => c.status === 'unconfirmed').map((c) => ({ ...c, env: r.env, tenant: r.tenant })));
}

/** Runs `worker` over `items` with at most `limit` in flight; results keep the input order. */
async function mapBounded<T, R>(items: readonly T[], limit: number, worker: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await worker(items[index]);
    }
  });
  await Promise.all(lanes);
  return results;
}

const errorCode = (err: unknown): BootstrapFailure['code'] => (isVcdApiTokensError(err) ? err.code : 'UNEXPECTED');
/** VCD_TOKEN_NO_CREATE fails closed: set to anything but a false word (0, f, false, n, no, off), it forbids minting. */
const noCreateSet = (v: string | undefined) => v !== undefined && v.trim() !== '' && !/^(0|f|false|n|no|off)$/i.test(v.trim());

interface PlannedTarget extends BootstrapTarget {
  readonly client: TokenApi;
}

export async function bootstrapEnvironments(config: EnvironmentsConfig, options: BootstrapOptions = {}): Promise<BootstrapResult> {
  assertKnownEnvironments(config, options.environments ?? [], 'environments (--env)');
  assertKnownEnvironments(config, Object.keys(options.vcdUrlOverrides ?? {}), 'vcdUrlOverrides (--vcd-url)');
  assertKnownEnvironments(config, Object.keys(options.caPerEnvironment ?? {}), 'caPerEnvironment');
  const selected = config.environments.filter((e) => !options.environments || options.environments.includes(e.name));
  assertKnownTenants(config, selected, options.tenants ?? []);
  const processEnv = options.processEnv ?? process.env;
  const tokenDir = path.resolve(options.tokenDir ?? defaultTokenDir(processEnv));
  assertSafeSecretLocation(path.join(tokenDir, 'x'), { force: options.force });
  // A run that fails before writing anything (no credentials, a revoked CI token) leaves no empty token dir.
  const tokenDirIsNew = !fs.existsSync(tokenDir);
  ensurePrivateDirectory(tokenDir);
  const envPassword = passwordFromEnvironment(processEnv);
  const factory = options.clientFactory ?? openTokenApi;
  const noCreate = options.noCreate ?? noCreateSet(processEnv.VCD_TOKEN_NO_CREATE);
  const sources = options.tokenSources ?? defaultTokenSources();
  const minted = new MintedTokens(tokenDir);
  const maskSecret = (value: string): void => options.onNewSecret?.(value);
  const password: PasswordProvider = async (request) => (await options.password?.(request)) ?? (await envPassword(request));

  const clients: TokenApi[] = [];
  const targets: PlannedTarget[] = [];
  const concurrency = options.concurrency ?? 8;
  for (const environment of selected) {
    const tenants = environment.tenants.filter((t) => !options.tenants || options.tenants.includes(t.name));
    if (tenants.length === 0) continue;
    const url = options.vcdUrlOverrides?.[environment.name] ?? environment.vcdUrl;
    const client = factory({
      url,
      caFile: options.caFile,
      ca: options.caPerEnvironment?.[environment.name] ?? options.ca,
      insecure: options.insecure ?? environment.allowUnverifiedSsl,
      // One connection per tenant that can be in flight at once (each tenant's requests are sequential).
      maxConnections: Math.max(1, Math.min(tenants.length, Math.floor(concurrency))),
      ...(options.insecure && options.insecureWarningShown ? { insecureWarningShown: true } : {}),
      timeoutMs: options.timeoutMs,
      debugLog: options.debugLog,
      env: processEnv,
      ...(options.settingNames !== undefined ? { settingNames: options.settingNames } : {}),
    });
    clients.push(client);
    for (const tenant of tenants) {
      const base = path.join(tokenDir, `${environment.name}-${tenant.name}`);
      targets.push({ environment, tenant, env: environment.name, org: tenant.name, url, tokenName: tokenNameFor(environment.name, tenant.name), tokenFile: `${base}.json`, envFile: `${base}.env`, client });
    }
  }

  const failures: BootstrapFailure[] = [];
  let results: (BootstrapTargetResult | undefined)[];
  try {
    results = await mapBounded(targets, concurrency, async (target) => {
      const { env, org: tenant } = target;
      options.onProgress?.({ env, tenant, phase: 'start' });
      try {
        // Same lock as `vcd-token rotate`: a second bootstrap on this host waits and then reuses our token.
        const lock = await acquireRotationLock(target.tokenFile);
        let result: BootstrapTargetResult;
        try {
          const writeBack = typeof options.writeBack === 'function' ? options.writeBack({ env, tenant }) : options.writeBack;
          const context: TokenSourceContext = { client: target.client, processEnv, password, noCreate, maskSecret, minted, ...(writeBack ? { writeBack } : {}) };
          result = await obtainToken(target, sources, context);
        } finally {
          lock.release();
        }
        options.onProgress?.({ env, tenant, phase: result.source === 'token-dir' ? 'reused' : result.source });
        return result;
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        failures.push({ env, tenant, code: errorCode(err), message, error: err });
        options.onProgress?.({ env, tenant, phase: 'failed', message });
        return undefined;
      }
    });
  } finally {
    await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
    if (tokenDirIsNew) removeIfEmpty(tokenDir);
  }
  const succeeded = results.filter((r): r is BootstrapTargetResult => r !== undefined);
  if (failures.length > 0) {
    // Report in config order, not in the order the concurrent targets happened to fail.
    const order = (f: BootstrapFailure) => targets.findIndex((t) => t.env === f.env && t.org === f.tenant);
    failures.sort((a, b) => order(a) - order(b));
    const first = failures[0];
    const code = failures.every((f) => f.code === first.code) && (first.code === 'BOOTSTRAP_MISSING_CREDENTIALS' || first.code === 'BOOTSTRAP_MISSING_RIGHT') ? first.code : 'BOOTSTRAP_FAILED';
    const summary = failures.map((f) => `${f.env}/${f.tenant}: ${f.message}`).join('\n');
    throw new BootstrapError(code, `Bootstrap failed for ${failures.length} of ${targets.length} environment/tenant pair(s):\n${summary}`, failures, succeeded);
  }
  return { tokenDir, results: succeeded, mintedTokensFile: minted.file };
}

async function obtainToken(target: BootstrapTarget, sources: readonly TokenSource[], context: TokenSourceContext): Promise<BootstrapTargetResult> {
  for (const source of sources) {
    const result = await source.obtain(target, context);
    if (result) return result;
  }
  throw missingCredentials(target, context.noCreate);
}

function missingCredentials(target: BootstrapTarget, noCreate: boolean): BootstrapError {
  const { env, org } = target;
  const held = `${apiTokenVariableName(env, org)} (or ${apiTokenFileVariableName(env, org)})`;
  const mint = noCreate
    ? 'Minting a token is off (--no-create / VCD_TOKEN_NO_CREATE=1).'
    : `Or set ${passwordVariableName(env, org)} (or VCD_PASSWORD), the password of '${target.tenant.automationUser}', to create one.`;
  return new BootstrapError(
    'BOOTSTRAP_MISSING_CREDENTIALS',
    `No working token for ${env}/${org}: set ${held} to the tenant's API token (enroll it once: ${enrollCommandFor(env, org)}). ${mint}`,
  );
}

/** Names of environments the caller asked for must exist: a typo would otherwise skip (or never override) one. */
function assertKnownEnvironments(config: EnvironmentsConfig, names: readonly string[], option: string): void {
  const unknown = names.filter((n) => !config.environments.some((e) => e.name === n));
  if (unknown.length === 0) return;
  throw new BootstrapError(
    'BOOTSTRAP_UNKNOWN_ENVIRONMENT',
    `${option} names environment(s) ${unknown.map((n) => JSON.stringify(n)).join(', ')}, which ${config.sourceFile} does not define; it defines ${config.environments.map((e) => e.name).join(', ')}.`,
  );
}

/** Tenants asked for must exist in a selected environment: a typo would otherwise bootstrap nothing and succeed. */
function assertKnownTenants(config: EnvironmentsConfig, selected: EnvironmentsConfig['environments'], names: readonly string[]): void {
  const known = new Set(selected.flatMap((e) => e.tenants.map((t) => t.name)));
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length === 0) return;
  throw new BootstrapError(
    'BOOTSTRAP_UNKNOWN_TENANT',
    `--tenant names ${unknown.map((n) => JSON.stringify(n)).join(', ')}, which no selected environment of ${config.sourceFile} has; its tenants are ${[...known].join(', ') || 'none'}.`,
  );
}

/** Removes `dir` when nothing is in it (a concurrent run's lock or file keeps it). */
function removeIfEmpty(dir: string): void {
  try {
    fs.rmdirSync(dir);
  } catch {
    // not empty, or already gone
  }
}
