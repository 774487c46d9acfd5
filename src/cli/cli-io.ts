// Where a command reads and writes. Commands never touch process.* directly, so they run the same spawned
// (`vcd-token`) or in-process (tests, the main job).
import { neutralizeForDisplay } from '../handoff/neutralize';

export interface CliIo {
  readonly env: NodeJS.ProcessEnv;
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  /** Whether stderr is a terminal (progress output only then). @default false */
  readonly stderrIsTTY?: boolean;
  /** Working directory for relative paths. @default process.cwd() */
  readonly cwd?: string;
}

export function processIo(): CliIo {
  return {
    env: process.env,
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    stderrIsTTY: process.stderr.isTTY === true,
    cwd: process.cwd(),
  };
}

/**
 * Output helpers. Everything a server or another user controls goes through `safe()` before printing, in
 * text and in JSON, so it cannot inject CI workflow commands or terminal escapes.
 */
export class CliOutput {
  constructor(private readonly io: CliIo, private readonly json: boolean) {}

  /** Neutralises a server-controlled string for printing. */
  safe(value: string): string {
    return neutralizeForDisplay(value);
  }

  /** The command's result: a JSON document with --json, else the human lines. */
  result(data: unknown, lines: readonly string[]): void {
    if (this.json) this.io.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
    else for (const line of lines) this.io.stdout.write(`${line}\n`);
  }

  /** Raw stdout line (workflow commands, --reveal). */
  raw(text: string): void {
    this.io.stdout.write(text);
  }

  /** Progress for multi-step work: only on an interactive stderr and never with --json. */
  progress(message: string): void {
    if (!this.json && this.io.stderrIsTTY) this.io.stderr.write(`${message}\n`);
  }

  warn(message: string): void {
    this.io.stderr.write(`warning: ${message}\n`);
  }

  error(message: string): void {
    this.io.stderr.write(`error: ${message}\n`);
  }
}
