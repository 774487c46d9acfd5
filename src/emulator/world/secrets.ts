// Password and token-secret digests. Passwords get salted scrypt (slow on purpose, checked once per login);
// refresh tokens already carry >=256 bits of entropy, so a plain SHA-256 is enough and keeps the token
// exchange path fast (it runs thousands of times per second in benchmarks).
import { createHash, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

const SCHEME = 'scrypt';
// N=2^14 is the usual interactive cost; r and p are scrypt's customary defaults.
const COST = 16384;
const BLOCK_SIZE = 8;
const PARALLELISM = 1;
const KEY_LENGTH = 32;

/** Salted scrypt digest: `scrypt$<N>$<r>$<p>$<salt b64>$<digest b64>`. */
export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  const digest = scryptSync(password, salt, KEY_LENGTH, { N: COST, r: BLOCK_SIZE, p: PARALLELISM, maxmem: 64 * 1024 * 1024 });
  return [SCHEME, COST, BLOCK_SIZE, PARALLELISM, salt.toString('base64'), digest.toString('base64')].join('$');
}

/** True when `passwordHash` looks like something `hashPassword` produced. */
export function isPasswordHash(passwordHash: string): boolean {
  return parsePasswordHash(passwordHash) !== undefined;
}

/** Constant-time check of a password against a `hashPassword` digest; false for malformed digests. */
export function verifyPasswordHash(passwordHash: string, password: string): boolean {
  const parsed = parsePasswordHash(passwordHash);
  if (!parsed) return false;
  const actual = scryptSync(password, parsed.salt, parsed.digest.length, {
    N: parsed.cost,
    r: parsed.blockSize,
    p: parsed.parallelism,
    maxmem: 64 * 1024 * 1024,
  });
  return timingSafeEqual(actual, parsed.digest);
}

/** Hex SHA-256 of a token secret (refresh token); the only form in which the World stores it. */
export function hashTokenSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

interface ParsedPasswordHash {
  readonly cost: number;
  readonly blockSize: number;
  readonly parallelism: number;
  readonly salt: Buffer;
  readonly digest: Buffer;
}

function parsePasswordHash(passwordHash: string): ParsedPasswordHash | undefined {
  const parts = passwordHash.split('$');
  if (parts.length !== 6 || parts[0] !== SCHEME) return undefined;
  const [cost, blockSize, parallelism] = parts.slice(1, 4).map((p) => Number(p));
  const validCost = Number.isInteger(cost) && cost >= 2 && cost <= 1 << 20 && (cost & (cost - 1)) === 0;
  if (!validCost || !Number.isInteger(blockSize) || blockSize < 1 || blockSize > 32) return undefined;
  if (!Number.isInteger(parallelism) || parallelism < 1 || parallelism > 16) return undefined;
  const salt = Buffer.from(parts[4], 'base64');
  const digest = Buffer.from(parts[5], 'base64');
  if (salt.length < 8 || digest.length < 16) return undefined;
  return { cost, blockSize, parallelism, salt, digest };
}
