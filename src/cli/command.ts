// The shape of one `vcd-token` subcommand (one file each under commands/).
import type { OptionSpecs, ParsedArguments } from './arguments';
import type { CliIo, CliOutput } from './cli-io';

export interface CommandContext {
  readonly io: CliIo;
  readonly out: CliOutput;
  readonly values: ParsedArguments['values'];
  readonly positionals: readonly string[];
}

export interface CliCommand {
  readonly name: string;
  /** One line for the global help. */
  readonly summary: string;
  /** Usage line(s) and notes for `--help`. */
  readonly usage: readonly string[];
  readonly options: OptionSpecs;
  readonly allowPositionals?: boolean;
  /**
   * A command group (`vcd-token service-account <sub>`): the next argument names one of these, whose options and
   * `run` apply; the group's own `options` and `run` are then unused. @default none
   */
  readonly subcommands?: readonly CliCommand[];
  /** Runs the command; returns the exit code (0 unless partially failed). Throws typed errors otherwise. */
  run(ctx: CommandContext): Promise<number>;
}
