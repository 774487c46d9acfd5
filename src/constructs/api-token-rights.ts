// The two VCD rights that govern API tokens, as named in role and rights-bundle right lists (vcd-api.md §8).
// The UI shows other labels; the label → name mapping is INFERRED from the docs (vcd-api.md §8).

/** Names of the VCD rights that control API tokens (available from VCD 10.3.1 / API 36.1). */
export const ApiTokenRight = {
  /** UI: "Manage user's own API token". Lets a user create, view and revoke their own tokens. */
  MANAGE_OWN: 'API Tokens: Manage',
  /** UI: "Manage all users' API tokens". Lets an administrator view and revoke other users' tokens. */
  MANAGE_ALL: 'API Tokens: Manage All',
} as const;

/** One of the API-token right names. */
export type ApiTokenRightName = (typeof ApiTokenRight)[keyof typeof ApiTokenRight];

/** The token rights a principal needs: own tokens only, or own plus everyone's. */
export function apiTokenRightsFor(includeManageAll: boolean): ApiTokenRightName[] {
  return includeManageAll ? [ApiTokenRight.MANAGE_OWN, ApiTokenRight.MANAGE_ALL] : [ApiTokenRight.MANAGE_OWN];
}
