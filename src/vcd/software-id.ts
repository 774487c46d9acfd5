// Service accounts carry a `software_id`, a UUID naming the software that uses them (docs/vcd-protocol.md
// #service-accounts-and-the-device-flow). Deriving it from a stable name means re-creating an account (or
// re-synthesizing a stack) never changes it.
import { createHash } from 'node:crypto';

/** A UUID derived from `seed` (SHA-256, RFC 9562 version 8 "custom"): the same seed always gives the same UUID. */
export function derivedSoftwareId(seed: string): string {
  const h = createHash('sha256').update(`vcd-api-tokens/service-account/${seed}`, 'utf8').digest();
  h[6] = (h[6] & 0x0f) | 0x80;
  h[8] = (h[8] & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
