// Token source: mint a token with the tenant automation user's password (the "create" path), when no other
// source had one and minting is allowed (not --no-create / VCD_TOKEN_NO_CREATE=1). Log in, create
// `vcd-api-tokens-<env>-<tenant>`, hand it over (token file, env-file), record it as minted, then revoke the
// token it replaced and same-name leftovers, reporting every revoke that VCD did not confirm.
import * as fs from 'node:fs';
import { isVcdApiTokensError } from '../errors/vcd-api-tokens-error';
import { readTokenFile, tokenEnvEntries, writeEnvFile, writeTokenFile } from '../handoff';
import { abandonNewToken } from './abandoned-token';
import { BootstrapError } from './bootstrap-error';
import { IN_CHECKED_TOKEN_DIR, type BootstrapTarget, type BootstrapTargetResult } from './bootstrap-target';
import { preflightTokenRights, RIGHTS_ERROR_CODES } from './preflight';
import { revokeReplacedTokens } from './replaced-tokens';
import type { TokenSource, TokenSourceContext } from './token-source';

const errorCode = (err: unknown): string => (isVcdApiTokensError(err) ? err.code : 'UNEXPECTED');

export const mintedTokenSource: TokenSource = {
  name: 'created',
  async obtain(target: BootstrapTarget, context: TokenSourceContext): Promise<BootstrapTargetResult | undefined> {
    if (context.noCreate) return undefined;
    const user = target.tenant.automationUser;
    const password = await context.password({ env: target.env, tenant: target.org, user });
    if (password === undefined) return undefined;
    const { client } = context;
    const previousTokenId = recordedTokenId(target.tokenFile);
    const session = await client.loginWithPassword({ org: target.org, user, password });
    try {
      // No preflight on the happy path (it costs five requests): VCD refuses the register cleanly when a right
      // is missing, and only then is the role/bundle diagnosis worth its requests.
      const created = await client.createApiToken(session, { name: target.tokenName }).catch(async (err: unknown) => {
        if (!RIGHTS_ERROR_CODES.has(errorCode(err))) throw err;
        const preflight = await preflightTokenRights(client, session, { env: target.env, tenant: target.org, user }).catch(() => undefined);
        if (!preflight || preflight.ok) throw err;
        throw new BootstrapError('BOOTSTRAP_MISSING_RIGHT', `'${user}' cannot create API tokens in ${target.env}/${target.org}:\n  - ${preflight.problems.join('\n  - ')}`);
      });
      context.maskSecret(created.apiToken.reveal());
      // Not verified with an exchange: the grant that returned it is VCD's word that it is valid, and nothing
      // working is replaced (the stored token, if any, is already refused).
      try {
        await writeTokenFile(target.tokenFile, { apiToken: created.apiToken, tokenId: created.id, tokenName: created.name, org: created.org, vcdUrl: target.url }, IN_CHECKED_TOKEN_DIR);
        await writeEnvFile(target.envFile, tokenEnvEntries(created.apiToken), IN_CHECKED_TOKEN_DIR);
        await context.minted.add(target.tokenFile);
      } catch (err) {
        // Not (fully) handed over: revoke it, drop a token file written with it, and name it in the error.
        throw await abandonNewToken(client, session, created, err, { tokenFile: target.tokenFile });
      }
      // The name is this bootstrap's own (one per environment and tenant), so every other token created under it
      // is the replaced one or a leftover of a crashed run. Listed after the handover, off the path to the file;
      // concurrent bootstraps of one file are serialised by its lock, across hosts by the CI's concurrency group.
      const cleanup = await revokeReplacedTokens(client, session, { keep: created.id, replaced: [previousTokenId], sameName: { name: target.tokenName, owner: created.owner } });
      return {
        env: target.env,
        tenant: target.org,
        tokenId: created.id,
        tokenName: created.name,
        tokenFile: target.tokenFile,
        envFile: target.envFile,
        source: 'created',
        reused: false,
        created: true,
        cleanup,
        notes: [],
      };
    } finally {
      await client.logout(session).catch(() => undefined);
    }
  },
};

function recordedTokenId(file: string): string | undefined {
  if (!fs.existsSync(file)) return undefined;
  try {
    return readTokenFile(file).tokenId;
  } catch {
    return undefined;
  }
}
