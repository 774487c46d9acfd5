// The bootstrap of a tenant that deploys as a service account (VCD 10.4+). Its token rotates on every use, so a
// run goes: read the current token (a CI secret, a file, or the token dir) → exchange it (VCD kills it and returns
// the next one) → write the new one to the secret store and have the store confirm it → only then write the
// deploy's token file and env-file. After `cdktf deploy` the provider has rotated it once more and rewritten the
// file; `vcd-token service-account push` writes that back to the store. At every step exactly one token is live,
// and every failure says where it is and how to recover: a service account whose live token is lost must be
// authorized again by an administrator.
import * as fs from 'node:fs';
import type { ServiceAccountIdentityConfig } from '../config';
import { type Secret, VcdError, type VcdServiceAccounts } from '../client';
import { isVcdApiTokensError } from '../errors/vcd-api-tokens-error';
import { readServiceAccountTokenFile, SERVICE_ACCOUNT_FILE_TYPE, serviceAccountEnvEntries, writeEnvFile, writeTokenFile } from '../handoff';
import { BootstrapError } from './bootstrap-error';

/** `VCD_SA_TOKEN_<ENV>_<TENANT>`: upper-cased, every non-alphanumeric character replaced by `_`. */
export function serviceAccountTokenVariableName(env: string, tenant: string): string {
  return `VCD_SA_TOKEN_${variablePart(env)}_${variablePart(tenant)}`;
}

/** `VCD_SA_TOKEN_FILE_<ENV>_<TENANT>`: a file holding the token instead of the variable. */
export function serviceAccountTokenFileVariableName(env: string, tenant: string): string {
  return `VCD_SA_TOKEN_FILE_${variablePart(env)}_${variablePart(tenant)}`;
}

function variablePart(s: string): string {
  return s.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

/** Where a rotated service-account token is written back and confirmed (a CI secret store, or a file). */
export interface RotatedTokenStore {
  /** Writes the token and resolves only once the store confirmed it; rejects otherwise. */
  put(token: Secret): Promise<{ readonly location: string }>;
  /** Where it goes, in words, for messages ("GitHub secret VCD_SA_TOKEN_DEV_ACME of org/repo"). */
  describe(): string;
}

/** Where the token presented to VCD came from. */
export interface ServiceAccountTokenSource {
  readonly token: string;
  /** In words, for messages: "VCD_SA_TOKEN_DEV_ACME", "file /run/…". */
  readonly where: string;
  /** The file it was read from, if any (written back there when no store is given). */
  readonly file?: string;
  /** The account's id, when the file recorded it. */
  readonly serviceAccountId?: string;
}

/**
 * The token to present: `VCD_SA_TOKEN_<ENV>_<TENANT>`, else the file named by `VCD_SA_TOKEN_FILE_<ENV>_<TENANT>`,
 * else `tokenFile` (the token dir's, from an earlier run on this machine). Undefined when there is none.
 */
export function serviceAccountTokenSource(processEnv: NodeJS.ProcessEnv, env: string, tenant: string, tokenFile: string): ServiceAccountTokenSource | undefined {
  const variable = serviceAccountTokenVariableName(env, tenant);
  const value = processEnv[variable];
  if (value) return { token: value.trim(), where: variable };
  const fileVariable = serviceAccountTokenFileVariableName(env, tenant);
  const file = processEnv[fileVariable] || (fs.existsSync(tokenFile) ? tokenFile : undefined);
  if (!file) return undefined;
  const record = readServiceAccountTokenFile(file);
  return {
    token: record.apiToken,
    where: file === tokenFile ? `file ${file}` : `file ${file} (${fileVariable})`,
    file,
    ...(record.tokenId?.startsWith('urn:vcloud:serviceAccount:') ? { serviceAccountId: record.tokenId } : {}),
  };
}

export interface ServiceAccountTargetInput {
  readonly client: { readonly serviceAccounts: Pick<VcdServiceAccounts, 'exchange'> };
  readonly env: string;
  readonly tenant: string;
  readonly identity: ServiceAccountIdentityConfig;
  readonly url: string;
  readonly tokenFile: string;
  readonly envFile: string;
  readonly source: ServiceAccountTokenSource;
  /** Where the rotated token goes first. @default none: only when the token came from a file, which is then rewritten */
  readonly store?: RotatedTokenStore;
  /** Called with the new token before it is written anywhere (CI masking). */
  readonly onNewSecret?: (token: string) => void;
  /** Writes skip the location check (the caller checked the token dir). */
  readonly force?: boolean;
}

export interface ServiceAccountTargetResult {
  readonly serviceAccount: string;
  readonly serviceAccountId?: string;
  readonly tokenFile: string;
  readonly envFile: string;
  /** Where the live token was written back and confirmed (the store), or the token file. */
  readonly storedIn: string;
}

/** The bootstrap of one service-account tenant (see the file comment). */
export async function bootstrapServiceAccountTarget(input: ServiceAccountTargetInput): Promise<ServiceAccountTargetResult> {
  const { env, tenant, identity, source, store } = input;
  const account = `service account ${identity.name} of ${env}/${tenant}`;
  if (!store && !source.file) {
    // A CI secret that is not written back dies with this exchange, and the next run has nothing.
    throw new BootstrapError(
      'BOOTSTRAP_NO_SECRET_STORE',
      `The token of ${account} comes from ${source.where}, and exchanging it rotates it: the new one must go back where the next run reads it. Name the secret store (bootstrap --sa-store github|gitlab|file) or give the token as a file (${serviceAccountTokenFileVariableName(env, tenant)}). Nothing was sent to VCD.`,
    );
  }
  const fileContent = (token: Secret | string) => ({
    apiToken: token,
    tokenType: SERVICE_ACCOUNT_FILE_TYPE,
    tokenName: identity.name,
    org: tenant,
    vcdUrl: input.url,
    ...(source.serviceAccountId ? { tokenId: source.serviceAccountId } : {}),
  });
  const writeOptions = { force: input.force ?? false };
  let storeFailure: unknown;
  let storedIn = '';
  const persist = async (token: Secret): Promise<void> => {
    input.onNewSecret?.(token.reveal());
    if (!store) {
      await writeTokenFile(source.file as string, fileContent(token), writeOptions);
      storedIn = source.file as string;
      return;
    }
    try {
      storedIn = (await store.put(token)).location;
    } catch (err) {
      // The new token is the only live one: keep it on this machine, then fail saying where it is.
      storeFailure = err;
      await writeTokenFile(input.tokenFile, fileContent(token), writeOptions);
    }
  };

  let exchanged;
  try {
    exchanged = await input.client.serviceAccounts.exchange({ org: tenant, refreshToken: source.token, persist, serviceAccount: identity.name });
  } catch (err) {
    throw explainExchangeFailure(err, account, source, store, input);
  }
  if (storeFailure !== undefined) {
    const cause = storeFailure instanceof Error ? storeFailure.message.replace(/^\[vcd-api-tokens\] /, '') : String(storeFailure);
    throw new BootstrapError(
      'BOOTSTRAP_ROTATION_NOT_STORED',
      `VCD rotated the token of ${account}, and the new one (now the only live token; ${source.where} is dead) could not be written to ${(store as RotatedTokenStore).describe()}: ${cause} It is in ${input.tokenFile} on this machine (mode 0600). Before this machine goes away, write it back: vcd-token service-account push --token-file ${input.tokenFile} (with the same store options); otherwise an administrator must authorize the account again (vcd-token service-account authorize --name ${identity.name} --org ${tenant}).`,
    );
  }
  if (store || source.file !== input.tokenFile) {
    try {
      // Only now, with the live token confirmed in the store, does the deploy get its copy.
      await writeTokenFile(input.tokenFile, fileContent(exchanged.refreshToken), writeOptions);
    } catch (err) {
      throw new BootstrapError(
        'BOOTSTRAP_HANDOVER_FAILED',
        `The live token of ${account} is safe in ${storedIn}, but the deploy's token file could not be written: ${isVcdApiTokensError(err) ? err.message : String(err)} Fix that and run the bootstrap again (it reads the token back from the store).`,
      );
    }
  }
  await writeEnvFile(input.envFile, serviceAccountEnvEntries(input.tokenFile), writeOptions);
  return {
    serviceAccount: identity.name,
    ...(source.serviceAccountId ? { serviceAccountId: source.serviceAccountId } : {}),
    tokenFile: input.tokenFile,
    envFile: input.envFile,
    storedIn,
  };
}

/** The exchange failed: say which token is live now, and where. */
function explainExchangeFailure(err: unknown, account: string, source: ServiceAccountTokenSource, store: RotatedTokenStore | undefined, input: ServiceAccountTargetInput): unknown {
  if (!VcdError.isVcdError(err)) return err;
  const reauthorize = `vcd-token service-account authorize --name ${input.identity.name} --org ${input.tenant}`;
  const home = store ? store.describe() : source.where;
  if (err.code === 'VCD_INVALID_GRANT') {
    return new VcdError(
      'VCD_INVALID_GRANT',
      `VCD refused the token of ${account} from ${source.where}: it was already used, or the account was revoked. A token works once. If another run of this pipeline used it at the same moment, that run holds the next token and writes it to ${home}: serialise runs per service account (the CI's concurrency group) and run this job again. If no run holds it, an administrator must authorize the account again (${reauthorize}).`,
      { cause: err, status: err.status, minorErrorCode: err.minorErrorCode, method: err.method, path: err.path },
    );
  }
  if (err.code === 'VCD_NETWORK' || err.code === 'VCD_TIMEOUT' || err.code === 'VCD_SERVER_ERROR') {
    return new VcdError(
      err.code,
      `${err.message.replace(/^\[vcd-api-tokens\] /, '')} The exchange of the token of ${account} got no usable answer: if VCD did not process it, the token in ${source.where} still works and a retry is safe; if it did, the token was rotated and the new one never arrived, and an administrator must authorize the account again (${reauthorize}).`,
      { cause: err, status: err.status, method: err.method, path: err.path, retryable: false },
    );
  }
  return err;
}
