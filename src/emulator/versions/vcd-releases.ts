/**
 * VCD releases the emulator can impersonate and the API versions each one serves.
 * Mapping (docs/vcd-protocol.md#versions): 33.0=10.0, 34.0=10.1, 35.0=10.2, 36.0=10.3, 36.1=10.3.1, 36.2=10.3.2,
 * 36.3=10.3.3, 37.x=10.4.x, 38.x=10.5.x, 39.x=10.6.x. Patch-level values past 10.3 are INFERRED.
 */
export const API_VERSION_BY_RELEASE: Readonly<Record<string, string>> = {
  '10.3.0': '36.0',
  '10.3.1': '36.1',
  '10.3.2': '36.2',
  '10.3.3': '36.3',
  '10.4.0': '37.0',
  '10.4.1': '37.1',
  '10.4.2': '37.2',
  '10.4.3': '37.3',
  '10.5.0': '38.0',
  '10.5.1': '38.1',
  '10.6.0': '39.0',
  '10.6.1': '39.1',
};

/** Every API version known, oldest first. */
export const ALL_API_VERSIONS: readonly string[] = [
  '33.0', '34.0', '35.0', '36.0', '36.1', '36.2', '36.3', '37.0', '37.1', '37.2', '37.3', '38.0', '38.1', '39.0', '39.1',
];

/** The release impersonated by default. */
export const DEFAULT_VCD_VERSION = '10.5.0';

/** First API version with API tokens (VCD 10.3.1). */
export const API_TOKENS_MIN_API_VERSION = '36.1';

/** Compares `"36.1"`-style versions numerically. */
export function compareApiVersions(a: string, b: string): number {
  const [aMajor, aMinor = 0] = a.split('.').map(Number);
  const [bMajor, bMinor = 0] = b.split('.').map(Number);
  return aMajor !== bMajor ? aMajor - bMajor : aMinor - bMinor;
}

/** A VCD release value the emulator does not know. */
export class UnsupportedVcdVersionError extends Error {
  public readonly code = 'EMULATOR_UNSUPPORTED_VCD_VERSION';

  public constructor(value: string) {
    super(
      `Unsupported VCD version "${value}": use one of ${Object.keys(API_VERSION_BY_RELEASE).join(', ')} ` +
        '(or the short forms 10.3, 10.4, 10.5, 10.6)',
    );
    this.name = 'UnsupportedVcdVersionError';
  }
}

/** One impersonated release and its API versions. */
export interface VcdRelease {
  /** Normalised, e.g. `10.5.0`. */
  readonly vcdVersion: string;
  /** Newest API version the release serves, e.g. `38.0`. */
  readonly apiVersion: string;
  /** All API versions served, oldest first (older versions stay available, as in VCD). */
  readonly apiVersions: readonly string[];
  /** Whether `version` is served. */
  supports(version: string): boolean;
  /** Whether API tokens (register + jwt-bearer) exist in this release (API ≥ 36.1). */
  readonly hasApiTokens: boolean;
}

/** Resolves `10.5`, `10.5.0`, ... into a release; throws UnsupportedVcdVersionError otherwise. */
export function resolveVcdRelease(value: string = DEFAULT_VCD_VERSION): VcdRelease {
  const normalised = /^\d+\.\d+$/.test(value) ? `${value}.0` : value;
  const apiVersion = API_VERSION_BY_RELEASE[normalised];
  if (!apiVersion) throw new UnsupportedVcdVersionError(value);
  const apiVersions = ALL_API_VERSIONS.filter((v) => compareApiVersions(v, apiVersion) <= 0);
  const served = new Set(apiVersions);
  return {
    vcdVersion: normalised,
    apiVersion,
    apiVersions,
    supports: (version) => served.has(version),
    hasApiTokens: compareApiVersions(apiVersion, API_TOKENS_MIN_API_VERSION) >= 0,
  };
}

/** The `version=` parameter of an Accept header; undefined when absent or empty (`version=`). */
export function acceptedApiVersion(accept: string | undefined): string | undefined {
  if (!accept) return undefined;
  const match = /(?:^|[;,\s])version\s*=\s*"?([^;,"\s]*)/i.exec(accept);
  return match && match[1] !== '' ? match[1] : undefined;
}
