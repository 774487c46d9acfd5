// The part of the VCD client the bootstrap and the CLI use. Declared here (structurally matching
// src/client's VcdClient) so bootstrap logic can be driven by the real client or by a test double.
import type { BearerSession, CreatedApiToken, RevokeResult, VcdRightsBundle, VcdSessionInfo, VcdTokenInfo, ListTokensFilter } from '../client/types';
import type { Secret } from '../client/redaction';
import type { VcdServiceAccounts } from '../client/service-accounts';

/** A right as returned by role/bundle right listings (VCD returns `{ name, id }`). */
export type RightLike = string | { readonly name: string };

export interface TokenApi {
  loginWithPassword(credentials: { org: string; user: string; password: Secret | string }): Promise<BearerSession>;
  createApiToken(session: BearerSession, options: { name: string }): Promise<CreatedApiToken>;
  exchangeApiToken(input: { org: string; apiToken: Secret | string }): Promise<BearerSession>;
  verifyBearer(session: BearerSession): Promise<unknown>;
  whoami(session: BearerSession): Promise<VcdSessionInfo>;
  listTokens(session: BearerSession, filter?: ListTokensFilter): Promise<readonly VcdTokenInfo[]>;
  revokeToken(session: BearerSession, id: string): Promise<RevokeResult>;
  getRoleRights(session: BearerSession, roleId: string): Promise<readonly RightLike[]>;
  listRightsBundles(session: BearerSession): Promise<readonly VcdRightsBundle[]>;
  getRightsBundleRights(session: BearerSession, bundleId: string): Promise<readonly RightLike[]>;
  logout(session: BearerSession): Promise<unknown>;
  close(): Promise<void>;
  /** Service accounts (the real client has them; a double for API tokens only need not). */
  readonly serviceAccounts?: Pick<VcdServiceAccounts, 'exchange'>;
}

export function rightName(right: RightLike): string {
  return typeof right === 'string' ? right : right.name;
}
