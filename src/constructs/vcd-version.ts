// VCD release versions ("10.5", "10.5.1", "10.6.0.1"): parsing, ordering and the supported range.
import { invalidVcdVersionError, unsupportedVcdVersionError } from './errors';

/** A parsed VCD release: always four numeric parts, missing ones are 0 ("10.5" → 10.5.0.0). */
export interface VcdVersion {
  readonly parts: readonly [number, number, number, number];
  /** The text it was parsed from, trimmed. */
  readonly text: string;
}

const VERSION_PATTERN = /^(\d{1,3})\.(\d{1,3})(?:\.(\d{1,3}))?(?:\.(\d{1,3}))?$/;

/** Lowest supported release: the first with API tokens (10.3.1 / API 36.1). */
export const MIN_SUPPORTED_VCD_VERSION = '10.3.1';
/** Newest supported release line: any 10.6.x. */
export const MAX_SUPPORTED_VCD_RELEASE_LINE = '10.6';
/** Human-readable supported range, for messages and docs. */
export const SUPPORTED_VCD_VERSIONS = '10.3.1 to 10.6.x';

/** Parses "10.5", "10.5.1" or "10.6.0.1"; returns undefined for anything else. */
export function tryParseVcdVersion(text: string): VcdVersion | undefined {
  const match = VERSION_PATTERN.exec(text.trim());
  if (!match) return undefined;
  const parts = [match[1], match[2], match[3], match[4]].map((p) => (p === undefined ? 0 : Number(p)));
  return { parts: parts as unknown as VcdVersion['parts'], text: text.trim() };
}

/** Parses a VCD version or throws CONSTRUCT_INVALID_VCD_VERSION naming the bad value and the expected form. */
export function parseVcdVersion(text: string): VcdVersion {
  const parsed = tryParseVcdVersion(text);
  if (!parsed) throw invalidVcdVersionError(text);
  return parsed;
}

/** Negative when a < b, 0 when equal, positive when a > b ("10.5" equals "10.5.0"). */
export function compareVcdVersions(a: VcdVersion | string, b: VcdVersion | string): number {
  const pa = typeof a === 'string' ? parseVcdVersion(a).parts : a.parts;
  const pb = typeof b === 'string' ? parseVcdVersion(b).parts : b.parts;
  for (let i = 0; i < 4; i++) {
    if (pa[i] !== pb[i]) return pa[i] - pb[i];
  }
  return 0;
}

/** True for a well-formed version from 10.3.1 up to any 10.6.x. */
export function isSupportedVcdVersion(text: string): boolean {
  const parsed = tryParseVcdVersion(text);
  if (!parsed) return false;
  const [major, minor] = parsed.parts;
  return compareVcdVersions(parsed, MIN_SUPPORTED_VCD_VERSION) >= 0 && major === 10 && minor <= 6;
}

/** Parses and checks the supported range; throws CONSTRUCT_INVALID_VCD_VERSION or CONSTRUCT_UNSUPPORTED_VCD_VERSION. */
export function parseSupportedVcdVersion(text: string): VcdVersion {
  const parsed = parseVcdVersion(text);
  if (!isSupportedVcdVersion(text)) throw unsupportedVcdVersionError(parsed.text, SUPPORTED_VCD_VERSIONS);
  return parsed;
}
