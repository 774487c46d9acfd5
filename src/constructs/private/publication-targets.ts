// Shared input checks for things published to tenants (rights bundles, global roles) and for right lists.
import { Annotations, Token } from 'cdktf';
import { Construct } from 'constructs';
import { VcdConstructError, validationMessage } from '../errors';
import { RightsCatalogue } from '../rights-catalogue';
import { parseSupportedVcdVersion, VcdVersion } from '../vcd-version';

export interface PublicationTargets {
  readonly tenants: string[];
  readonly publishToAllTenants: boolean;
}

/**
 * Exactly one of a non-empty tenant list or publishToAllTenants=true. The provider replaces the whole tenant
 * list on every apply (users-and-peers.md §3), so an empty list would silently unpublish from everyone.
 */
export function validatePublicationTargets(
  scope: Construct,
  tenants: readonly string[] | undefined,
  publishToAllTenants: boolean | undefined,
): PublicationTargets {
  const path = scope.node.path;
  const all = publishToAllTenants === true;
  if (all && tenants !== undefined) {
    throw new VcdConstructError(
      'VCD_PUBLICATION_TARGET',
      'both "tenants" and "publishToAllTenants: true" are set. VCD publishes to a list or to everyone, not both. ' +
        'Remove "tenants" to publish to all tenants, or drop "publishToAllTenants" to publish to the listed ones.',
      path,
    );
  }
  if (!all && tenants === undefined) {
    throw new VcdConstructError(
      'VCD_PUBLICATION_TARGET',
      'neither "tenants" nor "publishToAllTenants: true" is set, so it would be published to no tenant and be ' +
        'of no use. Set "tenants" to the organization names, or "publishToAllTenants: true".',
      path,
    );
  }
  if (all) return { tenants: [], publishToAllTenants: true };
  const list = tenants as readonly string[];
  if (Token.isUnresolved(list)) return { tenants: [...list], publishToAllTenants: false };
  if (list.length === 0) {
    throw new VcdConstructError(
      'VCD_PUBLICATION_TARGET',
      '"tenants" is empty. The provider replaces the whole tenant list on apply, so an empty list unpublishes it ' +
        'from every tenant. List at least one organization name, or set "publishToAllTenants: true".',
      path,
    );
  }
  validateTenantNames(scope, list, 'tenants');
  return { tenants: [...list], publishToAllTenants: false };
}

/** Rejects blank, padded and duplicate organization names (concrete values only). */
export function validateTenantNames(scope: Construct, names: readonly string[], field: string): void {
  const seen = new Set<string>();
  names.forEach((name, index) => {
    if (Token.isUnresolved(name)) return;
    if (typeof name !== 'string' || name.trim() === '') {
      throw new VcdConstructError(
        'VCD_INVALID_TENANT',
        `${field}[${index}] is blank. VCD resolves tenants by organization name, and a blank name fails the apply. ` +
          'Give the organization name exactly as VCD shows it (case-sensitive).',
        scope.node.path,
      );
    }
    if (name !== name.trim()) {
      throw new VcdConstructError(
        'VCD_INVALID_TENANT',
        `${field}[${index}] "${name}" has leading or trailing spaces. Organization names are matched exactly, so ` +
          `the apply would fail to find it. Write "${name.trim()}".`,
        scope.node.path,
      );
    }
    if (seen.has(name)) {
      throw new VcdConstructError(
        'VCD_DUPLICATE_TENANT',
        `${field} lists "${name}" more than once. Each organization is published to once; a duplicate usually ` +
          'means a typo in another entry. Remove the repeated name.',
        scope.node.path,
      );
    }
    seen.add(name);
  });
}

/** Rejects blank and padded right names; returns the list without duplicates, in first-seen order. */
export function normaliseRightNames(scope: Construct, rights: readonly string[], field: string): string[] {
  if (Token.isUnresolved(rights)) return [...rights];
  const result: string[] = [];
  rights.forEach((right, index) => {
    if (!Token.isUnresolved(right)) {
      if (typeof right !== 'string' || right.trim() === '' || right !== right.trim()) {
        throw new VcdConstructError(
          'VCD_INVALID_RIGHT_NAME',
          `${field}[${index}] ${JSON.stringify(right)} is not a right name. VCD looks rights up by exact name, so ` +
            'blank or space-padded names fail the apply. Use the name as VCD lists it, e.g. "API Tokens: Manage".',
          scope.node.path,
        );
      }
    }
    if (!result.includes(right)) result.push(right);
  });
  return result;
}

/** Parses the environment's VCD version unless it is a token (then no version checks are possible). */
export function parseVersionProp(scope: Construct, vcdVersion: string): VcdVersion | undefined {
  if (Token.isUnresolved(vcdVersion)) return undefined;
  try {
    return parseSupportedVcdVersion(vcdVersion);
  } catch (error) {
    if (VcdConstructError.isVcdConstructError(error)) {
      throw new VcdConstructError(error.code, `vcdVersion: ${error.message.replace(/^\[[A-Z_]+\] /, '')}`, scope.node.path);
    }
    throw error;
  }
}

/**
 * Fails on rights the catalogue knows to be missing in the release; warns on rights it does not know (they may
 * well exist, e.g. from an extension, so an error would block legitimate configs).
 */
export function checkRightsAvailable(
  scope: Construct,
  rights: readonly string[],
  version: VcdVersion,
  catalogue: RightsCatalogue,
): void {
  if (Token.isUnresolved(rights)) return;
  const concrete = rights.filter((r) => !Token.isUnresolved(r));
  const absent = concrete.filter((r) => catalogue.check(r, version) === 'absent');
  if (absent.length > 0) {
    const list = absent.map((r) => `"${r}" (first in VCD ${catalogue.sinceVersion(r)})`).join(', ');
    throw new VcdConstructError(
      'VCD_RIGHT_ABSENT_IN_VERSION',
      `VCD ${version.text} does not have ${absent.length === 1 ? 'the right' : 'the rights'} ${list}; the apply would ` +
        `fail looking ${absent.length === 1 ? 'it' : 'them'} up. Remove ${absent.length === 1 ? 'it' : 'them'}, or set ` +
        'vcdVersion to the release the environment really runs if it is newer.',
      scope.node.path,
    );
  }
  for (const right of concrete) {
    if (catalogue.check(right, version) === 'unknown') {
      Annotations.of(scope).addWarning(
        validationMessage('VCD_RIGHT_UNKNOWN', `The rights catalogue does not know "${right}", so whether VCD ${version.text} has it ` +
          'cannot be checked before apply. Check the spelling against the VCD rights list, or add it to the ' +
          'catalogue with RightsCatalogue.withEntries(...).'),
      );
    }
  }
}

/** Rejects blank names for VCD objects (concrete values only). */
export function requireName(scope: Construct, value: string | undefined, field: string): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (typeof value !== 'string' || value.trim() === '' || value !== value.trim()) {
    throw new VcdConstructError(
      'VCD_INVALID_PROP',
      `${field} ${JSON.stringify(value)} is blank or space-padded. VCD finds these objects by exact name, so the ` +
        'apply would fail or match nothing. Give a non-empty name without surrounding spaces.',
      scope.node.path,
    );
  }
}
