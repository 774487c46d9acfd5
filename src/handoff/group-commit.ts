// Group commit: many callers that each need "a run of this task that started after I asked" share runs. A call
// while a run is in progress waits for the next one, and every call arriving before that one starts rides on it,
// so fifty concurrent callers need a handful of runs, not fifty. A failed run rejects the calls waiting on it;
// the next run still happens.
export class GroupCommit {
  readonly #task: () => Promise<void>;
  #last: Promise<void> = Promise.resolve();
  #queued: Promise<void> | undefined;

  constructor(task: () => Promise<void>) {
    this.#task = task;
  }

  /** The newest run, queued or running (settled when there is none in flight). */
  get last(): Promise<void> {
    return this.#last;
  }

  /** Resolves once a run that started after this call has finished. */
  request(): Promise<void> {
    if (this.#queued) return this.#queued;
    const queued = this.#last
      .catch(() => undefined)
      .then(() => {
        this.#queued = undefined;
        return this.#task();
      });
    this.#queued = queued;
    this.#last = queued;
    return queued;
  }
}
