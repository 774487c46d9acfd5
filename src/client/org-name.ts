// Org-name mistakes are caught before any request: VCD wants the org *name* in `/oauth/tenant/{org}` and in
// Basic `user@org`. Real-world failures (docs/vcd-protocol.md#org-names) came from e-mail addresses, URNs, UUIDs and
// user names passed where the org belongs.
import { VcdError } from './errors';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for the provider org ("System", any case), which uses `/oauth/provider` and `/sessions/provider`. */
export function isSystemOrg(org: string): boolean {
  return org.toLowerCase() === 'system';
}

/**
 * Throws `VCD_BAD_ORG` when `org` is not plausibly a VCD org name. `user` (when known) catches the
 * "user name passed as org" mistake.
 */
export function assertOrgName(org: unknown, user?: string): asserts org is string {
  const fix = 'Pass the organization *name* as shown in the VCD UI (e.g. "acme", or "System" for the provider).';
  if (typeof org !== 'string' || org.trim() === '') {
    throw new VcdError('VCD_BAD_ORG', `The org is empty. ${fix}`);
  }
  if (org !== org.trim()) {
    throw new VcdError('VCD_BAD_ORG', `The org "${org}" has leading or trailing spaces. ${fix}`);
  }
  if (org.includes('@')) {
    throw new VcdError(
      'VCD_BAD_ORG',
      `The org "${org}" looks like an e-mail address or "user@org". VCD puts the org name in the URL path and in "user@org" itself, so the org must be the name alone. ${fix}`,
    );
  }
  if (/^urn:/i.test(org)) {
    throw new VcdError('VCD_BAD_ORG', `The org "${org}" is a URN (an id). VCD's login and OAuth endpoints take the org name, not its id. ${fix}`);
  }
  if (UUID_RE.test(org)) {
    throw new VcdError('VCD_BAD_ORG', `The org "${org}" is a UUID (an id). VCD's login and OAuth endpoints take the org name, not its id. ${fix}`);
  }
  if (/[\s/\\?#%:]/.test(org) || /[\u0000-\u001f\u007f]/.test(org)) {
    throw new VcdError('VCD_BAD_ORG', `The org "${org}" contains characters VCD org names cannot have (space, / \\ ? # % :). ${fix}`);
  }
  if (user !== undefined && user.toLowerCase() === org.toLowerCase()) {
    throw new VcdError(
      'VCD_BAD_ORG',
      `The org "${org}" is the same as the user name. This usually means the user name was passed where the org belongs. ${fix}`,
    );
  }
}
