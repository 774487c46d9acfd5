// `vcd-token revoke`: revoke tokens by id, by name (and owner), or the one in a token file. VCD answers 403
// both for a token that no longer exists and for one this session cannot see, so a 403/404 alone proves
// nothing. Exit 0 only when the answer is certain: revoked; gone by its own exchange (we hold its secret);
// listed a moment ago by this session (by --name); or asked by a system administrator, who sees every token.
// Anything else is unconfirmed (exit 7: someone revoking a leaked token must not read "done"), unless the
// caller asked for idempotence (--if-exists). An unconfirmed revoke keeps the token file.
import type { RevokeResult } from '../../client/types';
import { VcdError } from '../../client/errors';
import { booleanOption, checkedTokenName, COMMON_OPTIONS, CONNECTION_OPTIONS, stringOption, TOKEN_INPUT_OPTIONS } from '../arguments';
import type { CliCommand } from '../command';
import { EXIT_CODES, exitCodeFor } from '../exit-codes';
import { resolveApiToken, resolveConnection, resolveUser, tokenFileFallback } from '../connection';
import { OpenedSession, withAnySession } from '../session';
import { ApiTokenRight } from '../../vcd/rights';
import { rightName, type TokenApi } from '../../bootstrap/token-api';
import type { ConnectionSettings, TokenInput } from '../connection';
import type { CliIo } from '../cli-io';
import { exchangeKeepingRotation } from '../token-exchange';
import { CliUsageError } from '../usage-error';

export const revokeCommand: CliCommand = {
  name: 'revoke',
  summary: 'Revoke API tokens by id, by name, or the one in a token file',
  usage: [
    'vcd-token revoke <token-id>... | --name <name> [--owner <user>] | --token-file <path> [--json]',
    '',
    'With --token-file and no ids, revokes the token whose id the file records (token_id).',
    'Exit 7 when VCD did not confirm a revoke (the token may still be valid); --delete-file then keeps the file.',
    'VCD answers the same (403) for a token that is gone and one this session cannot see: with the token',
    'file the token is exchanged to tell them apart; by id, that answer is certain only for a system',
    'administrator (who sees every token), else it exits 7. --if-exists accepts it (idempotent cleanup).',
  ],
  allowPositionals: true,
  options: {
    ...COMMON_OPTIONS,
    ...CONNECTION_OPTIONS,
    ...TOKEN_INPUT_OPTIONS,
    name: { type: 'string', valueName: 'name', description: 'Revoke every token created with this name (of --owner, default the user)' },
    owner: { type: 'string', valueName: 'user', description: 'Owner for --name' },
    'delete-file': { type: 'boolean', description: 'Delete the --token-file after a confirmed revoke' },
    'if-exists': { type: 'boolean', description: 'Exit 0 when VCD answers 403/404 for an id (gone, or not visible to this session): for idempotent cleanup' },
  },
  async run({ io, out, values, positionals }) {
    const givenName = stringOption(values, 'name');
    const name = givenName === undefined ? undefined : checkedTokenName(givenName);
    if (positionals.length === 0 && !name && !stringOption(values, 'token-file') && !io.env.VCD_API_TOKEN_FILE) {
      throw new CliUsageError('Nothing to revoke: give token ids, --name <name>, or --token-file <path>.');
    }
    const tokenInput = positionals.length === 0 && !name ? await resolveApiToken(values, io) : undefined;
    const settings = resolveConnection(values, io, tokenFileFallback(tokenInput?.file));
    return withAnySession(settings, values, io, out, async (client, opened) => {
      let ids = [...positionals];
      if (name) {
        const owner = stringOption(values, 'owner') ?? resolveUser(values, io) ?? opened.session.user;
        ids = (await client.listTokens(opened.session, { createdAs: name, ...(owner ? { owner } : {}) })).map((t) => t.id);
      } else if (ids.length === 0) {
        const id = tokenInput?.file?.tokenId;
        if (!id) throw new CliUsageError('The token file records no token_id; pass the token id (see `vcd-token list`).');
        ids = [id];
      }
      const results: RevokeOutcome[] = [];
      let exit: number = EXIT_CODES.OK;
      // The secret we hold belongs to this id only when the id came from the token input itself.
      const heldToken = positionals.length === 0 && !name ? tokenInput : undefined;
      const ifExists = booleanOption(values, 'if-exists');
      let sight: Promise<Sight> | undefined;
      for (const id of ids) {
        try {
          const result = await client.revokeToken(opened.session, id);
          // Listed by this session a moment ago, so visible to it: a 403 now means it is gone.
          if (result.status !== 'already-gone' || name) results.push(result);
          else if (heldToken) results.push(await confirmGone(client, settings, heldToken, io, opened, result.id));
          else results.push(judgeUnseen(result.id, await (sight ??= sessionSight(client, opened)), ifExists));
        } catch (err) {
          const code = exitCodeFor(err);
          if (code !== EXIT_CODES.REVOKE_UNCONFIRMED) throw err;
          exit = code;
          results.push({ id, status: 'unconfirmed', message: out.safe((err as Error).message) });
        }
      }
      const deleteFile = booleanOption(values, 'delete-file') && tokenInput?.file !== undefined;
      // Never delete the only copy of a token that may still be live.
      if (deleteFile && exit === EXIT_CODES.OK && tokenInput?.file) {
        const { rmSync } = await import('node:fs');
        rmSync(tokenInput.file.path, { force: true });
      }
      const keptNote = deleteFile && exit !== EXIT_CODES.OK ? [`Kept ${tokenInput?.file?.path}: the revoke was not confirmed.`] : [];
      out.result(
        { results, ...(deleteFile ? { fileDeleted: exit === EXIT_CODES.OK } : {}) },
        results.length === 0 ? ['No matching tokens.'] : [...results.map(describeOutcome), ...keptNote],
      );
      return exit;
    });
  },
};

type RevokeOutcome =
  | RevokeResult
  | { readonly id: string; readonly status: 'already-gone'; readonly note: string }
  | { readonly id: string; readonly status: 'unconfirmed'; readonly message: string };

const AMBIGUOUS_NOTE =
  'VCD answered 403/404, which means either that the token no longer exists or that this session cannot see it (another org, or another owner without API Tokens: Manage All); if in doubt, check as its owner with vcd-token list.';

/** Which tokens a 403/404 could be hiding from this session. */
type Sight = 'every-token' | 'own-org' | 'own-token' | 'this-token';

/**
 * What this session can see. Only a provider (System) session with API Tokens: Manage All sees every token
 * ("system administrators can do so for any user"); a tenant administrator sees its own org's, so a token of
 * another org answers 403 as a gone one does. Rights are read only for System sessions, where the answer can
 * make a 403 certain; when they cannot be read, nothing is assumed.
 */
async function sessionSight(client: TokenApi, opened: OpenedSession): Promise<Sight> {
  if (opened.via !== 'password') return 'this-token';
  if (opened.session.org.toLowerCase() !== 'system') return 'own-org';
  try {
    for (const role of opened.session.info?.roleRefs ?? []) {
      if ((await client.getRoleRights(opened.session, role.id)).some((r) => rightName(r) === ApiTokenRight.MANAGE_ALL)) return 'every-token';
    }
  } catch {
    // Unknown rights: treated as the narrowest sight, so the answer stays unconfirmed.
  }
  return 'own-token';
}

/** A 403/404 by id without the token's secret: certain only when the session sees every token. */
function judgeUnseen(id: string, sight: Sight, ifExists: boolean): RevokeOutcome {
  if (sight === 'every-token') return { id, status: 'already-gone' };
  if (ifExists) return { id, status: 'already-gone', note: AMBIGUOUS_NOTE };
  const hidden = {
    'this-token': 'an API-token session sees only its own token',
    'own-org': 'a token of another org, or of another user of this org when the session lacks API Tokens: Manage All',
    'own-token': "another user's token, as this session lacks API Tokens: Manage All",
  }[sight];
  throw new VcdError(
    'VCD_REVOKE_UNCONFIRMED',
    `VCD answered 403/404: the token no longer exists, or this session cannot see it (${hidden}). It may still be live: revoke it as its owner, an administrator of its org, or a system administrator (who sees every token); or, for cleanup where either answer is fine, pass --if-exists.`,
    { details: { id } },
  );
}

function describeOutcome(r: RevokeOutcome): string {
  if ('note' in r) return `${r.id}: already-gone or not visible to this session. ${r.note}`;
  if ('message' in r) return `${r.id}: unconfirmed: ${r.message}`;
  return `${r.id}: ${r.status}`;
}

/**
 * VCD said 403/404 for the token whose secret we hold: exchange it to learn which. Still exchangeable means
 * the session simply cannot see it (unconfirmed); invalid_grant means it is really gone.
 */
async function confirmGone(client: TokenApi, settings: ConnectionSettings, token: TokenInput, io: CliIo, opened: OpenedSession, id: string): Promise<RevokeOutcome> {
  let probe;
  try {
    probe = await exchangeKeepingRotation(client, settings, token, io);
  } catch (err) {
    if ((err as { code?: unknown }).code === 'VCD_INVALID_GRANT') return { id, status: 'already-gone' };
    throw new VcdError('VCD_REVOKE_UNCONFIRMED', `VCD answered 403/404 to revoking token ${id}, and checking whether it still works failed (${String((err as { code?: unknown }).code ?? 'error')}); the token may still be live. Retry the revoke.`, { details: { id } });
  }
  if (probe.session !== opened.session) await client.logout(probe.session).catch(() => undefined);
  const who = opened.via === 'password' ? `'${opened.user ?? 'this user'}'` : 'this session';
  throw new VcdError(
    'VCD_REVOKE_UNCONFIRMED',
    `Token ${id} is still valid: ${who} cannot see it (VCD answers 403 for tokens of other owners). Revoke it as its owner, with the token itself (no VCD_USER/VCD_PASSWORD), or as a user with API Tokens: Manage All.`,
    { details: { id } },
  );
}
