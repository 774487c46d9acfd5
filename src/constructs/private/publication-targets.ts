// Shared input checks for things published to tenants (rights bundles, global roles) and for right lists.
import { Annotations, Token } from 'cdktf';
import { Construct } from 'constructs';
import {
  blankObjectNameError,
  blankTenantError,
  duplicateTenantError,
  invalidRightNameError,
  invalidVcdVersionFinding,
  paddedTenantError,
  publicationTargetBothError,
  publicationTargetEmptyError,
  publicationTargetNoneError,
  rightsAbsentInVersionFinding,
  rightUnknownWarning,
  unsupportedVcdVersionFinding,
} from '../errors';
import { RightsCatalogue } from '../rights-catalogue';
import { isSupportedVcdVersion, SUPPORTED_VCD_VERSIONS, tryParseVcdVersion } from '../../vcd/vcd-version';
import { reportSynthFindings } from './synth-findings';

export interface PublicationTargets {
  readonly tenants: string[];
  readonly publishToAllTenants: boolean;
}

/**
 * Exactly one of a non-empty tenant list or publishToAllTenants=true. The provider replaces the whole tenant
 * list on every apply (docs/vcd-protocol.md#rights-bundles-and-publication), so an empty list would silently
 * unpublish from everyone.
 */
export function validatePublicationTargets(
  scope: Construct,
  tenants: readonly string[] | undefined,
  publishToAllTenants: boolean | undefined,
): PublicationTargets {
  const path = scope.node.path;
  const all = publishToAllTenants === true;
  if (all && tenants !== undefined) throw publicationTargetBothError(path);
  if (!all && tenants === undefined) throw publicationTargetNoneError(path);
  if (all) return { tenants: [], publishToAllTenants: true };
  const list = tenants as readonly string[];
  if (Token.isUnresolved(list)) return { tenants: [...list], publishToAllTenants: false };
  if (list.length === 0) throw publicationTargetEmptyError(path);
  validateTenantNames(scope, list, 'tenants');
  return { tenants: [...list], publishToAllTenants: false };
}

/** Rejects blank, padded and duplicate organization names (concrete values only). */
export function validateTenantNames(scope: Construct, names: readonly string[], field: string): void {
  const seen = new Set<string>();
  names.forEach((name, index) => {
    if (Token.isUnresolved(name)) return;
    if (typeof name !== 'string' || name.trim() === '') throw blankTenantError(field, index, scope.node.path);
    if (name !== name.trim()) throw paddedTenantError(field, index, name, scope.node.path);
    if (seen.has(name)) throw duplicateTenantError(field, name, scope.node.path);
    seen.add(name);
  });
}

/** Rejects blank and padded right names; returns the list without duplicates, in first-seen order. */
export function normaliseRightNames(scope: Construct, rights: readonly string[], field: string): string[] {
  if (Token.isUnresolved(rights)) return [...rights];
  const result: string[] = [];
  rights.forEach((right, index) => {
    if (!Token.isUnresolved(right) && (typeof right !== 'string' || right.trim() === '' || right !== right.trim())) {
      throw invalidRightNameError(field, index, right, scope.node.path);
    }
    if (!result.includes(right)) result.push(right);
  });
  return result;
}

/**
 * Checks the environment's VCD version and the rights against the catalogue. A malformed or unsupported
 * version and rights the release does not have fail synth (reported, not thrown, so every environment's
 * problems show up in one run); rights the catalogue does not know get a warning (they may well exist, e.g. from
 * an extension). Nothing is checked while the version or a right is an unresolved token.
 */
export function validateVersionAndRights(scope: Construct, vcdVersion: string, rights: readonly string[], catalogue: RightsCatalogue): void {
  if (Token.isUnresolved(vcdVersion)) return;
  const version = tryParseVcdVersion(vcdVersion);
  if (!version) {
    reportSynthFindings(scope, [invalidVcdVersionFinding(vcdVersion)]);
    return;
  }
  if (!isSupportedVcdVersion(version.text)) {
    reportSynthFindings(scope, [unsupportedVcdVersionFinding(version.text, SUPPORTED_VCD_VERSIONS)]);
    return;
  }
  if (Token.isUnresolved(rights)) return;
  const concrete = rights.filter((r) => !Token.isUnresolved(r));
  const absent = concrete.filter((r) => catalogue.check(r, version) === 'absent');
  if (absent.length > 0) {
    reportSynthFindings(scope, [rightsAbsentInVersionFinding(version.text, absent.map((name) => ({ name, since: catalogue.sinceVersion(name) as string })))]);
  }
  for (const right of concrete) {
    if (catalogue.check(right, version) === 'unknown') Annotations.of(scope).addWarning(rightUnknownWarning(right, version.text));
  }
}

/** Rejects blank names for VCD objects (concrete values only). */
export function requireName(scope: Construct, value: string | undefined, field: string): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (typeof value !== 'string' || value.trim() === '' || value !== value.trim()) throw blankObjectNameError(field, value, scope.node.path);
}
