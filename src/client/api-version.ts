// API version negotiation (GET /api/versions, docs/vcd-protocol.md#versions). Tokens need API 36.1 (VCD
// 10.3.1); the versions and releases are the facts of src/vcd/releases.ts.
import { compareApiVersions, FIRST_API_TOKEN_RELEASE, MIN_TOKEN_API_VERSION, TOKEN_API_VERSIONS } from '../vcd/releases';
import { VcdError } from './errors';

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
      `This VCD offers API versions ${sorted.length ? sorted.join(', ') : '(none)'}, but API tokens need API ${MIN_TOKEN_API_VERSION} (VCD ${FIRST_API_TOKEN_RELEASE}) or newer. Upgrade VCD, or point the client at a newer VCD.`,
      { details: { serverVersions: sorted, required: MIN_TOKEN_API_VERSION } },
    );
  }
  const common = sorted.filter((v) => TOKEN_API_VERSIONS.includes(v));
  if (common.length > 0) return common[common.length - 1] as string;
  // A server newer than this client that no longer lists any version we know: use its oldest usable one.
  return sorted.find((v) => compareApiVersions(v, MIN_TOKEN_API_VERSION) >= 0) as string;
}
