// `vcd-token exchange`: prove an API token works (exchange for a bearer, then GET /api/org).
import { booleanOption, COMMON_OPTIONS, CONNECTION_OPTIONS, TOKEN_INPUT_OPTIONS } from '../arguments';
import type { CliCommand } from '../command';
import { requireApiToken, resolveConnection } from '../connection';
import { closeQuietly, openClient } from '../session';
import { maskSecret, planTokenOutputForBearer } from '../bearer-output';
import { acquireRotationLock, HeldLock, readTokenFile, saveRotatedToken } from '../../handoff';
import { CliUsageError } from '../usage-error';

export const exchangeCommand: CliCommand = {
  name: 'exchange',
  summary: 'Exchange an API token for a bearer session and verify it',
  usage: [
    'vcd-token exchange [--token-file <path> | --token-stdin] [--reveal] [--json]',
    '',
    'Reads the API token from --token-stdin, --token-file / VCD_API_TOKEN_FILE or VCD_API_TOKEN, exchanges it',
    'at /oauth/.../token and checks the bearer with GET /api/org. Exit 4 if the token is invalid or revoked.',
    'The URL and org default to the token file\'s vcd_url and org. --reveal prints the bearer (refused in CI).',
  ],
  options: {
    ...COMMON_OPTIONS,
    ...CONNECTION_OPTIONS,
    ...TOKEN_INPUT_OPTIONS,
    reveal: { type: 'boolean', description: 'Print the bearer access token on stdout (refused in CI unless --force)' },
    force: { type: 'boolean', description: 'Allow --reveal in CI' },
  },
  async run({ io, out, values }) {
    const given = await requireApiToken(values, io);
    const settings = resolveConnection(values, io, { url: given.file?.vcdUrl, org: given.file?.org });
    const plan = planTokenOutputForBearer(values, io);
    // A token that may rotate is read, exchanged and rewritten under the file's lock (the one rotate and
    // bootstrap take): a concurrent exchange would otherwise present the token this one is about to kill.
    const lock = given.file ? await lockIfWritable(given.file.path) : undefined;
    let client: ReturnType<typeof openClient> | undefined;
    try {
      // Re-read inside the lock: a concurrent exchange may have rotated the token while we waited.
      const token = lock && given.file ? { ...given, apiToken: readTokenFile(given.file.path).apiToken } : given;
      client = openClient(settings, io, out);
      const session = await client.exchangeApiToken({ org: settings.org, apiToken: token.apiToken });
      if (session.rotatedApiToken) {
        // Service-account style rotation: the old token is dead now, so the new one is persisted before any
        // further call; without a file to persist to it would be lost, which we refuse to hide.
        maskSecret(plan, out, session.rotatedApiToken.reveal());
        if (!token.file) {
          throw new CliUsageError(
            'VCD rotated this API token on use (service account), so the token you passed no longer works, and the new one was not kept because it did not come from a token file. Create or re-authorize the token and pass it with --token-file <path> (or VCD_API_TOKEN_FILE) so rotations are saved.',
          );
        }
        await saveRotatedToken(token.file.path, { apiToken: session.rotatedApiToken, tokenId: token.file.tokenId, tokenName: token.file.tokenName, org: token.file.org ?? settings.org, vcdUrl: token.file.vcdUrl ?? settings.url }, { force: true });
      }
      await client.verifyBearer(session);
      if (booleanOption(values, 'reveal')) {
        maskSecret(plan, out, session.accessToken.reveal());
        out.raw(`${session.accessToken.reveal()}\n`);
      }
      out.result(
        { ok: true, org: out.safe(session.org), expiresIn: session.expiresIn ?? null, tokenId: token.file?.tokenId ?? null },
        [`API token is valid: bearer session in org ${out.safe(session.org)}${session.expiresIn !== undefined ? `, expires in ${session.expiresIn} s` : ''}`],
      );
      return 0;
    } finally {
      if (client) await closeQuietly(client);
      lock?.release();
    }
  },
};

/**
 * The rotation lock, or none when the token file's directory cannot hold one (a read-only mounted secret:
 * a token there could not be saved after a rotation either, which the exchange then reports).
 */
async function lockIfWritable(tokenFile: string): Promise<HeldLock | undefined> {
  try {
    return await acquireRotationLock(tokenFile);
  } catch (err) {
    if ((err as { code?: unknown }).code === 'HANDOFF_WRITE_FAILED') return undefined;
    throw err;
  }
}
