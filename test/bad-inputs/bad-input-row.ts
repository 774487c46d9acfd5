// One row of the bad-input corpus: a command line, its environment and input files, optionally a server fault;
// what the run must end with (exit code), and what its message must say: the input it is about (`names`) and
// what to do (`todo`). Every row is also checked for what no bad input may cause: a stack trace, a file written
// (the HOME tree is compared before and after), or a token left on the server.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RunningEmulator } from '../../src/emulator';
import type { FaultRuleInput } from '../../src/emulator/faults/fault-types';
import type { CliEmulatorFixture, CliResult } from '../cli/cli-harness';

export interface RowContext {
  /** The run's HOME (also its working directory): input files go here. */
  readonly home: string;
  readonly emu: RunningEmulator;
  /** The emulator's VCD API URL. */
  readonly url: string;
}

type OrFn<T> = T | ((ctx: RowContext) => T);

export interface BadInputRow {
  /** What is wrong, as a user would put it; the test's title. */
  readonly input: string;
  readonly argv: OrFn<readonly string[]>;
  /** Changes to the default environment (connectionEnv: URL, org acme, user automation, password, CA); undefined unsets. */
  readonly env?: OrFn<Readonly<Record<string, string | undefined>>>;
  readonly stdin?: string;
  /** Makes the input files (in ctx.home) before the run; they may stay, nothing else may appear. */
  readonly files?: (ctx: RowContext) => void;
  readonly fault?: FaultRuleInput;
  readonly exit: number;
  /** The message names the input: the flag, variable, file or field, or the server's answer. */
  readonly names: OrFn<RegExp | string>;
  /** The message says what to do. */
  readonly todo: RegExp;
}

const at = <T>(v: OrFn<T>, ctx: RowContext): T => (typeof v === 'function' ? (v as (c: RowContext) => T)(ctx) : v);

/** Every path under `root` with its kind, size and mtime: what "nothing written" compares. */
function tree(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      const st = fs.lstatSync(full);
      out.push(`${path.relative(root, full)} ${st.isDirectory() ? 'dir' : st.isSymbolicLink() ? 'link' : st.size} ${st.mtimeMs}`);
      if (entry.isDirectory()) walk(full);
    }
  };
  walk(root);
  return out.sort();
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Runs `row` with the fixture and checks everything a bad input must (and must not) cause. */
export async function runRow(fx: CliEmulatorFixture, row: BadInputRow): Promise<CliResult> {
  const ctx: RowContext = { home: fx.home, emu: fx.emu, url: `${fx.emu.url}/api` };
  row.files?.(ctx);
  if (row.fault) fx.emu.faults.add(row.fault);
  const before = tree(fx.home);
  const tokensBefore = [...fx.emu.world.tokens.keys()].sort();
  const r = await fx.cli(at(row.argv, ctx), { env: { ...fx.env, ...(row.env ? at(row.env, ctx) : {}) }, ...(row.stdin !== undefined ? { stdin: row.stdin } : {}) });
  const names = at(row.names, ctx);
  const namesRe = typeof names === 'string' ? new RegExp(escape(names)) : names;
  const got = { exit: r.exitCode, namesInput: namesRe.test(r.output), saysWhatToDo: row.todo.test(r.output), stackTrace: /^\s+at .+:\d+:\d+\)?$/m.test(r.output) };
  const want = { exit: row.exit, namesInput: true, saysWhatToDo: true, stackTrace: false };
  // The whole output in the failure message: what a row got wrong is read there.
  if (JSON.stringify(got) !== JSON.stringify(want)) throw new Error(`${JSON.stringify(got)} (wanted ${JSON.stringify(want)}); output:\n${r.output}`);
  expect(tree(fx.home)).toEqual(before);
  expect([...fx.emu.world.tokens.keys()].sort()).toEqual(tokensBefore);
  return r;
}
