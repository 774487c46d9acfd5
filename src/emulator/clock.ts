/** Source of "now" for the emulator, injectable so tests can expire sessions without waiting. */
export interface EmulatorClock {
  /** Milliseconds since the epoch. */
  now(): number;
}

/** The real wall clock. */
export const systemEmulatorClock: EmulatorClock = { now: () => Date.now() };

/** A clock that moves only when told to; for tests of idle and absolute session timeouts. */
export class ManualEmulatorClock implements EmulatorClock {
  private current: number;

  /** @param startMs initial time in ms since the epoch. @default Date.now() */
  public constructor(startMs: number = Date.now()) {
    this.current = startMs;
  }

  public now(): number {
    return this.current;
  }

  /** Moves the clock forward by `ms` milliseconds. */
  public advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) {
      throw new RangeError(`ManualEmulatorClock.advance expects a non-negative number of ms, got ${ms}`);
    }
    this.current += ms;
  }
}
