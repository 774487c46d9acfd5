// Public surface of the emulator's world model (orgs, users, rights, roles, bundles, tokens).
export * from './types';
export * from './errors';
export { World, UNDEFINED_BUNDLE_KEY, SYSTEM_ORG_NAME } from './world';
export type {
  WorldOptions, WorldState, NewOrg, NewUser, UserChanges, NewRight, NewRole, RoleChanges,
  NewPublishableRightsSet, PublishableRightsSetChanges, TokenChanges, ServiceAccountChanges,
} from './world-inputs';
export { hashPassword, verifyPasswordHash, isPasswordHash, hashTokenSecret } from './secrets';
export { nameBasedUuid, newUrn, stableUrn, parseUrn, type WorldEntityKind } from './ids';
// compareVcdVersions stays internal: src/constructs exports one under that name.
export { vcdVersionFromApiVersion } from './vcd-version';
export * from './rights-catalogue';
export * from './seed';
export * from './demo-world';
export { persistWorld, loadStateFile, writeFileAtomic } from './persistence';
