// vcd-token as a library (the main job and tests run it in-process). Not re-exported from src/index.ts:
// the CLI is an application, its names stay out of the package API except these few.
export { runVcdToken, COMMANDS as VCD_TOKEN_COMMANDS } from './run-cli';
export { EXIT_CODES, EXIT_CODE_TABLE, EXIT_CODE_BY_ERROR_CODE, EXIT_OF_FIRST_FAILURE, exitCodeFor, isErrorCode, type ExitCode, type ExitRule } from './exit-codes';
export { CliUsageError, CLI_ERROR_CODES, type CliErrorCode } from './usage-error';
export type { CliIo } from './cli-io';
