// VCD release versions ("10.5", "10.5.1", "10.6.0.1"): parsing, ordering and the supported range (API tokens
// exist from 10.3.1; after the 10.6 line come VCF Automation releases).
import { FIRST_API_TOKEN_RELEASE, FIRST_SERVICE_ACCOUNT_RELEASE, LAST_VCD_RELEASE_LINE } from './releases';

/** A parsed VCD release: always four numeric parts, missing ones are 0 ("10.5" → 10.5.0.0). */
export interface VcdVersion {
  readonly parts: readonly [number, number, number, number];
  /** The text it was parsed from, trimmed. */
  readonly text: string;
}

const VERSION_PATTERN = /^(\d{1,3})\.(\d{1,3})(?:\.(\d{1,3}))?(?:\.(\d{1,3}))?$/;

/** Lowest supported release: the first with API tokens. */
export const MIN_SUPPORTED_VCD_VERSION = FIRST_API_TOKEN_RELEASE;
/** Newest supported release line: any patch of it. */
export const MAX_SUPPORTED_VCD_RELEASE_LINE = LAST_VCD_RELEASE_LINE;
/** Human-readable supported range, for messages and docs: "10.3.1 to 10.6.x". */
export const SUPPORTED_VCD_VERSIONS = `${MIN_SUPPORTED_VCD_VERSION} to ${MAX_SUPPORTED_VCD_RELEASE_LINE}.x`;

/** Parses "10.5", "10.5.1" or "10.6.0.1"; returns undefined for anything else. */
export function tryParseVcdVersion(text: string): VcdVersion | undefined {
  const match = VERSION_PATTERN.exec(text.trim());
  if (!match) return undefined;
  const parts = [match[1], match[2], match[3], match[4]].map((p) => (p === undefined ? 0 : Number(p)));
  return { parts: parts as unknown as VcdVersion['parts'], text: text.trim() };
}

/** Negative when a < b, 0 when equal, positive when a > b ("10.5" equals "10.5.0"). */
export function compareVcdVersions(a: VcdVersion, b: VcdVersion): number {
  for (let i = 0; i < 4; i++) {
    if (a.parts[i] !== b.parts[i]) return a.parts[i] - b.parts[i];
  }
  return 0;
}

const MIN = tryParseVcdVersion(MIN_SUPPORTED_VCD_VERSION) as VcdVersion;
const MAX_LINE = tryParseVcdVersion(MAX_SUPPORTED_VCD_RELEASE_LINE) as VcdVersion;

/** True for a well-formed version from 10.3.1 up to any patch of the 10.6 line. */
export function isSupportedVcdVersion(text: string): boolean {
  const parsed = tryParseVcdVersion(text);
  if (!parsed) return false;
  const [major, minor] = parsed.parts;
  return compareVcdVersions(parsed, MIN) >= 0 && major === MAX_LINE.parts[0] && minor <= MAX_LINE.parts[1];
}

/** Whether a VCD release has service accounts (they arrived in 10.4). */
export function hasServiceAccounts(version: VcdVersion): boolean {
  return compareVcdVersions(version, tryParseVcdVersion(FIRST_SERVICE_ACCOUNT_RELEASE) as VcdVersion) >= 0;
}
