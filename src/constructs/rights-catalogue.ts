// Which VCD rights exist from which release, so a bundle or role that names a right the target VCD does not
// have fails at synth instead of at apply ("error retrieving right <name>",
// docs/vcd-protocol.md#rights-bundles-and-publication). The default entries are the facts of src/vcd/rights.ts.
import { type RightsCatalogueEntry, VCD_RIGHTS } from '../vcd/rights';
import { compareVcdVersions, type VcdVersion } from '../vcd/vcd-version';
import { duplicateCatalogueEntryError } from './errors';
import { parseVcdVersion } from './vcd-version';

/** Result of asking whether a right exists in a release. */
export type RightAvailability = 'available' | 'absent' | 'unknown';

/** A version-aware list of VCD rights. Immutable; `withEntries` returns an extended copy. */
export class RightsCatalogue {
  /** The catalogue of {@link VCD_RIGHTS}. */
  public static default(): RightsCatalogue {
    return new RightsCatalogue(VCD_RIGHTS);
  }

  private readonly byName: ReadonlyMap<string, { entry: RightsCatalogueEntry; since: VcdVersion }>;

  public constructor(entries: readonly RightsCatalogueEntry[]) {
    const byName = new Map<string, { entry: RightsCatalogueEntry; since: VcdVersion }>();
    for (const entry of entries) {
      if (byName.has(entry.name)) throw duplicateCatalogueEntryError(entry.name);
      byName.set(entry.name, { entry, since: parseVcdVersion(entry.since) });
    }
    this.byName = byName;
  }

  /** A copy with more (or replaced) entries, for sites that track rights of their own extensions. */
  public withEntries(entries: readonly RightsCatalogueEntry[]): RightsCatalogue {
    const merged = new Map<string, RightsCatalogueEntry>();
    for (const { entry } of this.byName.values()) merged.set(entry.name, entry);
    for (const entry of entries) merged.set(entry.name, entry);
    return new RightsCatalogue([...merged.values()]);
  }

  /**
   * 'available' when the right exists in that release, 'absent' when it came later, 'unknown' when not listed.
   * Throws CONSTRUCT_INVALID_VCD_VERSION for a malformed version.
   */
  public check(rightName: string, vcdVersion: string | VcdVersion): RightAvailability {
    const known = this.byName.get(rightName);
    if (!known) return 'unknown';
    const version = typeof vcdVersion === 'string' ? parseVcdVersion(vcdVersion) : vcdVersion;
    return compareVcdVersions(version, known.since) >= 0 ? 'available' : 'absent';
  }

  /** First release with the right, as written in the catalogue, or undefined when the right is not listed. */
  public sinceVersion(rightName: string): string | undefined {
    return this.byName.get(rightName)?.entry.since;
  }

  /** The entry for a right, or undefined. */
  public entry(rightName: string): RightsCatalogueEntry | undefined {
    return this.byName.get(rightName)?.entry;
  }

  /** All entries, in catalogue order. */
  public entries(): RightsCatalogueEntry[] {
    return [...this.byName.values()].map(({ entry }) => entry);
  }
}
