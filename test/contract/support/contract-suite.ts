// One describe block per target (each emulator version, or the real VCD), with a connection opened before the
// checks and everything the checks created removed after them, even when they failed.
import { Cleanup } from './cleanup';
import { contractTargets, type Connected, type ContractTarget } from './targets';

export interface SuiteContext extends Connected {
  readonly target: ContractTarget;
  readonly cleanup: Cleanup;
}

/** Defines `body`'s checks once per target; `ctx()` is valid inside tests and hooks. */
export function forEachTarget(body: (ctx: () => SuiteContext, target: ContractTarget) => void): void {
  describe.each(contractTargets().map((target) => [target.label, target] as const))('%s', (_label, target) => {
    let connected: Connected | undefined;
    const cleanup = new Cleanup();
    beforeAll(async () => {
      connected = await target.connect();
    });
    afterAll(async () => {
      await cleanup.runAll();
      await connected?.close();
    });
    body(() => {
      if (!connected) throw new Error(`could not connect to ${target.label}`);
      return { ...connected, target, cleanup };
    }, target);
  });
}

/** `test` when `applies`, else a skipped test (shown as "n/a" in the results table). */
export function testWhen(applies: boolean): typeof test {
  return applies ? test : test.skip;
}
