#!/usr/bin/env node
// vcd-emulator: start the emulator, print one JSON ready line on stdout, log on stderr, stop on SIGINT/SIGTERM.
import { EMULATOR_USAGE, EmulatorUsageError, parseEmulatorArgs } from './cli-args';
import type { RunningEmulator } from './start-emulator';

/** Exit code for a bad command line (sysexits EX_USAGE). */
export const EXIT_USAGE = 64;
/** Exit code when the emulator cannot start (bad seed, port in use, unreadable state). */
export const EXIT_START_FAILED = 1;

export async function main(argv: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseEmulatorArgs(argv);
  } catch (err) {
    if (err instanceof EmulatorUsageError) {
      process.stderr.write(`vcd-emulator: ${err.message}\n`);
      return EXIT_USAGE;
    }
    throw err;
  }
  if (parsed.kind === 'help') {
    process.stdout.write(EMULATOR_USAGE);
    return 0;
  }
  let emulator: RunningEmulator;
  try {
    // Loaded only now: `--help` and usage errors answer without loading the server.
    const { startEmulator } = await import('./start-emulator');
    emulator = await startEmulator({ ...parsed.options, log: (line) => process.stderr.write(`${line}\n`) });
  } catch (err) {
    process.stderr.write(`vcd-emulator: cannot start: ${(err as Error).message}\n`);
    return EXIT_START_FAILED;
  }
  const ready = {
    url: emulator.url,
    caFile: emulator.caFile ?? null,
    vcdVersion: emulator.vcdVersion,
    apiVersion: emulator.apiVersion,
  };
  return new Promise<number>((resolve) => {
    const stop = (signal: string): void => {
      process.stderr.write(`vcd-emulator: ${signal} received, stopping\n`);
      void emulator.close().then(() => resolve(0));
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
    // Only now: a caller may stop the emulator the moment it reads this line, before another line of ours runs.
    process.stdout.write(`${JSON.stringify(ready)}\n`);
  });
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`vcd-emulator: ${(err as Error)?.message ?? String(err)}\n`);
      process.exit(EXIT_START_FAILED);
    },
  );
}
