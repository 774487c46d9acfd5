// Token source: the token file an earlier run left in the token dir (a developer machine, a persistent runner).
// Reuse costs one request: a successful exchange is VCD's word that the token is valid. Only a dead token
// (invalid_grant) is passed on to the next source; a network or server error fails the target instead of costing
// a new token.
import * as fs from 'node:fs';
import { isVcdApiTokensError } from '../errors/vcd-api-tokens-error';
import { readTokenFile, saveRotatedToken, tokenEnvEntries, writeEnvFile } from '../handoff';
import { IN_CHECKED_TOKEN_DIR, type BootstrapTarget, type BootstrapTargetResult } from './bootstrap-target';
import type { TokenSource, TokenSourceContext } from './token-source';

export const storedTokenSource: TokenSource = {
  name: 'token-dir',
  async obtain(target: BootstrapTarget, context: TokenSourceContext): Promise<BootstrapTargetResult | undefined> {
    if (!fs.existsSync(target.tokenFile)) return undefined;
    const stored = readTokenFile(target.tokenFile);
    let current = stored.apiToken;
    try {
      const bearer = await context.client.exchangeApiToken({ org: target.org, apiToken: stored.apiToken });
      if (bearer.rotatedApiToken) {
        // A rotating token (service account): persist the new one before anything else, or it is lost.
        current = bearer.rotatedApiToken.reveal();
        context.maskSecret(current);
        await saveRotatedToken(target.tokenFile, { apiToken: current, tokenId: stored.tokenId, tokenName: stored.tokenName, org: stored.org ?? target.org, vcdUrl: stored.vcdUrl ?? target.url }, IN_CHECKED_TOKEN_DIR);
      }
    } catch (err) {
      if (isVcdApiTokensError(err) && err.code === 'VCD_INVALID_GRANT') return undefined;
      throw err;
    }
    await writeEnvFile(target.envFile, tokenEnvEntries(current), IN_CHECKED_TOKEN_DIR);
    return {
      env: target.env,
      tenant: target.org,
      tokenId: stored.tokenId,
      tokenName: stored.tokenName ?? target.tokenName,
      tokenFile: target.tokenFile,
      envFile: target.envFile,
      source: 'token-dir',
      reused: true,
      created: false,
      cleanup: [],
      notes: [],
    };
  },
};
