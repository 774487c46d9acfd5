import { createHmac } from 'node:crypto';

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

// VCD signs with RS256; the emulator uses HS256 because an RSA signature per refresh exchange would cap
// throughput far below the 2,000 exchanges/s target. Clients must treat the token as opaque anyway.
const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

/** Mints a JWT-shaped bearer (well over 32 characters, so clients treat it as a bearer, not a legacy token). */
export function mintAccessToken(
  claims: Omit<AccessTokenClaims, 'version' | 'jti'>,
  jti: string,
  signingKey: Buffer,
): { token: string; jti: string } {
  const payload = Buffer.from(JSON.stringify({ ...claims, version: 'vcloud_1.0', jti })).toString('base64url');
  const signingInput = `${HEADER}.${payload}`;
  const signature = createHmac('sha256', signingKey).update(signingInput).digest('base64url');
  return { token: `${signingInput}.${signature}`, jti };
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
