// The emulator's rights catalogue (names aligned with src/vcd/rights.ts so bundles the
// constructs declare resolve here too): the token rights, the service-account rights and a realistic set of
// ordinary rights, each tagged with the VCD release that introduced it so an older emulated release
// simply lacks the newer rights (as a real VCD would).
import { compareVcdVersions } from './vcd-version';
import type { RightType } from './types';

/** A catalogue entry before it becomes a `Right` (ids are derived from the name). */
export interface RightDefinition {
  readonly name: string;
  readonly category: string;
  readonly rightType: RightType;
  readonly description: string;
  /** First VCD release that has the right. @default "10.0" */
  readonly since?: string;
  /** Only for the provider (System org); never put in tenant bundles by the demo world. @default false */
  readonly providerOnly?: boolean;
}

/** Right names the rest of the toolkit refers to. */
export const TOKEN_RIGHT_MANAGE = 'API Tokens: Manage';
export const TOKEN_RIGHT_MANAGE_ALL = 'API Tokens: Manage All';
// GAP (docs/vcd-protocol.md#rights): only the UI labels of the service-account rights are documented; the emulator uses
// them verbatim as right names.
export const SERVICE_ACCOUNT_RIGHT_VIEW = 'View Service Accounts';
export const SERVICE_ACCOUNT_RIGHT_MANAGE = 'Manage Service Accounts';
export const SERVICE_ACCOUNT_RIGHT_LIMITED_VIEW = 'Limited Service Accounts View';

/** Rights that tenant roles need to create and manage API tokens. */
export const TOKEN_RIGHTS: readonly string[] = [TOKEN_RIGHT_MANAGE, TOKEN_RIGHT_MANAGE_ALL];
export const SERVICE_ACCOUNT_RIGHTS: readonly string[] = [
  SERVICE_ACCOUNT_RIGHT_VIEW,
  SERVICE_ACCOUNT_RIGHT_MANAGE,
  SERVICE_ACCOUNT_RIGHT_LIMITED_VIEW,
];

const v = (name: string, category: string, description: string, extra: Partial<RightDefinition> = {}): RightDefinition => ({
  name, category, rightType: 'VIEW', description, ...extra,
});
const m = (name: string, category: string, description: string, extra: Partial<RightDefinition> = {}): RightDefinition => ({
  name, category, rightType: 'MODIFY', description, ...extra,
});

/** Every right the emulator knows, newest releases included. Categories of the token and SA rights: GAP. */
export const RIGHTS_CATALOGUE: readonly RightDefinition[] = [
  m(TOKEN_RIGHT_MANAGE, 'API Tokens', "Manage user's own API token", { since: '10.3.1' }),
  m(TOKEN_RIGHT_MANAGE_ALL, 'API Tokens', "Manage all users' API tokens", { since: '10.3.1' }),
  v(SERVICE_ACCOUNT_RIGHT_VIEW, 'Service Accounts', 'View service accounts', { since: '10.4' }),
  m(SERVICE_ACCOUNT_RIGHT_MANAGE, 'Service Accounts', 'Create, edit, grant and revoke service accounts', { since: '10.4' }),
  v(SERVICE_ACCOUNT_RIGHT_LIMITED_VIEW, 'Service Accounts', 'View service accounts without their software details', { since: '10.4.1' }),

  v('General: Administrator View', 'General', 'View the administrator parts of the organization'),
  m('General: Administrator Control', 'General', 'Control the administrator parts of the organization'),
  v('Organization: View', 'Organization', 'View organizations'),
  m('Organization: Edit Properties', 'Organization', 'Edit organization properties'),
  m('Organization: Edit Name', 'Organization', 'Edit organization name'),
  v('Organization vDC: View', 'Organization VDC', 'View organization virtual data centers'),
  v('Access All Organization VDCs', 'Organization VDC', 'Access all organization virtual data centers'),
  v('Organization vDC Network: View Properties', 'Organization VDC Network', 'View organization network properties'),
  m('Organization vDC Network: Edit Properties', 'Organization VDC Network', 'Edit organization network properties'),
  v('Organization vDC Gateway: View', 'Organization VDC Gateway', 'View edge gateways'),
  m('Organization vDC Gateway: Configure Firewall', 'Organization VDC Gateway', 'Configure edge gateway firewall'),
  m('Organization vDC Gateway: Configure NAT', 'Organization VDC Gateway', 'Configure edge gateway NAT'),
  m('vApp: Create / Reconfigure a vApp', 'vApp', 'Create or reconfigure a vApp'),
  m('vApp: Delete', 'vApp', 'Delete a vApp'),
  m('vApp: Edit Properties', 'vApp', 'Edit vApp properties'),
  m('vApp: Power Operations', 'vApp', 'Start, stop, suspend and reset vApps'),
  v('vApp: View VM metrics', 'vApp', 'View VM metrics'),
  v('Catalog: View Private and Shared Catalogs', 'Catalog', 'View private and shared catalogs'),
  m('Catalog: Create / Delete a new Catalog', 'Catalog', 'Create or delete catalogs'),
  m('Catalog: Add vApp from My Cloud', 'Catalog', 'Add a vApp to a catalog'),
  m('Catalog: Sharing', 'Catalog', 'Share catalogs'),
  v('vApp Template / Media: View', 'Catalog Item', 'View vApp templates and media'),
  m('vApp Template / Media: Create / Upload', 'Catalog Item', 'Upload vApp templates and media'),
  v('Organization vDC Named Disk: View Properties', 'Named Disk', 'View named disk properties'),
  m('Organization vDC Named Disk: Create', 'Named Disk', 'Create named disks'),
  v('General: View Error Details', 'General', 'View error details'),
  m('vApp Template / Media: Edit', 'Catalog Item', 'Edit vApp templates and media'),
  m('vApp: Edit VM Properties', 'vApp', 'Edit VM properties'),
  m('vApp: Use Console', 'vApp', 'Use the VM console'),
  v('Organization: Traversal', 'Organization', 'Traverse the organization', { since: '10.5.1' }),
  v('Rights Bundle: View', 'Rights Bundle', 'View rights bundles'),
  m('Rights Bundle: Edit', 'Rights Bundle', 'Create, edit and publish rights bundles', { providerOnly: true }),
  v('Role: View', 'Role', 'View roles'),
  m('Role: Create, Edit, Delete, or Copy', 'Role', 'Create, edit, delete or copy roles'),
  v('Global Role: View', 'Global Role', 'View global roles'),
  m('Global Role: Create, Edit, Delete, or Copy', 'Global Role', 'Create, edit, delete, copy and publish global roles', { providerOnly: true }),
  v('User: View', 'User', 'View users'),
  v('Group / User: View', 'User', 'View groups and users'),
  m('Organization: Edit Users', 'User', 'Create, edit and delete users of the organization'),
  v('Provider vDC: View', 'Provider VDC', 'View provider virtual data centers', { providerOnly: true }),
  m('Provider vDC: Create, Edit, Delete', 'Provider VDC', 'Manage provider virtual data centers', { providerOnly: true }),
  m('Organization: Create, Delete', 'Organization', 'Create and delete organizations', { providerOnly: true }),
];

/** The catalogue as it exists in the given VCD release. */
export function rightsAvailableIn(vcdVersion: string, catalogue: readonly RightDefinition[] = RIGHTS_CATALOGUE): RightDefinition[] {
  return catalogue.filter((right) => compareVcdVersions(right.since ?? '10.0', vcdVersion) <= 0);
}
