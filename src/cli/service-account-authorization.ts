// The device side of `vcd-token service-account authorize` (and `create --authorize`): start the device flow with
// the administrator's session, tell the person at the terminal the user code and where it is approved (never the
// device code), poll with a progress line on stderr until it is granted, denied, expired or past --deadline, and
// save the first token in the provider's service_account_token_file format before anything else. With --to, the
// token then goes to the secret store (confirmed), and the file, a safety copy, is removed unless --token-file
// asked for it: two copies of a token that works once are one too many.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultTokenDir, serviceAccountTokenVariableName } from '../bootstrap';
import { type DeviceAuthorization, type Secret, VcdError } from '../client';
import { addMaskCommand, type CiEnvironment, detectCi, writeTokenFile } from '../handoff';
import { assertSafeSecretLocation, assertWritableLocation } from '../handoff/file-location';
import { SERVICE_ACCOUNT_FILE_TYPE } from '../handoff/token-file';
import { booleanOption, numberOption, type OptionSpecs, type ParsedArguments, stringOption } from './arguments';
import type { CliIo, CliOutput } from './cli-io';
import { resolveConnection, resolvePath } from './connection';
import { type AdminAccess, duration } from './service-account-access';
import { planServiceAccountStore, SERVICE_ACCOUNT_STORE_OPTIONS, type ServiceAccountStorePlan, storeServiceAccountToken } from './service-account-store';
import type { StoreReceipt } from '../stores';
import { gotNoUsableAnswer, quotedMessage } from '../client/errors';

export const AUTHORIZE_OPTIONS: OptionSpecs = {
  'token-file': { type: 'string', valueName: 'path', description: 'Where to write the token (provider service_account_token_file format, 0600; env VCD_SA_TOKEN_FILE) [default: <token dir>/<name>.json]' },
  deadline: {
    type: 'string',
    valueName: 'seconds',
    description: 'Stop waiting for the approval after this long, 1 to 86400 [default: until the user code expires]',
    number: { unit: 'seconds', min: 1, max: 86_400, default: 600 },
  },
  force: { type: 'boolean', description: 'Allow a token file inside a git work tree or cdktf.out' },
  ...SERVICE_ACCOUNT_STORE_OPTIONS,
};

export interface AuthorizationPlan {
  readonly tokenFile: string;
  readonly force: boolean;
  readonly deadlineMs?: number;
  readonly ci: CiEnvironment;
  /** --to: the store the token goes to after the file. */
  readonly store?: ServiceAccountStorePlan;
  /** --token-file (or VCD_SA_TOKEN_FILE) was given: the file is kept next to the store's copy. */
  readonly keepTokenFile: boolean;
}

export interface AuthorizedAccount {
  readonly id: string;
  readonly name: string;
  readonly org: string;
  readonly userCode: string;
  /** The token file, unless it was only a safety copy for the store (then undefined). */
  readonly tokenFile?: string;
  /** --to: where the store confirmed the token. */
  readonly stored?: { readonly secretName: string; readonly receipt: StoreReceipt };
}

/** Decides and checks where the token goes before anything is asked of VCD, so a refusal costs no device flow. */
export function planAuthorization(values: ParsedArguments['values'], io: CliIo, name: string): AuthorizationPlan {
  const option = stringOption(values, 'token-file') ?? (io.env.VCD_SA_TOKEN_FILE || undefined);
  const tokenFile = option !== undefined ? resolvePath(io, option) : path.join(defaultTokenDir(io.env), `${name.replace(/[^A-Za-z0-9._-]/g, '_')}.json`);
  const force = booleanOption(values, 'force');
  assertSafeSecretLocation(tokenFile, { force });
  assertWritableLocation(tokenFile);
  const deadline = numberOption(values, 'deadline');
  const deadlineMs = deadline === undefined ? undefined : Math.round(deadline * 1000);
  const debugLog = booleanOption(values, 'debug') ? (line: string) => io.stderr.write(`debug: ${line}\n`) : undefined;
  const store = planServiceAccountStore(values, io, debugLog, resolveConnection(values, io).timeoutMs);
  return { tokenFile, force, ci: detectCi(io.env), keepTokenFile: option !== undefined, ...(deadlineMs !== undefined ? { deadlineMs } : {}), ...(store ? { store } : {}) };
}

export async function authorizeAndSave(
  access: AdminAccess,
  account: { readonly id: string; readonly name: string; readonly org: string },
  plan: AuthorizationPlan,
  io: CliIo,
  out: CliOutput,
): Promise<AuthorizedAccount> {
  const sa = access.client.serviceAccounts;
  const store = plan.store?.open({ env: plan.store.env, tenant: account.org });
  try {
    // A store that would refuse the write refuses now, before an administrator grants anything.
    await store?.prepare?.([serviceAccountTokenVariableName((plan.store as ServiceAccountStorePlan).env, account.org)]);
    const auth = await sa.authorize(access.session, { id: account.id, org: account.org });
  io.stderr.write(instructions(account, auth, out).map((line) => `${line}\n`).join(''));
  const save = async (token: Secret): Promise<void> => {
    // On GitHub Actions the new secret is masked before anything else is printed.
    if (plan.ci.kind === 'github-actions') out.raw(addMaskCommand(token));
    await writeTokenFile(
      plan.tokenFile,
      { apiToken: token, tokenType: SERVICE_ACCOUNT_FILE_TYPE, tokenId: account.id, tokenName: account.name, org: account.org, vcdUrl: access.settings.url },
      { force: plan.force },
    );
  };
    let token;
    try {
      token = await sa.pollDeviceToken(auth, {
        persist: save,
        ...(plan.deadlineMs !== undefined ? { deadlineMs: plan.deadlineMs } : {}),
        onProgress: (p) =>
          io.stderr.write(`waiting for approval of user code ${auth.userCode}: ${p.answer.replace(/_/g, ' ')}; next check in ${duration(p.intervalSeconds)}, ${duration(p.remainingSeconds)} left\n`),
      });
    } catch (err) {
      throw await settleLostActivation(access, account, err);
    }
    const done = { id: account.id, name: account.name, org: account.org, userCode: auth.userCode };
    if (!store || !plan.store) return { ...done, tokenFile: plan.tokenFile };
    const stored = await storeServiceAccountToken(store, { env: plan.store.env, org: account.org, name: account.name, id: account.id, vcdUrl: access.settings.url, token: token.refreshToken, heldIn: plan.tokenFile });
    if (plan.keepTokenFile) {
      io.stderr.write(`warning: ${plan.tokenFile} and ${stored.receipt.location} hold the same token; it works once, so the first use kills the other copy.\n`);
      return { ...done, tokenFile: plan.tokenFile, stored };
    }
    fs.rmSync(plan.tokenFile, { force: true });
    return { ...done, stored };
  } finally {
    await store?.close?.().catch(() => undefined);
  }
}

/**
 * A poll whose answer was lost may have activated the account with a first token that never arrived: live, and
 * nobody holds it. The administrator's session is still open, so look: an ACTIVE account's token is revoked here
 * (the account is ready to authorize again); a revoke or a look that fails leaves it possibly live (exit 7).
 */
async function settleLostActivation(access: AdminAccess, account: { readonly id: string; readonly name: string; readonly org: string }, err: unknown): Promise<unknown> {
  if (!gotNoUsableAnswer(err)) return err;
  const sa = access.client.serviceAccounts;
  const who = `service account ${account.name} (${account.id})`;
  const cause = quotedMessage(err);
  try {
    if ((await sa.get(access.session, { id: account.id })).status !== 'ACTIVE') return err;
    await sa.revoke(access.session, { id: account.id });
  } catch (settle) {
    const why = quotedMessage(settle);
    return new VcdError(
      'VCD_REVOKE_UNCONFIRMED',
      `${cause} Checking whether VCD activated ${who} anyway failed too (${why}): its first token may be live and nobody holds it. Revoke it: vcd-token service-account revoke --id ${account.id} --org ${account.org}, then authorize it again.`,
      { cause: err, details: { serviceAccountId: account.id } },
    );
  }
  return new VcdError(err.code, `VCD activated ${who}, but its first token never arrived (${cause.replace(/ If an administrator had already granted .*$/, '')}); that token was revoked, so nothing is left live. Run authorize again.`, {
    cause: err,
    details: { serviceAccountId: account.id },
  });
}

function instructions(account: { readonly id: string; readonly name: string }, auth: DeviceAuthorization, out: CliOutput): string[] {
  return [
    `Service account ${out.safe(account.name)} (${account.id}) is waiting for an administrator's approval.`,
    `  User code: ${auth.userCode} (expires in ${duration(auth.expiresIn)})`,
    `  Approve:   vcd-token service-account grant --user-code ${auth.userCode}   (or in the VCD UI: ${out.safe(auth.verificationUri)})`,
    `  Refuse:    vcd-token service-account deny --user-code ${auth.userCode}`,
  ];
}

/** Where the token went, for `authorize` and `create --authorize`: JSON fields and the text line. */
export function describeAuthorized(done: AuthorizedAccount): { json: Record<string, unknown>; line: string } {
  const json = {
    tokenFile: done.tokenFile ?? null,
    stored: done.stored ? { secretName: done.stored.secretName, ...done.stored.receipt } : null,
  };
  const parts = [
    ...(done.stored ? [`token stored as ${done.stored.secretName} in ${done.stored.receipt.location} (confirmed: ${done.stored.receipt.confirmedBy})`] : []),
    ...(done.tokenFile ? [`token written to ${done.tokenFile} (service_account_token_file format, 0600)`] : []),
  ];
  return { json, line: parts.join('; ') };
}
