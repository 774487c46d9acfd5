// Everything the suite creates is registered here the moment it exists and removed in afterAll, newest first,
// even when checks failed. A removal that fails is printed (with the object's id and name) and never hides the
// other removals.

export interface CleanupStep {
  /** e.g. `API token urn:vcloud:token:… (vcd-api-tokens-contract-…-tenant)`. */
  readonly what: string;
  run(): Promise<void>;
}

export class Cleanup {
  private readonly steps: CleanupStep[] = [];

  public add(what: string, run: () => Promise<unknown>): void {
    this.steps.push({ what, run: async () => void (await run()) });
  }

  /** Runs every step (newest first); returns the ones that failed, with why. */
  public async runAll(): Promise<string[]> {
    const failures: string[] = [];
    while (this.steps.length > 0) {
      const step = this.steps.pop() as CleanupStep;
      try {
        await step.run();
      } catch (err) {
        failures.push(`${step.what}: ${(err as Error).message}`);
      }
    }
    if (failures.length > 0) {
      process.stderr.write(`contract suite: could not remove (do it by hand):\n${failures.map((f) => `  - ${f}`).join('\n')}\n`);
    }
    return failures;
  }
}

/** Throws unless the answer is one of `statuses` (a cleanup step that did not work must say so). */
export function expectRemoved(answer: { status: number; text: string }, statuses: readonly number[], what: string): void {
  if (!statuses.includes(answer.status)) throw new Error(`removing ${what} answered ${answer.status}: ${answer.text.slice(0, 200)}`);
}
