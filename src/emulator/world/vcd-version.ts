// VCD release numbers ("10.4", "10.3.1") decide which rights exist in the catalogue.

/** Compares dotted VCD versions numerically ("10.3.1" < "10.4" < "10.10"); missing parts count as 0. */
export function compareVcdVersions(a: string, b: string): number {
  const pa = parseVcdVersion(a);
  const pb = parseVcdVersion(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return diff < 0 ? -1 : 1;
  }
  return 0;
}

/** True for "10", "10.4", "10.3.1", ... */
export function isVcdVersion(value: string): boolean {
  return /^\d+(\.\d+){0,3}$/.test(value);
}

// API version -> VCD release (docs/vcd-protocol.md#versions). 36.1-36.3 are the 10.3.x patch releases.
const API_TO_VCD: ReadonlyArray<readonly [string, string]> = [
  ['33.0', '10.0'],
  ['34.0', '10.1'],
  ['35.0', '10.2'],
  ['36.0', '10.3'],
  ['36.1', '10.3.1'],
  ['36.2', '10.3.2'],
  ['36.3', '10.3.3'],
  ['37.0', '10.4'],
  ['38.0', '10.5'],
  ['39.0', '10.6'],
];

/**
 * The VCD release that introduced an API version, e.g. "37.2" -> "10.4", "36.1" -> "10.3.1".
 * Versions above the table map to the newest known release.
 */
export function vcdVersionFromApiVersion(apiVersion: string): string {
  if (!isVcdVersion(apiVersion)) throw new Error(`"${apiVersion}" is not an API version like "37.0"`);
  let result: string | undefined;
  for (const [api, vcd] of API_TO_VCD) {
    const samePatchLine = api.startsWith('36.') ? compareVcdVersions(apiVersion, api) >= 0 : Number(apiVersion.split('.')[0]) >= Number(api.split('.')[0]);
    if (samePatchLine) result = vcd;
  }
  if (!result) throw new Error(`API version ${apiVersion} predates VCD 10.0 and is not emulated`);
  return result;
}

function parseVcdVersion(value: string): number[] {
  if (!isVcdVersion(value)) throw new Error(`"${value}" is not a VCD version like "10.4" or "10.3.1"`);
  return value.split('.').map((part) => Number(part));
}
