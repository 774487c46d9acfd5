// VCD releases and the API version each introduced (docs/vcd-protocol.md#versions). The one table the
// constructs, the config, the client and the bootstrap read; the emulator keeps its own on purpose (an oracle
// must not share the code it checks) and test/vcd/emulator-parity.test.ts keeps the two equal.

/** A VCD release and the newest API version it serves. */
export interface VcdReleaseApiVersion {
  /** Normalised release, e.g. "10.5.0". */
  readonly release: string;
  /** Newest API version of the release, e.g. "38.0" (a release also serves the older ones). */
  readonly apiVersion: string;
}

/**
 * Oldest first. The .0 and 10.3.x entries are documented; that the later patch releases add one minor API
 * version each (10.4.1 = 37.1, …) is INFERRED from the API version history (docs/vcd-protocol.md#versions).
 */
export const VCD_RELEASES: readonly VcdReleaseApiVersion[] = [
  { release: '10.0.0', apiVersion: '33.0' },
  { release: '10.1.0', apiVersion: '34.0' },
  { release: '10.2.0', apiVersion: '35.0' },
  { release: '10.3.0', apiVersion: '36.0' },
  { release: '10.3.1', apiVersion: '36.1' },
  { release: '10.3.2', apiVersion: '36.2' },
  { release: '10.3.3', apiVersion: '36.3' },
  { release: '10.4.0', apiVersion: '37.0' },
  { release: '10.4.1', apiVersion: '37.1' },
  { release: '10.4.2', apiVersion: '37.2' },
  { release: '10.4.3', apiVersion: '37.3' },
  { release: '10.5.0', apiVersion: '38.0' },
  { release: '10.5.1', apiVersion: '38.1' },
  { release: '10.6.0', apiVersion: '39.0' },
  { release: '10.6.1', apiVersion: '39.1' },
];

/** The first release with API tokens. */
export const FIRST_API_TOKEN_RELEASE = '10.3.1';
/** The first API version with API tokens (that of 10.3.1). */
export const MIN_TOKEN_API_VERSION = apiVersionOfRelease(FIRST_API_TOKEN_RELEASE);
/** The first release with service accounts (the device flow and rotating refresh tokens). */
export const FIRST_SERVICE_ACCOUNT_RELEASE = '10.4.0';
/** The first API version with service accounts (that of 10.4). */
export const MIN_SERVICE_ACCOUNT_API_VERSION = apiVersionOfRelease(FIRST_SERVICE_ACCOUNT_RELEASE);
/** The last VCD release line; later releases are VCF Automation, whose rights this toolkit does not know. */
export const LAST_VCD_RELEASE_LINE = '10.6';
/** The release examples and the emulator use when none is given. */
export const DEFAULT_VCD_RELEASE = '10.5.0';

/** Every API version of the table, oldest first. */
export const VCD_API_VERSIONS: readonly string[] = VCD_RELEASES.map((r) => r.apiVersion);
/** The API versions that have API tokens (36.1 on), oldest first: the ones the client knows how to speak. */
export const TOKEN_API_VERSIONS: readonly string[] = VCD_API_VERSIONS.filter((v) => compareApiVersions(v, MIN_TOKEN_API_VERSION) >= 0);

/** Compares "36.1"-style API versions numerically (missing parts count as 0). */
export function compareApiVersions(a: string, b: string): number {
  const pa = a.split('.').map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.split('.').map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The newest release whose API version is at most `apiVersion` ("37.2" → "10.4.2"), for messages; undefined below 10.0. */
export function releaseOfApiVersion(apiVersion: string): string | undefined {
  let found: string | undefined;
  for (const r of VCD_RELEASES) if (compareApiVersions(r.apiVersion, apiVersion) <= 0) found = r.release;
  return found;
}

function apiVersionOfRelease(release: string): string {
  const found = VCD_RELEASES.find((r) => r.release === release);
  if (!found) throw new Error(`internal: ${release} is not in VCD_RELEASES`);
  return found.apiVersion;
}
