// The token dir's record of the tokens bootstrap minted itself: `minted-tokens.list`, one token file path per
// line. A pipeline's cleanup revokes exactly these (each with itself: `vcd-token revoke --token-file F
// --delete-file`), never a CI-held token that bootstrap only copied into the token dir, which must stay valid
// for the next run.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../handoff/atomic-write';

export const MINTED_TOKENS_FILE = 'minted-tokens.list';

export class MintedTokens {
  readonly file: string;
  readonly #files: Set<string>;
  // Targets run concurrently: writes are chained so the last one holds every change.
  #writing: Promise<void> = Promise.resolve();
  // A write queued behind the running one and not started yet: it reads the list when it starts, so every change
  // made until then rides on it instead of queueing a write of its own (fifty targets finishing together would
  // otherwise rewrite and fsync the list fifty times).
  #queued: Promise<void> | undefined;

  constructor(tokenDir: string) {
    this.file = path.join(tokenDir, MINTED_TOKENS_FILE);
    this.#files = new Set(readList(this.file));
  }

  has(tokenFile: string): boolean {
    return this.#files.has(tokenFile);
  }

  /** Records that `tokenFile` now holds a token bootstrap minted. */
  add(tokenFile: string): Promise<void> {
    if (this.#files.has(tokenFile)) return this.#writing;
    this.#files.add(tokenFile);
    return this.#save();
  }

  /** `tokenFile` no longer holds a minted token (it was revoked, or now holds a CI-held one). */
  remove(tokenFile: string): Promise<void> {
    if (!this.#files.delete(tokenFile)) return this.#writing;
    return this.#save();
  }

  /** Resolves once a write holding every change made so far is on disk. */
  #save(): Promise<void> {
    if (this.#queued) return this.#queued;
    const queued = this.#writing
      .catch(() => undefined)
      .then(() => {
        this.#queued = undefined;
        const text = [...this.#files].map((f) => `${f}\n`).join('');
        return writeFileAtomic(this.file, text, { mode: 0o600 });
      });
    this.#queued = queued;
    this.#writing = queued;
    return queued;
  }
}

function readList(file: string): string[] {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').filter((line) => line.trim() !== '');
  } catch {
    return [];
  }
}
