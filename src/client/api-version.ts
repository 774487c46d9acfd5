// API version negotiation (GET /api/versions, vcd-api.md §2). Tokens need API 36.1 (VCD 10.3.1).
import { VcdError } from './errors';

/** The minimum API version for API tokens (VCD 10.3.1). */
export const MIN_TOKEN_API_VERSION = '36.1';

/** API versions this client was written against, oldest first. */
export const KNOWN_API_VERSIONS: readonly string[] = [
  '36.1', '36.2', '36.3', '37.0', '37.1', '37.2', '37.3', '38.0', '38.1', '39.0', '39.1',
];

export function compareApiVersions(a: string, b: string): number {
  const pa = a.split('.').map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.split('.').map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Non-deprecated versions from a `SupportedVersions` XML document (namespace prefixes tolerated). */
export function parseSupportedVersions(xml: string): string[] {
  const out: string[] = [];
  const infoRe = /<(?:[\w-]+:)?VersionInfo\b([^>]*)>([\s\S]*?)<\/(?:[\w-]+:)?VersionInfo>/g;
  for (const m of xml.matchAll(infoRe)) {
    const attrs = m[1] ?? '';
    if (/\bdeprecated\s*=\s*["']true["']/i.test(attrs)) continue;
    const v = /<(?:[\w-]+:)?Version>\s*([^<\s]+)\s*<\/(?:[\w-]+:)?Version>/.exec(m[2] ?? '')?.[1];
    if (v && /^\d+(\.\d+)*$/.test(v)) out.push(v);
  }
  return [...new Set(out)].sort(compareApiVersions);
}

/**
 * Picks the request version: the highest version both sides know. Throws `VCD_VERSION_UNSUPPORTED` when the
 * server's newest version is older than 36.1.
 */
export function chooseApiVersion(serverVersions: readonly string[]): string {
  const sorted = [...serverVersions].sort(compareApiVersions);
  const max = sorted[sorted.length - 1];
  if (max === undefined || compareApiVersions(max, MIN_TOKEN_API_VERSION) < 0) {
    throw new VcdError(
      'VCD_VERSION_UNSUPPORTED',
      `This VCD offers API versions ${sorted.length ? sorted.join(', ') : '(none)'}, but API tokens need API ${MIN_TOKEN_API_VERSION} (VCD 10.3.1) or newer. Upgrade VCD, or point the client at a newer VCD.`,
      { details: { serverVersions: sorted, required: MIN_TOKEN_API_VERSION } },
    );
  }
  const common = sorted.filter((v) => KNOWN_API_VERSIONS.includes(v));
  if (common.length > 0) return common[common.length - 1] as string;
  // A server newer than this client that no longer lists any version we know: use its oldest usable one.
  return sorted.find((v) => compareApiVersions(v, MIN_TOKEN_API_VERSION) >= 0) as string;
}
