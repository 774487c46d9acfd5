// `vcd-token create`: password login as the token's owner, create an API token, hand it over safely.
import * as path from 'node:path';
import { BootstrapError, defaultTokenDir } from '../../bootstrap';
import { abandonNewToken, snapshotTokenFile } from '../../bootstrap/abandoned-token';
import type { CleanupOutcome } from '../../bootstrap/bootstrap-target';
import { preflightTokenRights, RIGHTS_ERROR_CODES } from '../../bootstrap/preflight';
import { describeCleanup, revokeReplacedTokens, unconfirmedOutcomes } from '../../bootstrap/replaced-tokens';
import { readTokenFile } from '../../handoff';
import { booleanOption, checkedTokenName, COMMON_OPTIONS, CONNECTION_OPTIONS, stringOption } from '../arguments';
import { EXIT_CODES } from '../exit-codes';
import type { CliCommand } from '../command';
import { requirePassword, requireUser, resolveConnection, resolvePath } from '../connection';
import { closeQuietly, openClient } from '../session';
import type { BearerSession, CreatedApiToken } from '../../client/types';
import type { TokenApi } from '../../bootstrap';
import { deliverToken, planTokenOutput, TOKEN_OUTPUT_OPTIONS } from '../token-output';
import { CliUsageError } from '../usage-error';

export const createCommand: CliCommand = {
  name: 'create',
  summary: 'Create an API token for the logged-in user and write it to a token file',
  usage: [
    'vcd-token create --name <name> [--token-file <path>] [--env-output <path>] [--json]',
    '',
    'Logs in with VCD_USER / VCD_PASSWORD (or --password-stdin) in VCD_ORG (VCD_SYS_ORG for System),',
    'creates an API token for that user, and writes it to the token file (default: <token dir>/<name>.json,',
    'mode 0600). Prints the token id, name and file, never the token. VCD names the token <name>~<8 hex>, a',
    'suffix unique to this attempt: if VCD\'s answer is lost mid-create, that name finds what it made, which',
    'is then revoked. Afterwards it lists your tokens once and names other live tokens of yours created as',
    '<name> (a killed earlier create, a lost file); --replace revokes them once the new token is written.',
    "Exit 7 when --replace could not confirm a revoke (the new token is written; the output names the old one).",
  ],
  options: {
    ...COMMON_OPTIONS,
    ...CONNECTION_OPTIONS,
    name: { type: 'string', valueName: 'name', description: 'Token name (required)' },
    'token-file': { type: 'string', valueName: 'path', description: 'Where to write the token (default <token dir>/<name>.json)' },
    replace: { type: 'boolean', description: 'Then revoke your other live tokens created as <name> (after the new one is written)' },
    ...TOKEN_OUTPUT_OPTIONS,
  },
  async run({ io, out, values }) {
    const givenName = stringOption(values, 'name');
    if (!givenName) throw new CliUsageError('Missing --name <name>: the name of the API token to create.');
    const name = checkedTokenName(givenName);
    const settings = resolveConnection(values, io);
    const user = requireUser(values, io);
    const fileOption = stringOption(values, 'token-file');
    const tokenFile = fileOption ? resolvePath(io, fileOption) : path.join(defaultTokenDir(io.env, io.cwd), `${name.replace(/[^A-Za-z0-9._-]/g, '_')}.json`);
    const plan = planTokenOutput(values, io, tokenFile);
    const replaced = previousTokenId(tokenFile);
    const password = await requirePassword(values, io);
    const client = openClient(settings, io, out);
    const session = await client.loginWithPassword({ org: settings.org, user, password }).catch(async (err) => {
      await closeQuietly(client);
      throw err;
    });
    // A refused create gets a diagnosis: which of role and published bundles lacks the right.
    const diagnoseRights = async (err: unknown): Promise<unknown> => {
      if (!RIGHTS_ERROR_CODES.has((err as { code?: string }).code ?? '')) return err;
      const preflight = await preflightTokenRights(client, session, { tenant: settings.org, user }).catch(() => undefined);
      if (!preflight || preflight.ok) return err;
      return new BootstrapError('BOOTSTRAP_MISSING_RIGHT', `'${user}' cannot create API tokens in org '${settings.org}':\n  - ${preflight.problems.join('\n  - ')}`);
    };
    try {
      const created = await client.createApiToken(session, { name }).catch(async (err: unknown) => {
        throw await diagnoseRights(err);
      });
      const previousFile = snapshotTokenFile(tokenFile);
      try {
        await deliverToken(plan, out, { apiToken: created.apiToken, tokenId: created.id, tokenName: created.name, org: created.org, vcdUrl: settings.url });
      } catch (err) {
        // Nobody holds the new secret (or only part of the destinations do): it must not stay valid.
        throw await abandonNewToken(client, session, created, err, { tokenFile, previousTokenFile: previousFile });
      }
      // Only now that the new token is held: the same-name check, and with --replace the revokes.
      const sameName = await settleSameNameTokens(client, session, created, replaced, booleanOption(values, 'replace'));
      out.result(
        {
          id: created.id,
          name: out.safe(created.name),
          org: out.safe(created.org),
          owner: out.safe(created.owner),
          tokenFile,
          envFile: plan.envFile ?? null,
          githubEnv: plan.githubEnv !== undefined,
          otherTokens: sameName.others,
          revoked: sameName.revoked,
        },
        [
          `Created API token ${out.safe(created.name)} (${created.id}) for ${out.safe(created.owner)}@${out.safe(created.org)}`,
          `Token file: ${tokenFile}`,
          ...(plan.envFile ? [`Env-file: ${plan.envFile}`] : []),
          ...(plan.githubEnv ? ['Exported VCD_API_TOKEN and TF_VAR_vcd_api_token to $GITHUB_ENV (masked)'] : []),
          ...(sameName.revoked.length > 0 ? [`Other tokens created as ${out.safe(created.requestedName)} (--replace):`, ...sameName.revoked.map((o) => `  ${out.safe(describeCleanup(o))}`)] : []),
        ],
      );
      if (replaced && replaced !== created.id && !sameName.revoked.some((o) => o.id === replaced)) {
        out.warn(`${tokenFile} held token ${replaced}, which is still valid on VCD. Revoke it (vcd-token revoke ${replaced}) or use \`vcd-token rotate\` next time.`);
      }
      if (sameName.lookupFailed) out.warn(`Could not check for other tokens created as ${out.safe(created.requestedName)} (${sameName.lookupFailed}).`);
      if (sameName.others.length > 0) {
        out.warn(
          `${sameName.others.length} other live token(s) of ${out.safe(created.owner)} were created as ${out.safe(created.requestedName)}: ${sameName.others.join(', ')}. ` +
            'Revoke the ones nobody uses (vcd-token revoke <id>), or pass --replace to revoke them once the new token is written.',
        );
      }
      const unconfirmed = unconfirmedOutcomes(sameName.revoked);
      if (unconfirmed.length === 0) return EXIT_CODES.OK;
      out.warn(`The new token is written, but ${unconfirmed.length === 1 ? 'a token it replaces' : `${unconfirmed.length} tokens it replaces`} may still be live: ${unconfirmed.map((o) => o.id ?? `leftovers of ${o.name}`).join(', ')}.`);
      return EXIT_CODES.REVOKE_UNCONFIRMED;
    } finally {
      await closeQuietly(client, session);
    }
  },
};

/** The id recorded in an existing token file, if any (never fails: the file is about to be replaced). */
function previousTokenId(file: string): string | undefined {
  try {
    return readTokenFile(file).tokenId;
  } catch {
    return undefined;
  }
}

interface SameNameOutcome {
  /** Other live tokens of the owner created as the name, left alone (without --replace). */
  readonly others: readonly string[];
  /** With --replace: what became of each of them (a listing that failed is an unconfirmed outcome). */
  readonly revoked: readonly CleanupOutcome[];
  /** Without --replace: the error code of a listing that failed (only a warning: nothing was asked of it). */
  readonly lookupFailed?: string;
}

/**
 * Other live tokens created under the same name (a killed earlier create, a lost token file): named, not
 * revoked, since someone may hold them, unless the caller asked to replace them (--replace). Runs after the
 * handover, so it never delays or endangers the new token.
 */
async function settleSameNameTokens(client: TokenApi, session: BearerSession, created: CreatedApiToken, replaced: string | undefined, replace: boolean): Promise<SameNameOutcome> {
  if (replace) {
    const revoked = await revokeReplacedTokens(client, session, { keep: created.id, sameName: { name: created.requestedName, owner: created.owner } });
    return { others: [], revoked };
  }
  try {
    const sameName = await client.listTokens(session, { createdAs: created.requestedName, owner: created.owner });
    return { others: sameName.map((t) => t.id).filter((id) => id !== created.id && id !== replaced), revoked: [] };
  } catch (err) {
    return { others: [], revoked: [], lookupFailed: String((err as { code?: unknown }).code ?? 'error') };
  }
}
