// Bootstrap before synth: make sure every environment × tenant of the config has a working API token for its
// automation user, in a private token dir, with an env-file for `cdktf deploy`. Synth is the caller's next step
// (`vcd-token bootstrap --synth`, the main job), not this module's. Reuses stored tokens whose
// exchange still works; otherwise creates one (with a role/bundle rights diagnosis when VCD refuses). Runs targets
// concurrently (bounded) with one client per environment, so fifty environments cost little more than one.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EnvironmentConfig, EnvironmentsConfig, TenantConfig } from '../config';
import { acquireRotationLock, ensurePrivateDirectory, readTokenFile, saveRotatedToken, tokenEnvEntries, writeEnvFile, writeTokenFile, assertSafeSecretLocation } from '../handoff';
import { isVcdApiTokensError } from '../errors/vcd-api-tokens-error';
import { BootstrapError, BootstrapFailure } from './bootstrap-error';
import { openTokenApi, TokenApiSettings } from './client-factory';
import { passwordFromEnvironment, PasswordProvider, passwordVariableName } from './password-source';
import { preflightTokenRights, RIGHTS_ERROR_CODES } from './preflight';
import { defaultTokenDir } from './token-dir';
import type { TokenApi } from './token-api';
import { abandonNewToken } from './abandoned-token';

export interface BootstrapOptions {
  /** Directory for `<env>-<tenant>.json` and `.env`. @default $VCD_TOKEN_DIR, else the XDG state dir (see defaultTokenDir) */
  readonly tokenDir?: string;
  /** Environment variables for passwords and defaults. @default process.env */
  readonly processEnv?: NodeJS.ProcessEnv;
  /** Password source tried before the environment variables. @default - environment variables only */
  readonly password?: PasswordProvider;
  /** Only these environments. @default all */
  readonly environments?: readonly string[];
  /** VCD URL per environment name, replacing the config's vcdUrl (emulators, tunnels). @default none */
  readonly vcdUrlOverrides?: Readonly<Record<string, string>>;
  /** TLS and timeout settings for every client (per environment: `caPerEnvironment`). */
  readonly caFile?: string;
  readonly ca?: string;
  /** CA PEM per environment name (one emulator per environment). @default none */
  readonly caPerEnvironment?: Readonly<Record<string, string>>;
  readonly insecure?: boolean;
  /** The caller already warned that `insecure` turns TLS verification off (no second warning). @default false */
  readonly insecureWarningShown?: boolean;
  readonly timeoutMs?: number;
  /** Maximum targets worked on at once. @default 8 */
  readonly concurrency?: number;
  /** Allow a token dir inside a git work tree or cdktf.out. @default false */
  readonly force?: boolean;
  /** Progress events (start/reused/created/failed per target). */
  readonly onProgress?: (event: BootstrapProgressEvent) => void;
  /** Called with every newly minted token before it is written anywhere (CI masking). */
  readonly onNewSecret?: (apiToken: string) => void;
  /** Redacted request log lines (--debug). */
  readonly debugLog?: (line: string) => void;
  /** What error messages call the CA, insecure and timeout settings (the CLI's flags and variables). @default the client's option names */
  readonly settingNames?: TokenApiSettings['settingNames'];
  /** Builds the client per environment (tests, benchmarks). @default openTokenApi */
  readonly clientFactory?: (settings: TokenApiSettings) => TokenApi;
}

export interface BootstrapProgressEvent {
  readonly env: string;
  readonly tenant: string;
  readonly phase: 'start' | 'reused' | 'created' | 'failed';
  readonly message?: string;
}

/** One environment × tenant. No secrets. */
export interface BootstrapTargetResult {
  readonly env: string;
  readonly tenant: string;
  readonly tokenId?: string;
  readonly tokenName: string;
  readonly tokenFile: string;
  readonly envFile: string;
  readonly reused: boolean;
  readonly created: boolean;
}

export interface BootstrapResult {
  readonly tokenDir: string;
  readonly results: readonly BootstrapTargetResult[];
}

export function tokenNameFor(env: string, tenant: string): string {
  return `vcd-api-tokens-${env}-${tenant}`;
}

interface Target {
  readonly environment: EnvironmentConfig;
  readonly tenant: TenantConfig;
  readonly client: TokenApi;
  readonly url: string;
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

// Every file a target writes sits directly in the token dir, whose location bootstrapEnvironments checks first:
// the writes skip the per-file check (a walk up the directory tree per file and environment).
const IN_CHECKED_TOKEN_DIR = { force: true } as const;

const errorCode = (err: unknown): BootstrapFailure['code'] => (isVcdApiTokensError(err) ? err.code : 'UNEXPECTED');

export async function bootstrapEnvironments(config: EnvironmentsConfig, options: BootstrapOptions = {}): Promise<BootstrapResult> {
  assertKnownEnvironments(config, options.environments ?? [], 'environments (--env)');
  assertKnownEnvironments(config, Object.keys(options.vcdUrlOverrides ?? {}), 'vcdUrlOverrides (--vcd-url)');
  assertKnownEnvironments(config, Object.keys(options.caPerEnvironment ?? {}), 'caPerEnvironment');
  const processEnv = options.processEnv ?? process.env;
  const tokenDir = path.resolve(options.tokenDir ?? defaultTokenDir(processEnv));
  assertSafeSecretLocation(path.join(tokenDir, 'x'), { force: options.force });
  ensurePrivateDirectory(tokenDir);
  const envPassword = passwordFromEnvironment(processEnv);
  const factory = options.clientFactory ?? openTokenApi;

  const selected = config.environments.filter((e) => !options.environments || options.environments.includes(e.name));
  const clients: TokenApi[] = [];
  const targets: Target[] = [];
  const concurrency = options.concurrency ?? 8;
  for (const environment of selected) {
    const url = options.vcdUrlOverrides?.[environment.name] ?? environment.vcdUrl;
    const client = factory({
      url,
      caFile: options.caFile,
      ca: options.caPerEnvironment?.[environment.name] ?? options.ca,
      insecure: options.insecure ?? environment.allowUnverifiedSsl,
      // One connection per tenant that can be in flight at once (each tenant's requests are sequential).
      maxConnections: Math.max(1, Math.min(environment.tenants.length, Math.floor(concurrency))),
      ...(options.insecure && options.insecureWarningShown ? { insecureWarningShown: true } : {}),
      timeoutMs: options.timeoutMs,
      debugLog: options.debugLog,
      env: processEnv,
      ...(options.settingNames !== undefined ? { settingNames: options.settingNames } : {}),
    });
    clients.push(client);
    for (const tenant of environment.tenants) targets.push({ environment, tenant, client, url });
  }

  const failures: BootstrapFailure[] = [];
  let results: (BootstrapTargetResult | undefined)[];
  try {
    results = await mapBounded(targets, concurrency, async (target) => {
      const env = target.environment.name;
      const tenant = target.tenant.name;
      options.onProgress?.({ env, tenant, phase: 'start' });
      try {
        // Same lock as `vcd-token rotate`: a second bootstrap on this host waits and then reuses our token.
        const lock = await acquireRotationLock(path.join(tokenDir, `${env}-${tenant}.json`));
        let result: BootstrapTargetResult;
        try {
          result = await bootstrapTarget(target, tokenDir, options, envPassword);
        } finally {
          lock.release();
        }
        options.onProgress?.({ env, tenant, phase: result.reused ? 'reused' : 'created' });
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
  }
  if (failures.length > 0) {
    // Report in config order, not in the order the concurrent targets happened to fail.
    const order = (f: BootstrapFailure) => targets.findIndex((t) => t.environment.name === f.env && t.tenant.name === f.tenant);
    failures.sort((a, b) => order(a) - order(b));
    const first = failures[0];
    const code = failures.every((f) => f.code === first.code) && (first.code === 'BOOTSTRAP_MISSING_CREDENTIALS' || first.code === 'BOOTSTRAP_MISSING_RIGHT') ? first.code : 'BOOTSTRAP_FAILED';
    const summary = failures.map((f) => `${f.env}/${f.tenant}: ${f.message}`).join('\n');
    throw new BootstrapError(code, `Bootstrap failed for ${failures.length} of ${targets.length} environment/tenant pair(s):\n${summary}`, failures);
  }
  return { tokenDir, results: results.filter((r): r is BootstrapTargetResult => r !== undefined) };
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

async function bootstrapTarget(target: Target, tokenDir: string, options: BootstrapOptions, envPassword: PasswordProvider): Promise<BootstrapTargetResult> {
  const env = target.environment.name;
  const tenant = target.tenant.name;
  const user = target.tenant.automationUser;
  const { client } = target;
  const tokenName = tokenNameFor(env, tenant);
  const tokenFile = path.join(tokenDir, `${env}-${tenant}.json`);
  const envFile = path.join(tokenDir, `${env}-${tenant}.env`);

  let previousTokenId: string | undefined;
  if (fs.existsSync(tokenFile)) {
    const stored = readTokenFile(tokenFile);
    previousTokenId = stored.tokenId;
    try {
      // Reuse costs one request: a successful exchange is VCD's word that the token is valid (a GET /api/org
      // would only add a round trip and the version negotiation).
      const bearer = await client.exchangeApiToken({ org: tenant, apiToken: stored.apiToken });
      let current: string = stored.apiToken;
      if (bearer.rotatedApiToken) {
        // A rotating token (service account): persist the new one before anything else, or it is lost.
        current = bearer.rotatedApiToken.reveal();
        options.onNewSecret?.(current);
        await saveRotatedToken(tokenFile, { apiToken: current, tokenId: stored.tokenId, tokenName: stored.tokenName, org: stored.org ?? tenant, vcdUrl: stored.vcdUrl ?? target.url }, IN_CHECKED_TOKEN_DIR);
      }
      await writeEnvFile(envFile, tokenEnvEntries(current), IN_CHECKED_TOKEN_DIR);
      return { env, tenant, tokenId: stored.tokenId, tokenName: stored.tokenName ?? tokenName, tokenFile, envFile, reused: true, created: false };
    } catch (err) {
      // Only a dead token is replaced; anything else (network, 5xx) must not cost a new token.
      if (errorCode(err) !== 'VCD_INVALID_GRANT') throw err;
    }
  }

  const password = (await options.password?.({ env, tenant, user })) ?? (await envPassword({ env, tenant, user }));
  if (password === undefined) {
    throw new BootstrapError(
      'BOOTSTRAP_MISSING_CREDENTIALS',
      `No stored working token and no password for user '${user}' in ${env}/${tenant}: set ${passwordVariableName(env, tenant)} (or VCD_PASSWORD) to create one.`,
    );
  }
  const session = await client.loginWithPassword({ org: tenant, user, password });
  try {
    // No preflight on the happy path (it costs five requests): VCD refuses the register cleanly when a right
    // is missing, and only then is the role/bundle diagnosis worth its requests.
    const created = await client.createApiToken(session, { name: tokenName }).catch(async (err: unknown) => {
      if (!RIGHTS_ERROR_CODES.has(errorCode(err))) throw err;
      const preflight = await preflightTokenRights(client, session, { env, tenant, user }).catch(() => undefined);
      if (!preflight || preflight.ok) throw err;
      throw new BootstrapError('BOOTSTRAP_MISSING_RIGHT', `'${user}' cannot create API tokens in ${env}/${tenant}:\n  - ${preflight.problems.join('\n  - ')}`);
    });
    options.onNewSecret?.(created.apiToken.reveal());
    // Not verified with an exchange: the grant that returned it is VCD's word that it is valid, and nothing
    // working is replaced (the stored token, if any, is already refused).
    try {
      await writeTokenFile(tokenFile, { apiToken: created.apiToken, tokenId: created.id, tokenName: created.name, org: created.org, vcdUrl: target.url }, IN_CHECKED_TOKEN_DIR);
      await writeEnvFile(envFile, tokenEnvEntries(created.apiToken), IN_CHECKED_TOKEN_DIR);
    } catch (err) {
      // Not (fully) handed over: revoke it, drop a token file written with it, and name it in the error.
      throw await abandonNewToken(client, session, created.id, err, { tokenFile });
    }
    // The name is this bootstrap's own (one per environment and tenant), so every other token created under it
    // is the replaced one or a leftover of a crashed run. Listed after the handover, off the path to the file;
    // concurrent bootstraps of one file are serialised by its lock, across hosts by the CI's concurrency group.
    const stale = new Set<string>(previousTokenId ? [previousTokenId] : []);
    const leftovers = await client.listTokens(session, { createdAs: tokenName, owner: created.owner }).catch(() => []);
    for (const t of leftovers) stale.add(t.id);
    stale.delete(created.id);
    for (const id of stale) await client.revokeToken(session, id).catch(() => undefined);
    return { env, tenant, tokenId: created.id, tokenName: created.name, tokenFile, envFile, reused: false, created: true };
  } finally {
    await client.logout(session).catch(() => undefined);
  }
}
