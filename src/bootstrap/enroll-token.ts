// Enroll and rotate-with-write-back for one tenant: get a working token (a new one made with the automation
// user's password, or one a person made in the VCD UI), prove it with an exchange, write it to a SecretStore and
// wait for the store to confirm; only then revoke what it replaces (the earlier token of the same name, leftovers).
//
// Invariant (the point of this file): a token this function creates is, when it returns or throws, either held
// by the store (confirmed), or revoked, or named in the thrown error as not revoked (exit 7 / "revoke it by
// hand"). On any failure before the store confirmed the write, the new token is revoked and the old one is left
// as it was, so the pipeline keeps working with the old secret; except when the write may have landed without
// being confirmed (its answer or read-back lost): then the store may hold either token, so both stay valid and
// are named with exit 7, and a re-run settles it.
import type { BearerSession, CreatedApiToken } from '../client/types';
import { isVcdApiTokensError } from '../errors/vcd-api-tokens-error';
import type { SecretStore, StoreReceipt } from '../stores/secret-store';
import { StoreError } from '../stores/store-error';
import { abandonNewToken, TokenHandoverError } from './abandoned-token';
import { BootstrapError } from './bootstrap-error';
import { tokenNameFor, type CleanupOutcome } from './bootstrap-target';
import { preflightTokenRights, RIGHTS_ERROR_CODES } from './preflight';
import { revokeReplacedTokens } from './replaced-tokens';
import { apiTokenVariableName, passwordVariableName } from './target-variables';
import type { TokenApi } from './token-api';

export interface EnrollTokenOptions {
  /** The environment's name in the config: part of the token and secret names. */
  readonly env: string;
  /** The tenant org. */
  readonly tenant: string;
  /** The automation user (password mode). */
  readonly user: string;
  /** The environment's VCD URL, recorded with the secret (the store's metadata, never the value). */
  readonly url: string;
  /** Where the token goes; its write is confirmed before the replaced token is revoked. */
  readonly store: SecretStore;
  /** The user's password: a new token is created (enroll, rotate). One of `password` and `apiToken` is needed. @default - none */
  readonly password?: string;
  /** A token a person created (the VCD UI, MFA orgs): verified and stored as is; nothing is created or revoked. @default - none */
  readonly apiToken?: string;
  /** Called with every token value before it is written anywhere (CI masking). @default - none */
  readonly onNewSecret?: (value: string) => void;
}

export interface EnrollTokenResult {
  readonly env: string;
  readonly tenant: string;
  /** The secret's name in the store: VCD_API_TOKEN_<ENV>_<TENANT>. */
  readonly secretName: string;
  /** `created` (password mode) or `given` (--token-stdin). */
  readonly mode: 'created' | 'given';
  readonly tokenId?: string;
  readonly tokenName?: string;
  readonly receipt: StoreReceipt;
  /** The replaced token and leftovers of the same name (password mode). */
  readonly cleanup: readonly CleanupOutcome[];
  /** Things to tell the user (never secrets). */
  readonly notes: readonly string[];
}

const errorCode = (err: unknown): string => (isVcdApiTokensError(err) ? err.code : 'UNEXPECTED');

export async function enrollToken(client: TokenApi, options: EnrollTokenOptions): Promise<EnrollTokenResult> {
  const secretName = apiTokenVariableName(options.env, options.tenant);
  if (options.apiToken !== undefined) return storeGivenToken(client, options, secretName);
  if (options.password === undefined) {
    throw new BootstrapError(
      'BOOTSTRAP_MISSING_CREDENTIALS',
      `No password for '${options.user}' in ${options.env}/${options.tenant}: set ${passwordVariableName(options.env, options.tenant)} (or VCD_PASSWORD, or --password-stdin). A new token needs a password login: a session made from an API token cannot create tokens. For an org that requires MFA, create the token in the VCD UI and pass it with --token-stdin.`,
    );
  }
  const session = await client.loginWithPassword({ org: options.tenant, user: options.user, password: options.password });
  try {
    const created = await createWithDiagnosis(client, session, options);
    options.onNewSecret?.(created.apiToken.reveal());
    let receipt: StoreReceipt;
    try {
      // The exchange proves the token works before anyone depends on it; a rotating token's successor is the one kept.
      const bearer = await client.exchangeApiToken({ org: created.org, apiToken: created.apiToken });
      let value = created.apiToken.reveal();
      if (bearer.rotatedApiToken) {
        value = bearer.rotatedApiToken.reveal();
        options.onNewSecret?.(value);
      }
      receipt = await options.store.put(secretName, value, { tokenId: created.id, tokenName: created.name, org: created.org, vcdUrl: options.url });
    } catch (err) {
      if (err instanceof StoreError && err.writeMayHaveLanded) throw unsettledWrite(err, created, secretName, options);
      // Not confirmed in the store: the new token must not stay valid, and the old one (still in the store) stays.
      throw await abandonNewToken(client, session, created, err);
    }
    const cleanup = await revokeReplacedTokens(client, session, { keep: created.id, sameName: { name: tokenNameFor(options.env, options.tenant), owner: created.owner } });
    return { env: options.env, tenant: options.tenant, secretName, mode: 'created', tokenId: created.id, tokenName: created.name, receipt, cleanup, notes: [] };
  } finally {
    await client.logout(session).catch(() => undefined);
  }
}

/** Revoking either token could leave the store holding a dead one: keep both, name them, let a re-run settle it. */
function unsettledWrite(err: StoreError, created: CreatedApiToken, secretName: string, options: EnrollTokenOptions): TokenHandoverError {
  const name = tokenNameFor(options.env, options.tenant);
  return new TokenHandoverError(
    'BOOTSTRAP_HANDOVER_UNSETTLED',
    `${err.message} ${secretName} may now hold the new token ${created.id} (${created.name}) or still the one before it, so nothing was revoked: both stay valid. ` +
      `Run the same command again to settle it (it writes a new token and revokes every other token created as ${name}), or check with \`vcd-token list --name ${name}\`.`,
    created.id,
    false,
    err,
  );
}

async function createWithDiagnosis(client: TokenApi, session: BearerSession, options: EnrollTokenOptions): Promise<CreatedApiToken> {
  try {
    return await client.createApiToken(session, { name: tokenNameFor(options.env, options.tenant) });
  } catch (err) {
    if (!RIGHTS_ERROR_CODES.has(errorCode(err))) throw err;
    const preflight = await preflightTokenRights(client, session, { env: options.env, tenant: options.tenant, user: options.user }).catch(() => undefined);
    if (!preflight || preflight.ok) throw err;
    throw new BootstrapError('BOOTSTRAP_MISSING_RIGHT', `'${options.user}' cannot create API tokens in ${options.env}/${options.tenant}:\n  - ${preflight.problems.join('\n  - ')}`);
  }
}

/** A token a person made: prove it belongs to the tenant's org and works, then store it. Nothing is revoked. */
async function storeGivenToken(client: TokenApi, options: EnrollTokenOptions, secretName: string): Promise<EnrollTokenResult> {
  const given = (options.apiToken as string).trim();
  options.onNewSecret?.(given);
  let value = given;
  const bearer = await client.exchangeApiToken({ org: options.tenant, apiToken: given }).catch((err: unknown) => {
    if (errorCode(err) !== 'VCD_INVALID_GRANT') throw err;
    throw new BootstrapError('BOOTSTRAP_CI_TOKEN_REJECTED', `VCD refused the token read from stdin for org '${options.tenant}' (invalid_grant: revoked, mistyped, or a token of another org). Nothing was stored.`);
  });
  if (bearer.rotatedApiToken) {
    value = bearer.rotatedApiToken.reveal();
    options.onNewSecret?.(value);
  }
  if (bearer.authMethod === 'password') await client.logout(bearer).catch(() => undefined);
  let receipt: StoreReceipt;
  try {
    receipt = await options.store.put(secretName, value, { org: options.tenant, vcdUrl: options.url });
  } catch (err) {
    // Not ours to revoke: the person who made it still holds it. Say so, keeping the store's code (its exit code).
    if (!(err instanceof StoreError)) throw err;
    throw new StoreError(err.code, `${err.message} The token from stdin was not stored and is still valid: store it again, or revoke it in the VCD UI if it is no longer needed.`, { store: err.store, secretName, cause: err });
  }
  return {
    env: options.env,
    tenant: options.tenant,
    secretName,
    mode: 'given',
    receipt,
    cleanup: [],
    notes: [`If ${secretName} held another token before, that token is still valid: revoke it in the VCD UI (it was made outside vcd-token, so its name is not known here).`],
  };
}
