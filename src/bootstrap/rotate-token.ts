// Token rotation for one token file, serialised per host by the rotation lock:
// lock → read current → create new (same name) → verify (exchange + GET /api/org) → write file atomically
// → revoke old → revoke every other token created under that name by that owner (orphans of crashed runs) → unlock.
// The file always holds a working token: it is replaced only after the new token is verified, and the old
// token is revoked only after the new one is on disk.
import { requestedTokenName } from '../client/token-name';
import { acquireRotationLock, LockOptions, readTokenFile, writeTokenFile, SecretInput } from '../handoff';
import type { TokenApi } from './token-api';
import { abandonNewToken } from './abandoned-token';
import { BootstrapError } from './bootstrap-error';
import type { CleanupOutcome } from './bootstrap-target';
import { revokeReplacedTokens } from './replaced-tokens';

export interface RotateTokenOptions {
  /** The token file to rotate: read for the current token, replaced with the new one. */
  readonly tokenFile: string;
  /** The token owner's user name, to log in and create the new token. */
  readonly user: string;
  /** The owner's password (a string, or a value with reveal(), e.g. the client's Secret). */
  readonly password: SecretInput;
  /** Org of the token (the owner's org). @default the file's `org` */
  readonly org?: string;
  /** Token name, used only when the file records none. @default - none (the file's token name; rotation fails without either) */
  readonly name?: string;
  /** VCD address recorded in the new token file. @default - the one the current file records */
  readonly vcdUrl?: string;
  /** Allow a token file inside a git work tree / cdktf.out. @default false */
  readonly force?: boolean;
  /** How long and how often to wait for the file's rotation lock. @default the LockOptions defaults */
  readonly lock?: LockOptions;
  /** Called with the new token right after creation, before anything else is output (CI masking). @default - none */
  readonly onNewSecret?: (apiToken: string) => void;
}

export interface RotateTokenResult {
  readonly tokenId: string;
  readonly tokenName: string;
  readonly org: string;
  readonly owner: string;
  readonly previousTokenId?: string;
  /** Old and orphaned tokens and what happened to them (an unconfirmed one may still be live: exit 7). */
  readonly revoked: readonly CleanupOutcome[];
}

export async function rotateApiToken(client: TokenApi, options: RotateTokenOptions): Promise<RotateTokenResult> {
  const lock = await acquireRotationLock(options.tokenFile, options.lock);
  try {
    const current = readTokenFile(options.tokenFile);
    // The file records the VCD name of the current token (with its attempt suffix); the new one gets a new suffix.
    const recorded = current.tokenName ?? options.name;
    const name = recorded === undefined ? undefined : requestedTokenName(recorded);
    if (!name) throw new BootstrapError('BOOTSTRAP_TOKEN_FILE_INCOMPLETE', `${options.tokenFile} records no token_name; pass --name <name>.`);
    const org = options.org ?? current.org;
    if (!org) throw new BootstrapError('BOOTSTRAP_TOKEN_FILE_INCOMPLETE', `${options.tokenFile} records no org; set VCD_ORG or pass --org.`);
    const session = await client.loginWithPassword({ org, user: options.user, password: typeof options.password === 'string' ? options.password : options.password.reveal() });
    try {
      const created = await client.createApiToken(session, { name });
      options.onNewSecret?.(created.apiToken.reveal());
      // With rotation the verifying exchange kills created.apiToken and returns its successor: save that one.
      let apiToken = created.apiToken;
      try {
        const bearer = await client.exchangeApiToken({ org: created.org, apiToken: created.apiToken });
        if (bearer.rotatedApiToken) {
          apiToken = bearer.rotatedApiToken;
          options.onNewSecret?.(apiToken.reveal());
        }
        await client.verifyBearer(bearer);
        // The write is atomic: when it fails the file (and the old token) are as they were.
        await writeTokenFile(options.tokenFile, { apiToken, tokenId: created.id, tokenName: created.name, org: created.org, vcdUrl: options.vcdUrl ?? current.vcdUrl }, { force: options.force });
      } catch (err) {
        // The new token does not work or could not be saved: drop it and keep the file (and old token) as they are.
        throw await abandonNewToken(client, session, created, err);
      }

      // Every other token created under this name: the previous one and orphans of crashed runs (rotations of
      // one file are serialised by its lock).
      const revoked = await revokeReplacedTokens(client, session, { keep: created.id, replaced: [current.tokenId], sameName: { name, owner: created.owner } });
      return { tokenId: created.id, tokenName: created.name, org: created.org, owner: created.owner, previousTokenId: current.tokenId, revoked };
    } finally {
      await client.logout(session).catch(() => undefined);
    }
  } finally {
    lock.release();
  }
}
