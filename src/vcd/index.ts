// Public face of src/vcd (part of the package root): the right names a user puts into bundles and roles, and the
// shape of rights catalogue entries. The release tables and version helpers are the toolkit's own; code inside
// the package imports them from their modules.
export { ApiTokenRight, ServiceAccountRight, type ApiTokenRightName, type RightEvidence, type RightsCatalogueEntry } from './rights';
