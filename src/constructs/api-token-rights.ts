// The token rights a principal needs. The right names are VCD facts (src/vcd/rights.ts).
import { ApiTokenRight, type ApiTokenRightName } from '../vcd';

/** The token rights a principal needs: own tokens only, or own plus everyone's. */
export function apiTokenRightsFor(includeManageAll: boolean): ApiTokenRightName[] {
  return includeManageAll ? [ApiTokenRight.MANAGE_OWN, ApiTokenRight.MANAGE_ALL] : [ApiTokenRight.MANAGE_OWN];
}
