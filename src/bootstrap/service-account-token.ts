// Token source for tenants that deploy as a service account (VCD 10.4+; `identity.type: "serviceAccount"`). Tried
// first, and the only source for such a tenant: an API token must never be minted in its place. Its token rotates
// on every use, so a run goes: read the current token (VCD_SA_TOKEN_<ENV>_<TENANT>, the file named by
// VCD_SA_TOKEN_FILE_<ENV>_<TENANT>, or the token dir's file) → exchange it (VCD kills it and answers the next one)
// → write the new one to the write-back SecretStore and have the store confirm it → only then write the deploy's
// token file and env-file. After `cdktf deploy` the provider has rotated it once more and rewritten the file;
// `vcd-token service-account push` writes that back. At every step exactly one token is live, and every failure
// says where it is and how to recover: a service account whose live token is lost must be authorized again.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Secret, VcdError } from '../client';
import type { ServiceAccountIdentityConfig } from '../config';
import { isVcdApiTokensError } from '../errors/vcd-api-tokens-error';
import { readServiceAccountTokenFile, serviceAccountEnvEntries, writeEnvFile, writeTokenFile, type TokenFileContent } from '../handoff';
import { SERVICE_ACCOUNT_FILE_TYPE } from '../handoff/token-file';
import type { SecretStore } from '../stores/secret-store';
import { BootstrapError } from './bootstrap-error';
import { IN_CHECKED_TOKEN_DIR, type BootstrapTarget, type BootstrapTargetResult } from './bootstrap-target';
import { serviceAccountTokenFileVariableName, serviceAccountTokenVariableName } from './target-variables';
import type { TokenSource, TokenSourceContext } from './token-source';
import { gotNoUsableAnswer, quotedMessage } from '../client/errors';

/** Where the token presented to VCD came from. */
export interface HeldServiceAccountToken {
  readonly token: string;
  /** In words, for messages: "VCD_SA_TOKEN_DEV_ACME", "file /run/… (VCD_SA_TOKEN_FILE_DEV_ACME)". */
  readonly where: string;
  /** The CI variable, when one named it. */
  readonly variable?: string;
  /** The file it was read from, if any (written back there when no store is given). */
  readonly file?: string;
  /** The account's id, when the file recorded it. */
  readonly serviceAccountId?: string;
}

/** The command an administrator runs to authorize the account again (the recovery when its live token is lost). */
export function reauthorizeCommandFor(env: string, tenant: string, name: string): string {
  return `vcd-token service-account authorize --name ${name} --org ${tenant} --env ${env} --to github|gitlab|file …`;
}

/** The command that writes a token file's service-account token back to the store after a deploy. */
export function pushCommandFor(env: string, tenant: string, tokenFile: string): string {
  return `vcd-token service-account push --token-file ${tokenFile} --env ${env} --org ${tenant} --to github|gitlab|file …`;
}

/**
 * The token to present: `VCD_SA_TOKEN_<ENV>_<TENANT>`, else the file named by `VCD_SA_TOKEN_FILE_<ENV>_<TENANT>`,
 * else the token dir's file from an earlier run on this machine. Undefined when there is none.
 */
export function heldServiceAccountToken(target: BootstrapTarget, processEnv: NodeJS.ProcessEnv): HeldServiceAccountToken | undefined {
  const variable = serviceAccountTokenVariableName(target.env, target.org);
  const fileVariable = serviceAccountTokenFileVariableName(target.env, target.org);
  const value = processEnv[variable];
  const named = processEnv[fileVariable];
  if (value && named) {
    throw new BootstrapError('BOOTSTRAP_CONFLICTING_VARIABLES', `Both ${variable} and ${fileVariable} are set for ${target.env}/${target.org}; set only one of them.`);
  }
  // A secret pasted with a trailing newline or spaces is the same token.
  if (value) return { token: value.trim(), where: variable, variable };
  const file = named ? path.resolve(named) : fs.existsSync(target.tokenFile) ? target.tokenFile : undefined;
  if (!file) return undefined;
  const record = readServiceAccountTokenFile(file);
  return {
    token: record.apiToken,
    where: named ? `file ${file} (${fileVariable})` : `file ${file}`,
    ...(named ? { variable: fileVariable } : {}),
    file,
    ...(record.tokenId?.startsWith('urn:vcloud:serviceAccount:') ? { serviceAccountId: record.tokenId } : {}),
  };
}

export const serviceAccountTokenSource: TokenSource = {
  name: 'service-account',
  async obtain(target: BootstrapTarget, context: TokenSourceContext): Promise<BootstrapTargetResult | undefined> {
    const identity = target.tenant.identity;
    if (identity.type !== 'serviceAccount') return undefined;
    return bootstrapServiceAccount(target, identity, context);
  },
};

async function bootstrapServiceAccount(target: BootstrapTarget, identity: ServiceAccountIdentityConfig, context: TokenSourceContext): Promise<BootstrapTargetResult> {
  const { env, org: tenant } = target;
  const account = `service account ${identity.name} of ${env}/${tenant}`;
  const secretName = serviceAccountTokenVariableName(env, tenant);
  const held = heldServiceAccountToken(target, context.processEnv);
  if (!held) {
    throw new BootstrapError(
      'BOOTSTRAP_MISSING_CREDENTIALS',
      `No token for ${account}: set ${secretName} (or ${serviceAccountTokenFileVariableName(env, tenant)}) from the secret store where the account's token was put. If it has none, an administrator authorizes it once: ${reauthorizeCommandFor(env, tenant, identity.name)}`,
    );
  }
  const store = context.writeBack;
  if (!store && !held.file) {
    // A CI secret that is not written back dies with this exchange, and the next run has nothing.
    throw new BootstrapError(
      'BOOTSTRAP_NO_SECRET_STORE',
      `The token of ${account} comes from ${held.where}, and exchanging it rotates it: the new one must go back where the next run reads it. Name the secret store (vcd-token bootstrap --to github|gitlab …) or give the token as a file (${serviceAccountTokenFileVariableName(env, tenant)}). Nothing was sent to VCD.`,
    );
  }
  if (!context.client.serviceAccounts) throw new BootstrapError('BOOTSTRAP_HANDOVER_FAILED', `The client of ${env} has no service-account support; use the toolkit's VcdClient.`);
  context.maskSecret(held.token);
  // A store that would refuse the write refuses now, while the held token still works.
  await store?.prepare?.([secretName]);
  const fileContent = (token: Secret | string): TokenFileContent => ({
    apiToken: token,
    tokenType: SERVICE_ACCOUNT_FILE_TYPE,
    tokenName: identity.name,
    org: tenant,
    vcdUrl: target.url,
    ...(held.serviceAccountId ? { tokenId: held.serviceAccountId } : {}),
  });
  let storeFailure: unknown;
  let storedIn = '';
  let confirmedBy = 'file written';
  const persist = async (token: Secret): Promise<void> => {
    context.maskSecret(token.reveal());
    if (!store) {
      await writeTokenFile(held.file as string, fileContent(token), IN_CHECKED_TOKEN_DIR);
      storedIn = held.file as string;
      return;
    }
    try {
      const receipt = await store.put(secretName, token, { tokenType: SERVICE_ACCOUNT_FILE_TYPE, tokenName: identity.name, org: tenant, vcdUrl: target.url, ...(held.serviceAccountId ? { tokenId: held.serviceAccountId } : {}) });
      storedIn = receipt.location;
      confirmedBy = receipt.confirmedBy;
    } catch (err) {
      // The new token is the only live one: keep it on this machine, then fail saying where it is.
      storeFailure = err;
      await writeTokenFile(target.tokenFile, fileContent(token), IN_CHECKED_TOKEN_DIR);
    }
  };

  const serviceAccounts = context.client.serviceAccounts;
  const exchange = () => serviceAccounts.exchange({ org: tenant, refreshToken: held.token, persist, serviceAccount: identity.name });
  const home = store ? store.describe(secretName) : held.where;
  const reauthorize = reauthorizeCommandFor(env, tenant, identity.name);
  let exchanged;
  try {
    exchanged = await exchange();
  } catch (err) {
    if (!gotNoUsableAnswer(err)) throw explainExchangeFailure(err, account, held, home, reauthorize);
    // VCD may have rotated the token and the answer was lost. Presenting the same token once more settles it: if
    // VCD never processed the first, this is its one use; if it did, VCD refuses it and the rotated token is live
    // with nobody holding it, which the message must say (exit 7), not "retry later".
    try {
      exchanged = await exchange();
    } catch (again) {
      if (!gotNoUsableAnswer(again) && !(VcdError.isVcdError(again) && again.code === 'VCD_INVALID_GRANT')) throw explainExchangeFailure(again, account, held, home, reauthorize);
      throw lostRotation(again, account, held, { env, tenant, name: identity.name });
    }
  }
  if (storeFailure !== undefined) {
    const cause = quotedMessage(storeFailure);
    throw new BootstrapError(
      'BOOTSTRAP_ROTATION_NOT_STORED',
      `VCD rotated the token of ${account}, and the new one (now the only live token; the one in ${held.where} is dead) could not be written to ${(store as SecretStore).describe(secretName)}: ${cause} ` +
        `It is in ${target.tokenFile} on this machine (mode 0600). Before this machine goes away, write it back: ${pushCommandFor(env, tenant, target.tokenFile)}; ` +
        `if that is no longer possible, an administrator must authorize the account again: ${reauthorizeCommandFor(env, tenant, identity.name)}`,
    );
  }
  if (store || held.file !== target.tokenFile) {
    try {
      // Only now, with the live token confirmed in the store, does the deploy get its copy.
      await writeTokenFile(target.tokenFile, fileContent(exchanged.refreshToken), IN_CHECKED_TOKEN_DIR);
    } catch (err) {
      throw new BootstrapError(
        'BOOTSTRAP_HANDOVER_FAILED',
        `The live token of ${account} is safe in ${storedIn}, but the deploy's token file could not be written: ${isVcdApiTokensError(err) ? err.message : String(err)} Fix that and run the bootstrap again (it reads the token back from there).`,
      );
    }
  }
  await writeEnvFile(target.envFile, serviceAccountEnvEntries(target.tokenFile), IN_CHECKED_TOKEN_DIR);
  return {
    env,
    tenant,
    ...(held.serviceAccountId ? { tokenId: held.serviceAccountId } : {}),
    tokenName: identity.name,
    tokenFile: target.tokenFile,
    envFile: target.envFile,
    source: 'service-account',
    ...(held.variable ? { variable: held.variable } : {}),
    reused: false,
    created: false,
    cleanup: [],
    notes: [
      store
        ? `VCD rotated the token of ${held.where}; the new one is in ${storedIn} (${confirmedBy}). After the deploy, write the provider's rotated token back: ${pushCommandFor(env, tenant, target.tokenFile)}`
        : `VCD rotated the token; the new one is in ${storedIn}.`,
    ],
    identity: 'serviceAccount',
    storedIn,
  };
}

/** The command an administrator runs to kill a service account's token that nobody holds. */
export function revokeServiceAccountCommandFor(tenant: string, name: string): string {
  return `vcd-token service-account revoke --name ${name} --org ${tenant}`;
}

/**
 * The exchange got no answer and presenting the token again did not settle it: VCD probably rotated the token
 * and the new one reached nobody, yet stays valid until the account is revoked (exit 7, as for an unconfirmed revoke).
 */
function lostRotation(err: unknown, account: string, held: HeldServiceAccountToken, target: { env: string; tenant: string; name: string }): BootstrapError {
  const refused = VcdError.isVcdError(err) && err.code === 'VCD_INVALID_GRANT';
  const cause = quotedMessage(err);
  return new BootstrapError(
    'BOOTSTRAP_HANDOVER_UNSETTLED',
    `The exchange of the token of ${account} got no answer, and ${refused ? 'VCD refused the same token presented again: it rotated it on the first try (or another run used it at the same moment)' : `presenting it again got none either (${cause})`}. ` +
      `The rotated token of ${target.name} may be live and nobody holds it. Unless another run of this pipeline holds it, an administrator revokes the account's token (${revokeServiceAccountCommandFor(target.tenant, target.name)}) ` +
      `and authorizes it again: ${reauthorizeCommandFor(target.env, target.tenant, target.name)}${refused ? '' : `; if VCD processed neither request, the token in ${held.where} still works`}.`,
  );
}

/** The exchange was refused (an exchange that got no answer is settled by lostRotation): say which token is live now, and where. */
function explainExchangeFailure(err: unknown, account: string, held: HeldServiceAccountToken, home: string, reauthorize: string): unknown {
  if (!VcdError.isVcdError(err)) return err;
  if (err.code === 'VCD_INVALID_GRANT') {
    return new VcdError(
      'VCD_INVALID_GRANT',
      `VCD refused the token of ${account} from ${held.where}: it was already used, or the account was revoked. A token works once. If another run of this pipeline used it at the same moment, that run holds the next token and writes it to ${home}: serialise runs per service account (the CI's concurrency group) and run this job again. If no run holds it, an administrator must authorize the account again: ${reauthorize}`,
      { cause: err, status: err.status, minorErrorCode: err.minorErrorCode, method: err.method, path: err.path },
    );
  }
  return err;
}
