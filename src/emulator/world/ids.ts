// Identifier helpers. Seeded and demo entities get name-based (deterministic) UUIDs so two emulator runs
// from the same seed agree on ids (handy for snapshots); entities created over HTTP get random UUIDs.
import { createHash, randomUUID } from 'node:crypto';

export type WorldEntityKind = 'org' | 'user' | 'right' | 'role' | 'globalRole' | 'rightsBundle' | 'token';

/** `urn:vcloud:<kind>:<uuid>` with a random UUID. */
export function newUrn(kind: WorldEntityKind): string {
  return `urn:vcloud:${kind}:${randomUUID()}`;
}

/** `urn:vcloud:<kind>:<uuid>` where the UUID is derived from `key` (stable across runs). */
export function stableUrn(kind: WorldEntityKind, key: string): string {
  return `urn:vcloud:${kind}:${nameBasedUuid(`${kind}:${key}`)}`;
}

/** RFC 4122 version-5-style UUID (SHA-256 based, truncated) derived from `key`. */
export function nameBasedUuid(key: string): string {
  const bytes = createHash('sha256').update(key, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const URN_PATTERN = /^urn:vcloud:([A-Za-z]+):([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/;

/** Splits `urn:vcloud:<kind>:<uuid>`; undefined when `value` is not such a URN. */
export function parseUrn(value: string): { readonly kind: string; readonly uuid: string } | undefined {
  const match = URN_PATTERN.exec(value);
  return match ? { kind: match[1], uuid: match[2] } : undefined;
}
