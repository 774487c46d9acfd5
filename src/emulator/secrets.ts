import { createHash, randomBytes } from 'node:crypto';

/** Hex sha256 of a secret: the only form in which the emulator keeps tokens. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** A new API token: 256 bits from the CSPRNG, base64url (43 characters, no padding). */
export function newApiTokenSecret(): string {
  return randomBytes(32).toString('base64url');
}
