// What `enroll` and `rotate --env … --to …` share: the tenants of one environment of the config, a token per
// tenant (new, with the automation user's password; or given on stdin), written to a SecretStore and confirmed
// there before the replaced token is revoked. Every tenant is reported, also when another fails; the exit code is
// the first failure's, else 7 when a revoke of a replaced token was not confirmed.
import * as path from 'node:path';
import { apiTokenVariableName, BootstrapError, enrollToken, passwordVariableName, type EnrollTokenResult } from '../bootstrap';
import { loadEnvironmentsConfig, type EnvironmentConfig } from '../config';
import { describeCleanup } from '../bootstrap/replaced-tokens';
import { addMaskCommand, detectCi } from '../handoff';
import { neutralizeForDisplay } from '../handoff/neutralize';
import { readSecretFromStream } from '../handoff/secret-input';
import { booleanOption, INSECURE_OPTION, type OptionSpecs, stringOption, TIMEOUT_OPTION } from './arguments';
import type { CommandContext } from './command';
import { resolveConnection, resolvePath } from './connection';
import { EXIT_CODES, exitCodeFor } from './exit-codes';
import { closeQuietly, openClient } from './session';
import { storeFactory } from './store-options';
import { CliUsageError } from './usage-error';

export const TARGET_OPTIONS: OptionSpecs = {
  config: { type: 'string', valueName: 'path', description: 'Environments config [default: stacks/environments.json]' },
  env: { type: 'string', valueName: 'name', description: 'The environment of the config (required)' },
  tenant: { type: 'string', multiple: true, valueName: 'name', description: 'Only this tenant (repeatable) [default: every tenant of the environment]' },
  url: { type: 'string', valueName: 'url', description: "VCD URL instead of the environment's vcdUrl" },
  'ca-file': { type: 'string', valueName: 'path', description: 'PEM CA bundle to trust (env VCD_CA_FILE)' },
  insecure: INSECURE_OPTION,
  timeout: TIMEOUT_OPTION,
  'password-stdin': { type: 'boolean', description: 'Read the automation user\'s password from stdin (one tenant; else VCD_PASSWORD_<ENV>_<TENANT> or VCD_PASSWORD)' },
};

interface Failure {
  readonly env: string;
  readonly tenant: string;
  readonly code: string;
  readonly exitCode: number;
  readonly message: string;
}

export async function runStoreEnrollment({ io, out, values }: CommandContext, command: 'enroll' | 'rotate'): Promise<number> {
  const configFile = resolvePath(io, stringOption(values, 'config') ?? path.join('stacks', 'environments.json'));
  const envName = stringOption(values, 'env');
  if (!envName) throw new CliUsageError(`Missing --env <name>: the environment of ${configFile} whose tenants to ${command}.`);
  const config = loadEnvironmentsConfig(configFile);
  const environment = config.environments.find((e) => e.name === envName);
  if (!environment) {
    throw new BootstrapError('BOOTSTRAP_UNKNOWN_ENVIRONMENT', `--env ${JSON.stringify(envName)} is not an environment of ${config.sourceFile}; it defines ${config.environments.map((e) => e.name).join(', ')}.`);
  }
  const tenants = selectTenants(environment, (values.tenant as string[] | undefined) ?? [], config.sourceFile);
  const tokenStdin = booleanOption(values, 'token-stdin');
  const passwordStdin = booleanOption(values, 'password-stdin');
  if (tokenStdin && passwordStdin) throw new CliUsageError('--token-stdin and --password-stdin cannot both read stdin.');
  if ((tokenStdin || passwordStdin) && tenants.length !== 1) {
    throw new CliUsageError(`${tokenStdin ? '--token-stdin' : '--password-stdin'} reads one secret, for one tenant: add --tenant <name> (${envName} has ${tenants.map((t) => t.name).join(', ')}).`);
  }
  const debugLog = booleanOption(values, 'debug') ? (line: string) => io.stderr.write(`debug: ${line}\n`) : undefined;
  const settings = resolveConnection({ ...values, url: stringOption(values, 'url') ?? environment.vcdUrl, org: tenants[0].name }, { ...io, env: { ...io.env, VCD_URL: undefined, VCD_ORG: undefined, VCD_SYS_ORG: undefined } });
  const stores = storeFactory(values, io, debugLog, settings.timeoutMs);
  // Every store is opened and checked before any token exists, so a wrong repo or token costs no VCD token.
  const opened = tenants.map((t) => ({ tenant: t, store: stores.open({ env: envName, tenant: t.name }) }));
  const ci = detectCi(io.env);
  const mask = (value: string) => {
    if (ci.kind === 'github-actions') out.raw(addMaskCommand(value));
  };
  const given = tokenStdin ? await readSecretFromStream(io.stdin, 'the API token') : undefined;
  const stdinPassword = passwordStdin ? await readSecretFromStream(io.stdin, 'the password') : undefined;
  const client = openClient(settings, io, out);
  const results: EnrollTokenResult[] = [];
  const failures: Failure[] = [];
  try {
    for (const { tenant, store } of opened) {
      const secretName = apiTokenVariableName(envName, tenant.name);
      out.progress(`${envName}/${tenant.name}: ${command} → ${store.describe(secretName)}`);
      try {
        await store.prepare?.([secretName]);
        const password = given === undefined ? stdinPassword ?? (io.env[passwordVariableName(envName, tenant.name)] || io.env.VCD_PASSWORD || undefined) : undefined;
        results.push(await enrollToken(client, { env: envName, tenant: tenant.name, user: tenant.automationUser, url: settings.url, store, ...(password !== undefined ? { password } : {}), ...(given !== undefined ? { apiToken: given } : {}), onNewSecret: mask }));
      } catch (err) {
        failures.push({ env: envName, tenant: tenant.name, code: String((err as { code?: unknown })?.code ?? 'UNEXPECTED'), exitCode: exitCodeFor(err), message: err instanceof Error ? err.message : String(err) });
      } finally {
        await store.close?.().catch(() => undefined);
      }
    }
  } finally {
    await closeQuietly(client);
  }
  const unconfirmed = results.flatMap((r) => r.cleanup.filter((c) => c.status === 'unconfirmed'));
  out.result(
    {
      results: results.map((r) => ({ ...r, tokenName: r.tokenName === undefined ? undefined : out.safe(r.tokenName) })),
      failures: failures.map((f) => ({ ...f, message: f.message.split('\n').map((l) => out.safe(l)).join('\n') })),
      unconfirmedRevokes: unconfirmed,
    },
    [
      ...results.flatMap((r) => [
        `${r.env}/${r.tenant}: ${r.mode === 'created' ? `new token ${out.safe(r.tokenName ?? '')} (${r.tokenId})` : 'the token from stdin'} stored as ${r.secretName} in ${r.receipt.location}; confirmed: ${r.receipt.confirmedBy}`,
        ...r.cleanup.map((c) => `  revoke ${out.safe(describeCleanup(c))}`),
        ...r.notes.map((n) => `  note: ${n}`),
      ]),
      ...failures.map((f) => `${f.env}/${f.tenant}: FAILED (exit ${f.exitCode}, ${f.code}): ${out.safe(f.message.split('\n')[0])}`),
    ],
  );
  if (failures.length > 0) {
    for (const f of failures) io.stderr.write(`error [${f.code}]: ${f.env}/${f.tenant}: ${f.message.split('\n').map((l) => neutralizeForDisplay(l)).join('\n  ')}\n`);
    return failures[0].exitCode;
  }
  if (unconfirmed.length > 0) {
    out.error(`${unconfirmed.length} revoke(s) of replaced tokens were not confirmed; those tokens may still be live (listed above).`);
    return EXIT_CODES.REVOKE_UNCONFIRMED;
  }
  return EXIT_CODES.OK;
}

function selectTenants(environment: EnvironmentConfig, names: readonly string[], sourceFile: string): EnvironmentConfig['tenants'] {
  const unknown = names.filter((n) => !environment.tenants.some((t) => t.name === n));
  if (unknown.length > 0) {
    throw new BootstrapError('BOOTSTRAP_UNKNOWN_TENANT', `--tenant ${unknown.map((n) => JSON.stringify(n)).join(', ')}: environment ${environment.name} of ${sourceFile} has no such tenant; it has ${environment.tenants.map((t) => t.name).join(', ')}.`);
  }
  return names.length === 0 ? environment.tenants : environment.tenants.filter((t) => names.includes(t.name));
}
