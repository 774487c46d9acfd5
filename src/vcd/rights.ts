// Names of the VCD rights this toolkit relies on, and the release each exists from (docs/vcd-protocol.md#rights).
// Constructs check bundles and roles against this list; the bootstrap's preflight looks for the token right.

/** Names of the VCD rights that control API tokens (from VCD 10.3.1 / API 36.1), as roles and bundles list them. */
export const ApiTokenRight = {
  /** UI: "Manage user's own API token". Lets a user create, view and revoke their own tokens. */
  MANAGE_OWN: 'API Tokens: Manage',
  /** UI: "Manage all users' API tokens". Lets an administrator view and revoke other users' tokens. */
  MANAGE_ALL: 'API Tokens: Manage All',
} as const;

/** One of the API-token right names. */
export type ApiTokenRightName = (typeof ApiTokenRight)[keyof typeof ApiTokenRight];

/**
 * Names of the service-account rights (from VCD 10.4; LIMITED_VIEW from 10.4.1). Only their UI labels are
 * documented; the toolkit uses those as the right names (a GAP, docs/vcd-protocol.md#rights).
 */
export const ServiceAccountRight = {
  VIEW: 'View Service Accounts',
  MANAGE: 'Manage Service Accounts',
  /** Lists service accounts without their software details. */
  LIMITED_VIEW: 'Limited Service Accounts View',
} as const;

/** How well a catalogue entry is sourced. */
export type RightEvidence =
  /** Named in VMware docs or provider examples (see `source`). */
  | 'documented'
  /** Believed from general VCD knowledge; not traced to a cited source. */
  | 'inferred'
  /** The feature is documented but the exact `/rights` name is not; the UI name is used. */
  | 'gap-name';

/** One right and the first release that has it. */
export interface RightsCatalogueEntry {
  /** The right's name as VCD lists it in roles and bundles. */
  readonly name: string;
  /** First VCD release that has the right, e.g. "10.3.1". */
  readonly since: string;
  /** @default 'inferred' */
  readonly evidence?: RightEvidence;
  /** Where the fact comes from, or why it was chosen. @default - none */
  readonly source?: string;
}

const VCD_10_0 = '10.0';
const RIGHTS_DOC = 'docs/vcd-protocol.md#rights';

/**
 * Rights the toolkit knows out of the box.
 *
 * - API-token rights: from 10.3.1 (API 36.1).
 * - Service-account rights: the feature arrived in 10.4 (API 37.0) and "Limited Service Accounts View" in
 *   10.4.1. Their exact `/rights` names are undocumented (GAP); the UI names are used, which is how VCD names
 *   most rights. Treat them as a best guess.
 * - Ordinary tenant rights: all marked `inferred` and dated 10.0 (the oldest release modelled); they exist in
 *   every supported release, so the exact first release does not change any check.
 * - "Organization: Traversal": 10.5.1, from the provider's CSE 4.2 example, which adds it only for VCD ≥ 10.5.1.
 */
export const VCD_RIGHTS: readonly RightsCatalogueEntry[] = [
  { name: ApiTokenRight.MANAGE_OWN, since: '10.3.1', evidence: 'documented', source: `${RIGHTS_DOC} (TPV CSE examples, DOC-TOK)` },
  { name: ApiTokenRight.MANAGE_ALL, since: '10.3.1', evidence: 'documented', source: `${RIGHTS_DOC} (DOC-TOK, VCFA default bundle)` },
  { name: ServiceAccountRight.VIEW, since: '10.4', evidence: 'gap-name', source: `${RIGHTS_DOC} (BLOG-SA, DOC-SA: UI name)` },
  { name: ServiceAccountRight.MANAGE, since: '10.4', evidence: 'gap-name', source: `${RIGHTS_DOC} (BLOG-SA, DOC-SA: UI name)` },
  { name: ServiceAccountRight.LIMITED_VIEW, since: '10.4.1', evidence: 'gap-name', source: `${RIGHTS_DOC} (BLOG-SA, DOC-SA: UI name)` },
  { name: 'Organization: Traversal', since: '10.5.1', evidence: 'documented', source: `${RIGHTS_DOC} (TPV CSE 4.2 example: added only for VCD >= 10.5.1)` },
  ...[
    'Organization: View',
    'General: View Error Details',
    'Access All Organization VDCs',
    'Organization vDC: View',
    'Organization vDC Network: View Properties',
    'Organization vDC Network: Edit Properties',
    'Organization vDC Gateway: View',
    'Organization vDC Gateway: Configure NAT',
    'Organization vDC Gateway: Configure Firewall',
    'Organization vDC Named Disk: Create',
    'Organization vDC Named Disk: View Properties',
    'Catalog: View Private and Shared Catalogs',
    'Catalog: Add vApp from My Cloud',
    'vApp Template / Media: View',
    'vApp Template / Media: Edit',
    'vApp: Create / Reconfigure a vApp',
    'vApp: Delete',
    'vApp: Edit Properties',
    'vApp: Edit VM Properties',
    'vApp: Power Operations',
    'vApp: Use Console',
    'vApp: View VM metrics',
  ].map((name): RightsCatalogueEntry => ({ name, since: VCD_10_0, evidence: 'inferred' })),
];
