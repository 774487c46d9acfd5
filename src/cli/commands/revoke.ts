// `vcd-token revoke`: revoke tokens by id, by name (and owner), or the one in a token file. A token VCD no
// longer knows counts as revoked; an unconfirmed revoke (e.g. persistent 503) exits 7.
import type { RevokeResult } from '../../client/types';
import { booleanOption, COMMON_OPTIONS, CONNECTION_OPTIONS, stringOption, TOKEN_INPUT_OPTIONS } from '../arguments';
import type { CliCommand } from '../command';
import { EXIT_CODES, exitCodeFor } from '../exit-codes';
import { resolveApiToken, resolveConnection, resolveUser } from '../connection';
import { closeQuietly, openAnySession, openClient } from '../session';
import { CliUsageError } from '../usage-error';

export const revokeCommand: CliCommand = {
  name: 'revoke',
  summary: 'Revoke API tokens by id, by name, or the one in a token file',
  usage: [
    'vcd-token revoke <token-id>... | --name <name> [--owner <user>] | --token-file <path> [--json]',
    '',
    'With --token-file and no ids, revokes the token whose id the file records (token_id).',
    'Exit 7 when VCD did not confirm a revoke (the token may still be valid).',
  ],
  allowPositionals: true,
  options: {
    ...COMMON_OPTIONS,
    ...CONNECTION_OPTIONS,
    ...TOKEN_INPUT_OPTIONS,
    name: { type: 'string', valueName: 'name', description: 'Revoke every token with this name (of --owner, default the user)' },
    owner: { type: 'string', valueName: 'user', description: 'Owner for --name' },
    'delete-file': { type: 'boolean', description: 'Delete the --token-file after a confirmed revoke' },
  },
  async run({ io, out, values, positionals }) {
    const name = stringOption(values, 'name');
    if (positionals.length === 0 && !name && !stringOption(values, 'token-file') && !io.env.VCD_API_TOKEN_FILE) {
      throw new CliUsageError('Nothing to revoke: give token ids, --name <name>, or --token-file <path>.');
    }
    const tokenInput = positionals.length === 0 && !name ? await resolveApiToken(values, io) : undefined;
    const settings = resolveConnection(values, io, { url: tokenInput?.file?.vcdUrl, org: tokenInput?.file?.org });
    const client = openClient(settings, io, out);
    let opened;
    try {
      opened = await openAnySession(client, settings, values, io);
      let ids = [...positionals];
      if (name) {
        const owner = stringOption(values, 'owner') ?? resolveUser(values, io) ?? opened.session.user;
        ids = (await client.listTokens(opened.session, { name, ...(owner ? { owner } : {}) })).map((t) => t.id);
      } else if (ids.length === 0) {
        const id = tokenInput?.file?.tokenId;
        if (!id) throw new CliUsageError('The token file records no token_id; pass the token id (see `vcd-token list`).');
        ids = [id];
      }
      const results: (RevokeResult | { id: string; status: 'unconfirmed'; message: string })[] = [];
      let exit: number = EXIT_CODES.OK;
      for (const id of ids) {
        try {
          results.push(await client.revokeToken(opened.session, id));
        } catch (err) {
          const code = exitCodeFor(err);
          if (code !== EXIT_CODES.REVOKE_UNCONFIRMED) throw err;
          exit = code;
          results.push({ id, status: 'unconfirmed', message: out.safe((err as Error).message) });
        }
      }
      if (exit === EXIT_CODES.OK && booleanOption(values, 'delete-file') && tokenInput?.file) {
        const { rmSync } = await import('node:fs');
        rmSync(tokenInput.file.path, { force: true });
      }
      out.result({ results }, results.length === 0 ? ['No matching tokens.'] : results.map((r) => `${r.id}: ${r.status}`));
      return exit;
    } finally {
      await closeQuietly(client, opened?.session);
    }
  },
};
