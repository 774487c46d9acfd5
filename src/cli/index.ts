// vcd-token as a library (the main job and tests run it in-process). Not re-exported from src/index.ts:
// the CLI is an application, its names stay out of the package API except these few.
export { runVcdToken, COMMANDS as VCD_TOKEN_COMMANDS } from './run-cli';
export { EXIT_CODES, EXIT_CODE_TABLE, exitCodeFor } from './exit-codes';
export type { CliIo } from './cli-io';
