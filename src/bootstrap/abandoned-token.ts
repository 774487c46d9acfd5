// A token created but not handed over (token file, env-file or $GITHUB_ENV failed) is a live secret nobody
// holds: revoke it at once with the session that created it, and say which token it was and what became of it.
import * as fs from 'node:fs';
import { requestedTokenName } from '../client/token-name';
import type { BearerSession } from '../client/types';
import type { ErrorCode } from '../errors/error-code';
import { isVcdApiTokensError, VcdApiTokensError } from '../errors/vcd-api-tokens-error';
import { readTokenFile } from '../handoff';
import { writeFileAtomic } from '../handoff/atomic-write';
import type { TokenApi } from './token-api';

/**
 * The handover of a new token failed. `code` is the cause's when the token was revoked (so the exit code stays
 * that of the real problem, e.g. 8 for a file that cannot be written; BOOTSTRAP_HANDOVER_FAILED when the cause has
 * none), and BOOTSTRAP_HANDOVER_UNSETTLED (exit 7) when VCD did not confirm the revoke: a token that may be valid
 * and that nobody holds outweighs the cause. `tokenId` is the abandoned token, `revoked` whether VCD confirmed
 * its revoke (when false, it must be revoked by hand).
 */
export class TokenHandoverError extends VcdApiTokensError<ErrorCode> {
  readonly tokenId: string;
  readonly revoked: boolean;

  constructor(code: ErrorCode, message: string, tokenId: string, revoked: boolean, cause?: unknown) {
    super(code, message, cause === undefined ? {} : { cause });
    this.tokenId = tokenId;
    this.revoked = revoked;
  }

  protected override jsonFields(): Record<string, unknown> {
    return { tokenId: this.tokenId, revoked: this.revoked };
  }
}

export interface AbandonTokenOptions {
  /** A token file this run may have written with the new token: removed, or given back its previous content. */
  readonly tokenFile?: string;
  /** The token file's content before this run (restored instead of deleting). @default the file is deleted */
  readonly previousTokenFile?: Buffer;
}

/** Revokes the new token, undoes this run's token file, and returns the error to throw (never throws itself). */
export async function abandonNewToken(
  client: Pick<TokenApi, 'revokeToken'>,
  session: BearerSession,
  token: { readonly id: string; readonly name: string },
  cause: unknown,
  options: AbandonTokenOptions = {},
): Promise<TokenHandoverError> {
  const tokenId = token.id;
  const causeMessage = cause instanceof Error ? cause.message : String(cause);
  let revoked = false;
  let revokeProblem = '';
  try {
    await client.revokeToken(session, tokenId);
    revoked = true;
  } catch (err) {
    revokeProblem = String((err as { code?: unknown })?.code ?? 'error');
  }
  if (options.tokenFile !== undefined) await undoTokenFile(options.tokenFile, tokenId, options.previousTokenFile);
  const outcome = revoked
    ? `API token ${tokenId} had already been created; it was revoked, so no unused token stays valid.`
    : `API token ${token.name} (${tokenId}) had already been created and VCD did not confirm its revoke (${revokeProblem}): it may still be valid and nobody holds it. Revoke it by hand: \`vcd-token revoke ${tokenId}\` (or check with \`vcd-token list --name ${requestedTokenName(token.name)}\`).`;
  const code: ErrorCode = !revoked ? 'BOOTSTRAP_HANDOVER_UNSETTLED' : isVcdApiTokensError(cause) ? cause.code : 'BOOTSTRAP_HANDOVER_FAILED';
  return new TokenHandoverError(code, `${causeMessage} ${outcome}`, tokenId, revoked, cause);
}

/** Only a file that now records the abandoned token is touched: anything else was not written by this run. */
async function undoTokenFile(file: string, tokenId: string, previous: Buffer | undefined): Promise<void> {
  try {
    if (readTokenFile(file).tokenId !== tokenId) return;
  } catch {
    return;
  }
  try {
    if (previous !== undefined) await writeFileAtomic(file, previous, { mode: 0o600 });
    else fs.rmSync(file, { force: true });
  } catch {
    // The token in it is revoked (or reported); a leftover file holds nothing usable.
  }
}

/** A token file's bytes before it is replaced, or undefined when there is none (or it cannot be read). */
export function snapshotTokenFile(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}
