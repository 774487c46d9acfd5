// Exchanging an API token for a bearer in any command. VCD may rotate the token on use (service accounts; the
// emulator's rotateRefreshTokens): the token sent is then dead, so the new one must reach the token file before
// anything else, and a file-based token is read, exchanged and rewritten under the file's rotation lock (the
// one rotate and bootstrap take) so that concurrent commands never present a token another one just killed.
import type { BearerSession } from '../client/types';
import type { TokenApi } from '../bootstrap';
import { acquireRotationLock, addMaskCommand, detectCi, HeldLock, readTokenFile, saveRotatedToken } from '../handoff';
import type { CliIo } from './cli-io';
import type { ConnectionSettings, TokenInput } from './connection';
import { CliUsageError } from './usage-error';

export interface TokenExchange {
  readonly session: BearerSession;
  /** The token actually sent (re-read from the file inside the lock). */
  readonly token: TokenInput;
}

export async function exchangeKeepingRotation(client: TokenApi, settings: ConnectionSettings, given: TokenInput, io: CliIo): Promise<TokenExchange> {
  const lock = given.file ? await lockIfWritable(given.file.path) : undefined;
  try {
    // Re-read inside the lock: a concurrent command may have rotated the token while we waited.
    const token = lock && given.file ? { ...given, apiToken: readTokenFile(given.file.path).apiToken } : given;
    const session = await client.exchangeApiToken({ org: settings.org, apiToken: token.apiToken });
    if (session.rotatedApiToken) {
      if (detectCi(io.env).kind === 'github-actions') io.stdout.write(addMaskCommand(session.rotatedApiToken));
      if (!token.file) {
        throw new CliUsageError(
          'VCD rotated this API token on use (service account), so the token you passed no longer works, and the new one was not kept because it did not come from a token file. Create or re-authorize the token and pass it with --token-file <path> (or VCD_API_TOKEN_FILE) so rotations are saved.',
        );
      }
      const file = token.file;
      await saveRotatedToken(file.path, { apiToken: session.rotatedApiToken, tokenId: file.tokenId, tokenName: file.tokenName, org: file.org ?? settings.org, vcdUrl: file.vcdUrl ?? settings.url }, { force: true });
    }
    return { session, token };
  } finally {
    lock?.release();
  }
}

/**
 * The rotation lock, or none when the token file's directory cannot hold one (a read-only mounted secret:
 * a token there could not be saved after a rotation either, which is then reported).
 */
async function lockIfWritable(tokenFile: string): Promise<HeldLock | undefined> {
  try {
    return await acquireRotationLock(tokenFile);
  } catch (err) {
    if ((err as { code?: unknown }).code === 'HANDOFF_WRITE_FAILED') return undefined;
    throw err;
  }
}
