import { fillRandom } from '../secrets';

/** Claims of an emulator access token; modelled on VCD's (`sub`, `iss`, `exp`, `version`, `jti`). */
export interface AccessTokenClaims {
  /** User name. */
  readonly sub: string;
  /** `<user uuid>@<org uuid>` like VCD's issuer claim. */
  readonly iss: string;
  /** Expiry, seconds since the epoch. */
  readonly exp: number;
  readonly iat: number;
  readonly version: 'vcloud_1.0';
  readonly jti: string;
}

// Shaped like VCD's bearer (an RS256 JWT, well over 32 characters, so clients treat it as a bearer and can read
// `exp`), but the third segment is not a signature: it is the session's slot in the store (4 bytes) and 224
// random bits. The emulator recognises a bearer by comparing the SHA-256 of the whole token with the one its
// slot holds and never verifies a signature (clients cannot verify VCD's either); random bytes cost far less
// than signing each token, and this runs on every exchange and login.
const HEADER = Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT' })).toString('base64url');

/** The slot (4 bytes, big-endian) followed by 28 bytes from the CSPRNG. */
function slotAndRandom(slot: number): Buffer {
  const bytes = Buffer.allocUnsafe(32);
  fillRandom(bytes);
  bytes.writeUInt32BE(slot, 0);
  return bytes;
}

/** Mints a JWT-shaped bearer carrying `claims`; `jti` is the session's UUID, `slot` its place in the store. */
export function mintAccessToken(claims: Omit<AccessTokenClaims, 'version' | 'jti'>, jti: string, slot: number): string {
  // Claims are strings and integers the emulator itself made; the JSON is assembled directly in VCD's order.
  const payload = `{"sub":${JSON.stringify(claims.sub)},"iss":"${claims.iss}","exp":${claims.exp},"iat":${claims.iat},"version":"vcloud_1.0","jti":"${jti}"}`;
  return `${HEADER}.${Buffer.from(payload).toString('base64url')}.${slotAndRandom(slot).toString('base64url')}`;
}

/** The store slot a bearer names, or undefined when it is no emulator bearer (or names no slot below `slots`). */
export function slotOfAccessToken(token: string, slots: number): number | undefined {
  const dot = token.lastIndexOf('.');
  if (dot < 0 || token.length - dot - 1 !== 43) return undefined;
  const head = Buffer.from(token.slice(dot + 1, dot + 7), 'base64url');
  if (head.length < 4) return undefined;
  const slot = head.readUInt32BE(0);
  return slot < slots ? slot : undefined;
}

/** Decodes the payload of a JWT without verifying it (tests and diagnostics only). */
export function decodeAccessTokenClaims(token: string): AccessTokenClaims | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    return JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as AccessTokenClaims;
  } catch {
    return undefined;
  }
}
