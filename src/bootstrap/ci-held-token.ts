// Token source: the tenant's API token held by CI, from VCD_API_TOKEN_<ENV>_<TENANT> or the token file named by
// VCD_API_TOKEN_FILE_<ENV>_<TENANT> (a file-type CI variable). Tried first: when such a variable is set, it is the
// only source for the target. Its exchange is the proof that it works (one request); when VCD refuses it
// (invalid_grant) the target fails with exit 4 naming the variable and the command that re-enrolls it, and
// bootstrap never falls back to minting a token, because a pipeline whose secret is revoked must be noticed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isVcdApiTokensError } from '../errors/vcd-api-tokens-error';
import { HandoffError, readTokenFile, saveRotatedToken, tokenEnvEntries, writeEnvFile, writeTokenFile, type TokenFileRecord } from '../handoff';
import { normalizeApiToken } from '../handoff/secret-input';
import { BootstrapError } from './bootstrap-error';
import { IN_CHECKED_TOKEN_DIR, type BootstrapTarget, type BootstrapTargetResult, type CleanupOutcome } from './bootstrap-target';
import { apiTokenFileVariableName, apiTokenVariableName } from './target-variables';
import type { TokenSource, TokenSourceContext } from './token-source';

/** The command that enrolls (or re-enrolls) a tenant's CI-held token, for messages. */
export function enrollCommandFor(env: string, tenant: string): string {
  return `vcd-token enroll --env ${env} --tenant ${tenant} --to github|gitlab|file …`;
}

interface HeldToken {
  readonly variable: string;
  readonly apiToken: string;
  /** The token file's metadata, for the _FILE_ variant. */
  readonly record?: TokenFileRecord;
}

function heldToken(target: BootstrapTarget, processEnv: NodeJS.ProcessEnv): HeldToken | undefined {
  const variable = apiTokenVariableName(target.env, target.org);
  const fileVariable = apiTokenFileVariableName(target.env, target.org);
  const value = processEnv[variable];
  const file = processEnv[fileVariable];
  if (!value && !file) return undefined;
  if (value && file) {
    throw new BootstrapError('BOOTSTRAP_CONFLICTING_VARIABLES', `Both ${variable} and ${fileVariable} are set for ${target.env}/${target.org}; set only one of them.`);
  }
  if (file) {
    const record = readTokenFile(path.resolve(file));
    return { variable: fileVariable, apiToken: record.apiToken, record };
  }
  // A secret pasted with a trailing newline or spaces is the same token; one with whitespace inside is not one
  // token (two lines, a wrapped copy), and is refused as such rather than sent to VCD and reported as revoked.
  const token = normalizeApiToken(value as string);
  if (!token.ok) throw new HandoffError('HANDOFF_MALFORMED', `${variable} (the CI-held API token of ${target.env}/${target.org}) ${token.problem}.`);
  return { variable, apiToken: token.token };
}

export const ciHeldTokenSource: TokenSource = {
  name: 'ci-secret',
  async obtain(target: BootstrapTarget, context: TokenSourceContext): Promise<BootstrapTargetResult | undefined> {
    const held = heldToken(target, context.processEnv);
    if (!held) return undefined;
    // CI masks its own secrets, but not the content of a file a variable points to.
    context.maskSecret(held.apiToken);
    const previous = storedRecord(target.tokenFile);
    const known = held.record ?? (previous?.apiToken === held.apiToken ? previous : undefined);
    let current = held.apiToken;
    let rotated = false;
    try {
      const bearer = await context.client.exchangeApiToken({ org: target.org, apiToken: held.apiToken });
      if (bearer.rotatedApiToken) {
        current = bearer.rotatedApiToken.reveal();
        rotated = true;
        context.maskSecret(current);
      }
    } catch (err) {
      if (isVcdApiTokensError(err) && err.code === 'VCD_INVALID_GRANT') throw rejected(target, held, known);
      throw err;
    }
    const cleanup: CleanupOutcome[] = [];
    // A token this bootstrap minted into the file earlier is replaced by the CI-held one: it must not stay live.
    if (previous && previous.apiToken !== held.apiToken && context.minted.has(target.tokenFile)) {
      cleanup.push(await retireMintedToken(target, context, previous));
    }
    const content = { apiToken: current, tokenId: known?.tokenId, tokenName: known?.tokenName, org: target.org, vcdUrl: target.url };
    if (rotated) await saveRotatedToken(target.tokenFile, content, IN_CHECKED_TOKEN_DIR);
    else await writeTokenFile(target.tokenFile, content, IN_CHECKED_TOKEN_DIR);
    await writeEnvFile(target.envFile, tokenEnvEntries(current), IN_CHECKED_TOKEN_DIR);
    await context.minted.remove(target.tokenFile);
    const notes: string[] = [];
    if (rotated) notes.push(await writeBackRotated(target, context, held, current, known));
    return {
      env: target.env,
      tenant: target.org,
      tokenId: known?.tokenId,
      tokenName: known?.tokenName ?? target.tokenName,
      tokenFile: target.tokenFile,
      envFile: target.envFile,
      source: 'ci-secret',
      variable: held.variable,
      reused: false,
      created: false,
      cleanup,
      notes,
    };
  },
};

function storedRecord(file: string): TokenFileRecord | undefined {
  if (!fs.existsSync(file)) return undefined;
  try {
    return readTokenFile(file);
  } catch {
    return undefined;
  }
}

function rejected(target: BootstrapTarget, held: HeldToken, known: TokenFileRecord | undefined): BootstrapError {
  const which = known?.tokenId || known?.tokenName ? ` (token ${[known.tokenName, known.tokenId].filter(Boolean).join(', ')})` : '';
  return new BootstrapError(
    'BOOTSTRAP_CI_TOKEN_REJECTED',
    `VCD refused the API token in ${held.variable}${which} for ${target.env}/${target.org} (invalid_grant: it was revoked, or it is not a token of org '${target.org}'). ` +
      `Bootstrap does not create a token in its place. Re-enroll it (a person with the tenant user's password, or a token made in the VCD UI): ${enrollCommandFor(target.env, target.org)}`,
  );
}

/** Revokes a token bootstrap minted into the token file, with its own session (no password needed). */
async function retireMintedToken(target: BootstrapTarget, context: TokenSourceContext, previous: TokenFileRecord): Promise<CleanupOutcome> {
  const id = previous.tokenId;
  if (!id) return { name: previous.tokenName ?? target.tokenName, status: 'unconfirmed', reason: `${target.tokenFile} held a token bootstrap minted, without a token_id: revoke it by name (\`vcd-token revoke --name ${target.tokenName}\`)` };
  try {
    const session = await context.client.exchangeApiToken({ org: previous.org ?? target.org, apiToken: previous.apiToken });
    return { ...(await context.client.revokeToken(session, id)) };
  } catch (err) {
    const code = String((err as { code?: unknown })?.code ?? 'error');
    if (code === 'VCD_INVALID_GRANT') return { id, status: 'already-gone' };
    return { id, status: 'unconfirmed', code, reason: `revoking the token bootstrap had minted into ${target.tokenFile} failed (${code}): \`vcd-token revoke ${id}\`` };
  }
}

/** VCD rotated the CI-held token on use (service accounts): the CI secret is dead unless the new one goes back. */
async function writeBackRotated(target: BootstrapTarget, context: TokenSourceContext, held: HeldToken, current: string, known: TokenFileRecord | undefined): Promise<string> {
  const variable = apiTokenVariableName(target.env, target.org);
  if (!context.writeBack) {
    return `VCD rotated the token of ${held.variable} on use: the CI secret no longer works after this run; the new one is only in ${target.tokenFile}. Write it back to the store (a SecretStore as writeBack) or re-enroll.`;
  }
  const receipt = await context.writeBack.put(variable, current, { tokenId: known?.tokenId, tokenName: known?.tokenName, org: target.org, vcdUrl: target.url });
  return `VCD rotated the token on use; the new one was written back to ${receipt.location} (${receipt.confirmedBy}).`;
}
