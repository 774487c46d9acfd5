// Remembers successful password checks so that repeated logins with the same credentials (tests, benchmarks,
// fifty pipelines logging in at once) cost one scrypt run, not one per login. Salted scrypt stays the stored
// format (state files never hold a fast hash); the cache lives only in memory and is keyed by an HMAC under a
// random per-process key, so it holds no password and no value an attacker could test offline.
import { createHmac, randomBytes } from 'node:crypto';

const MAX_ENTRIES = 1024;

export class PasswordCheckCache {
  private readonly key = randomBytes(32);
  private readonly verified = new Set<string>();

  /** True when this exact (stored digest, password) pair already verified; a changed digest never matches. */
  public has(passwordHash: string, password: string): boolean {
    return this.verified.has(this.entryKey(passwordHash, password));
  }

  public remember(passwordHash: string, password: string): void {
    if (this.verified.size >= MAX_ENTRIES) {
      const oldest = this.verified.values().next().value;
      if (oldest !== undefined) this.verified.delete(oldest);
    }
    this.verified.add(this.entryKey(passwordHash, password));
  }

  private entryKey(passwordHash: string, password: string): string {
    return createHmac('sha256', this.key).update(passwordHash).update('\0').update(password).digest('base64');
  }
}
