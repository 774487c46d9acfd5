// Typed errors of the world model. Each carries a stable `code` so the HTTP layer and tests can branch on it
// without parsing messages.

export type WorldErrorCode =
  | 'WORLD_NOT_FOUND'
  | 'WORLD_DUPLICATE_NAME'
  | 'WORLD_UNKNOWN_REFERENCE'
  | 'WORLD_INVALID_VALUE'
  | 'WORLD_READ_ONLY'
  | 'WORLD_IN_USE';

/** A mutation of the World was refused (unknown id, duplicate name, broken reference, read-only record). */
export class WorldError extends Error {
  public readonly code: WorldErrorCode;

  constructor(code: WorldErrorCode, message: string) {
    super(message);
    this.name = 'WorldError';
    this.code = code;
  }
}

export type SeedErrorCode =
  | 'SEED_FILE_UNREADABLE'
  | 'SEED_NOT_JSON'
  | 'SEED_INVALID_FIELD'
  | 'SEED_UNKNOWN_REFERENCE'
  | 'SEED_DUPLICATE_NAME';

/** A seed file is unusable. The message names the file, the field path and what was expected. */
export class SeedError extends Error {
  public readonly code: SeedErrorCode;
  /** Path of the seed file as given by the caller. */
  public readonly filePath: string;
  /** JSON path of the offending field, e.g. `orgs[2].users[0].role`; empty for whole-file problems. */
  public readonly fieldPath: string;
  /** What a valid value looks like. */
  public readonly expected: string;

  constructor(code: SeedErrorCode, filePath: string, fieldPath: string, problem: string, expected: string) {
    const where = fieldPath ? `${filePath}: ${fieldPath}` : filePath;
    super(`${where}: ${problem} (expected ${expected})`);
    this.name = 'SeedError';
    this.code = code;
    this.filePath = filePath;
    this.fieldPath = fieldPath;
    this.expected = expected;
  }
}

export type WorldStateErrorCode = 'STATE_FILE_UNREADABLE' | 'STATE_NOT_JSON' | 'STATE_INVALID' | 'STATE_WRITE_FAILED';

/** A persisted state file cannot be read or written. */
export class WorldStateError extends Error {
  public readonly code: WorldStateErrorCode;
  public readonly filePath: string;

  constructor(code: WorldStateErrorCode, filePath: string, message: string, options?: { cause?: unknown }) {
    super(`${filePath}: ${message}`, options);
    this.name = 'WorldStateError';
    this.code = code;
    this.filePath = filePath;
  }
}
