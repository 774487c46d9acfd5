// Registers the jest tests of a fault-matrix file: one emulator (and the store doubles it needs) per file, a
// clean run per operation to learn its requests, then the cells. FAULT_MATRIX=full (`npm run test:faults`) runs
// every request × every fault, one test per operation and fault; without it, a slice (the faults dealt over the
// file's operations: every fault once, every operation at least once). FAULT_MATRIX_VERBOSE=1 prints each cell.
import { type RunningEmulator, startEmulator } from '../../src/emulator';
import type { RunningDouble } from '../doubles/https-double';
import { type CellOutcome, cleanRun, FAULTS, type FaultOperation, FULL_MATRIX, type MatrixFault, type MatrixServers, matrixCells, type RequestSlot, runCell } from './fault-matrix';

export interface MatrixSuiteOptions {
  /** Starts the store doubles the operations write to, with the token each accepts. */
  readonly stores?: () => Promise<{ stores: Record<string, RunningDouble>; tokens: Record<string, string> }>;
}

export function faultMatrixSuite(operations: readonly FaultOperation[], options: MatrixSuiteOptions = {}): void {
  let servers: MatrixServers;
  let emu: RunningEmulator | undefined;
  let doubles: RunningDouble[] = [];
  const slotsOf = new Map<string, RequestSlot[]>();
  const outcomes: CellOutcome[] = [];
  const started = Date.now();

  beforeAll(async () => {
    // Device-flow interval 0: authorize polls without waiting, so a cell costs no announced interval.
    emu = await startEmulator({ vcdVersion: '10.5.1', deviceCodeIntervalSeconds: 0 });
    const stores = options.stores ? await options.stores() : { stores: {}, tokens: {} };
    doubles = Object.values(stores.stores);
    servers = { emu, stores: stores.stores, storeTokens: stores.tokens };
    for (const operation of operations) slotsOf.set(operation.name, (await cleanRun(operation, servers)).slots);
  });

  afterAll(async () => {
    await emu?.close();
    await Promise.all(doubles.map((d) => d.close()));
    const unheld = outcomes.reduce((n, o) => n + o.violations.length, 0);
    // A figure for the reader, never an assertion: timing varies with the machine's load.
    process.stderr.write(`fault matrix (${FULL_MATRIX ? 'full' : 'slice'}): ${operations.map((o) => o.name).join('; ')}: ${outcomes.length} cells, ${unheld} violation(s), ${Date.now() - started} ms\n`);
  });

  const run = async (operation: FaultOperation, cells: readonly { slot: RequestSlot; fault: MatrixFault }[]): Promise<string[]> => {
    const violations: string[] = [];
    for (const { slot, fault } of cells) {
      const cellStarted = Date.now();
      const outcome = await runCell(operation, servers, slot, fault);
      outcomes.push(outcome);
      if (process.env.FAULT_MATRIX_VERBOSE) process.stderr.write(`${outcome.cell}: exit ${outcome.exitCode} (${Date.now() - cellStarted} ms)\n`);
      violations.push(...outcome.violations);
    }
    return violations;
  };

  for (const [index, operation] of operations.entries()) {
    const slots = (): RequestSlot[] => {
      const found = slotsOf.get(operation.name);
      if (!found || found.length === 0) throw new Error(`${operation.name}: the clean run made no request`);
      return found;
    };
    if (FULL_MATRIX) {
      describe(operation.name, () => {
        test.each(FAULTS.map((f) => [f.name, f] as const))('%s on every request: no live token nobody holds', async (_name, fault) => {
          const cells = slots().map((slot) => ({ slot, fault }));
          expect(await run(operation, cells)).toEqual([]);
        });
      });
    } else {
      test(`${operation.name}: its share of the faults, no live token nobody holds`, async () => {
        expect(await run(operation, matrixCells(slots(), FAULTS, false, { index, of: operations.length }))).toEqual([]);
      });
    }
  }
}
