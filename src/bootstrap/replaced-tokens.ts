// After a new token is held (token file, CI store), the token it replaced and every other token created under
// the same name by the same owner (leftovers of crashed runs) are revoked. Each outcome is reported: a revoke VCD
// did not confirm, or a listing that failed, leaves a token that may be live, which the caller must name and exit
// 7 for; it is never swallowed.
import type { BearerSession, VcdTokenInfo } from '../client/types';
import type { CleanupOutcome } from './bootstrap-target';
import type { TokenApi } from './token-api';

export interface ReplacedTokens {
  /** The new token: never revoked. */
  readonly keep: string;
  /** Tokens known to be replaced (e.g. the id the token file recorded). */
  readonly replaced?: readonly (string | undefined)[];
  /** Also every token created as `name` by `owner`; `listing` when the caller has already sent that listing (listSameName). */
  readonly sameName?: SameName & { readonly listing?: Promise<SameNameListing> };
}

export interface SameName {
  readonly name: string;
  readonly owner: string;
}

/** The answer to the same-name listing: the tokens, or why they could not be listed. Never a rejection. */
export type SameNameListing = { readonly tokens: readonly VcdTokenInfo[] } | { readonly error: unknown };

/**
 * Sends the listing of the tokens created as `name` by `owner`. A read, so a caller may send it before the new token
 * is handed over and let VCD's round trip overlap the writes; what it finds is revoked only afterwards.
 */
export function listSameName(client: Pick<TokenApi, 'listTokens'>, session: BearerSession, sameName: SameName): Promise<SameNameListing> {
  return client.listTokens(session, { createdAs: sameName.name, owner: sameName.owner }).then(
    (tokens) => ({ tokens }),
    (error: unknown) => ({ error }),
  );
}

const codeOf = (err: unknown): string => String((err as { code?: unknown })?.code ?? 'error');

export async function revokeReplacedTokens(client: Pick<TokenApi, 'listTokens' | 'revokeToken'>, session: BearerSession, tokens: ReplacedTokens): Promise<CleanupOutcome[]> {
  const outcomes: CleanupOutcome[] = [];
  const ids = new Set<string>(tokens.replaced?.filter((id): id is string => id !== undefined) ?? []);
  if (tokens.sameName) {
    const listed = await (tokens.sameName.listing ?? listSameName(client, session, tokens.sameName));
    if ('tokens' in listed) {
      for (const t of listed.tokens) ids.add(t.id);
    } else {
      outcomes.push({
        name: tokens.sameName.name,
        status: 'unconfirmed',
        code: codeOf(listed.error),
        reason: `could not list the tokens created as ${tokens.sameName.name} (${codeOf(listed.error)}), so leftovers of that name may still be live: check with \`vcd-token list --name ${tokens.sameName.name}\``,
      });
    }
  }
  ids.delete(tokens.keep);
  for (const id of ids) {
    try {
      const result = await client.revokeToken(session, id);
      outcomes.push({ id: result.id, status: result.status });
    } catch (err) {
      outcomes.push({ id, status: 'unconfirmed', code: codeOf(err), reason: `revoking ${id} failed (${codeOf(err)}); it may still be valid: \`vcd-token revoke ${id}\`` });
    }
  }
  return outcomes;
}

/** The outcomes whose token may still be live. */
export function unconfirmedOutcomes(outcomes: readonly CleanupOutcome[]): CleanupOutcome[] {
  return outcomes.filter((o) => o.status === 'unconfirmed');
}

/** One line per outcome, for text output. */
export function describeCleanup(outcome: CleanupOutcome): string {
  if (outcome.status !== 'unconfirmed') return `${outcome.id}: ${outcome.status}`;
  return `${outcome.id ?? `leftovers of ${outcome.name}`}: NOT confirmed: ${outcome.reason ?? outcome.code}`;
}
