import * as crypto from 'node:crypto';
import { createHash, randomBytes, randomFillSync } from 'node:crypto';

/** Hex sha256 of a secret: the only form in which the emulator keeps tokens. */
export function hashSecret(secret: string): string {
  // The one-shot crypto.hash (Node ≥ 20.12) is about twice as fast as createHash on this hot path.
  return oneShotHash ? oneShotHash('sha256', secret, 'hex') : createHash('sha256').update(secret, 'utf8').digest('hex');
}

const oneShotHash = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;

/** A new API token: 256 bits from the CSPRNG, base64url (43 characters, no padding). */
export function newApiTokenSecret(): string {
  return randomBytes(32).toString('base64url');
}

const POOL_BYTES = 16 * 1024;
const pool = Buffer.alloc(POOL_BYTES);
let poolOffset = POOL_BYTES;

/**
 * Copies `target.length` bytes from the CSPRNG into `target`, drawn from a pool refilled 16 KiB at a time: one
 * CSPRNG call per 16-byte UUID or token cost more than the rest of minting a session.
 */
export function fillRandom(target: Uint8Array): void {
  if (target.length > POOL_BYTES) {
    randomFillSync(target);
    return;
  }
  if (poolOffset + target.length > POOL_BYTES) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  pool.copy(target, 0, poolOffset, poolOffset + target.length);
  pool.fill(0, poolOffset, poolOffset + target.length); // each random byte is handed out once
  poolOffset += target.length;
}
