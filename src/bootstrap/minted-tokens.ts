// The token dir's record of the tokens bootstrap minted itself: `minted-tokens.list`, one token file path per
// line. A pipeline's cleanup revokes exactly these (each with itself: `vcd-token revoke --token-file F
// --delete-file`), never a CI-held token that bootstrap only copied into the token dir, which must stay valid
// for the next run.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../handoff/atomic-write';
import { GroupCommit } from '../handoff/group-commit';

export const MINTED_TOKENS_FILE = 'minted-tokens.list';

export class MintedTokens {
  readonly file: string;
  readonly #files: Set<string>;
  // Targets run concurrently and fifty finishing together must not rewrite and fsync the list fifty times: each
  // write reads the list when it starts, so every change made until then rides on it (group commit).
  readonly #writes = new GroupCommit(() => writeFileAtomic(this.file, [...this.#files].map((f) => `${f}\n`).join(''), { mode: 0o600 }));

  constructor(tokenDir: string) {
    this.file = path.join(tokenDir, MINTED_TOKENS_FILE);
    this.#files = new Set(readList(this.file));
  }

  has(tokenFile: string): boolean {
    return this.#files.has(tokenFile);
  }

  /** Records that `tokenFile` now holds a token bootstrap minted; resolves once a write holding it is on disk. */
  add(tokenFile: string): Promise<void> {
    if (this.#files.has(tokenFile)) return this.#writes.last;
    this.#files.add(tokenFile);
    return this.#writes.request();
  }

  /** `tokenFile` no longer holds a minted token (it was revoked, or now holds a CI-held one). */
  remove(tokenFile: string): Promise<void> {
    if (!this.#files.delete(tokenFile)) return this.#writes.last;
    return this.#writes.request();
  }
}

function readList(file: string): string[] {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').filter((line) => line.trim() !== '');
  } catch {
    return [];
  }
}
