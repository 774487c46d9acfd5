// Saving a token that VCD rotated on use (service accounts; any token on an emulator with rotation on). The
// presented token is already dead when the answer arrives, so a failed save must say so loudly: the caller's
// only working credential was just lost, and the generic "could not write" message would hide that.
import { HandoffError } from './handoff-error';
import { SERVICE_ACCOUNT_FILE_TYPE, TokenFileContent, writeTokenFile, WriteTokenFileOptions } from './token-file';

/**
 * Writes the rotated token into `file` (atomic, 0600). On failure throws `HANDOFF_WRITE_FAILED` naming the
 * file, the cause code and what to do next; never the token.
 */
export async function saveRotatedToken(file: string, content: TokenFileContent, options: WriteTokenFileOptions = {}): Promise<void> {
  try {
    await writeTokenFile(file, content, options);
  } catch (err) {
    // Handoff messages name files and errno codes only, never content, so the cause can be quoted.
    const cause = err instanceof Error ? err.message : String(err);
    if (content.tokenType === SERVICE_ACCOUNT_FILE_TYPE) {
      const account = content.tokenId ?? content.tokenName ?? 'the service account';
      throw new HandoffError(
        'HANDOFF_WRITE_FAILED',
        `VCD rotated the token of service account ${account} on use, so the token in ${file} no longer works, and the new token could not be saved: ${cause} No saved copy of a working token exists: revoke ${account} (vcd-token service-account revoke) and authorize it again (vcd-token service-account authorize).`,
        { path: file, cause: err },
      );
    }
    const revokeHint = content.tokenId ? ` Token ${content.tokenId} stays valid on VCD with a secret nobody holds: revoke it (vcd-token revoke ${content.tokenId}), then` : ' Then';
    throw new HandoffError(
      'HANDOFF_WRITE_FAILED',
      `VCD rotated the API token on use, so the token in ${file} no longer works, and the new token could not be saved: ${cause}${revokeHint} create a new token (vcd-token create, rotate or bootstrap).`,
      { path: file, cause: err },
    );
  }
}
