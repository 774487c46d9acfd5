// In-process CLI harness: runs `vcd-token` through its own entry, `runVcdToken(argv, io)`, with a test IO
// (captured stdout/stderr, a given env, stdin and cwd) against an emulator in the same process. Each run starts
// like a fresh `vcd-token` process (see `cli`), so a test proves what a spawned CLI would, in milliseconds.
//
//   const fx = useCliEmulator();                       // one emulator per file, fresh HOME + env per test
//   test('create', async () => {
//     const r = await fx.cli(['create', '--name', 'x', '--json']);   // or cli(argv, { env, stdin, cwd })
//     expect(r.exitCode).toBe(0);
//     expect(r.json<{ id: string }>().id).toMatch(/^urn:vcloud:token:/);
//     expect(fx.liveTokens('x')).toHaveLength(1);
//   });
//
// Faults: `fx.emu.faults.add({ method, path, action })` before the run (cleared before each test); to act
// while a request is held, start the run without awaiting it and `await waitFor(() => rule.applied === 1)`.
// Secrets: `expectNoSecrets` in ./secret-scan. Spawned runs (argv, exit-code wiring, bins, signals):
// ./spawned-cli, for a handful of smoke tests only. test/README.md has the longer guide.
import { createHook } from 'node:async_hooks';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { runVcdToken } from '../../src/cli';
import { isTokenNamed } from '../../src/client/token-name';
import { forgetSecretValues } from '../../src/client/redaction';
import { forgetNegotiatedVersions } from '../../src/client/vcd-client';
import { type EmulatorOptions, type RunningEmulator, startEmulator } from '../../src/emulator';

/** The emulator's demo password of every tenant user. */
export const DEMO_PASSWORD = 'vcd-emulator-demo';

export interface CliRunOptions {
  /** The command's whole environment: nothing is inherited from the test process. Must hold a temporary HOME. */
  readonly env: NodeJS.ProcessEnv;
  /** Everything stdin delivers, then end of input. @default empty */
  readonly stdin?: string;
  /** Working directory for relative paths. @default env.HOME */
  readonly cwd?: string;
  /** Whether stderr is a terminal (progress lines are printed only then). @default false */
  readonly stderrIsTTY?: boolean;
  /** Sees stderr as it is written, for acting on it while the command still runs (a user code to grant). @default none */
  readonly onStderr?: (text: string) => void;
}

export interface CliResult {
  readonly argv: readonly string[];
  readonly exitCode: number;
  readonly stdout: string;
  /** What the command wrote to stderr, then any Node process warning emitted during the run (as Node prints them). */
  readonly stderr: string;
  /** stdout and stderr together, for "never printed" checks. */
  readonly output: string;
  /** stdout parsed as JSON (for `--json`); throws with both streams when it is not JSON. */
  json<T = unknown>(): T;
}

let runsInFlight = 0;

/**
 * Runs `vcd-token argv` in this process and returns its exit code and output. Process-wide state that a new
 * process would not have is reset first (negotiated API versions, the redaction registry), unless other runs
 * are still going: overlapping runs share one process, as threads would. Fails when the command set
 * process.exitCode or left a connection or a ref'd timer open (a spawned CLI would then not exit).
 */
export async function cli(argv: readonly string[], options: CliRunOptions): Promise<CliResult> {
  const env = definedOnly(options.env);
  // Without HOME the default token dir would be the real user's ~/.local/state.
  if (!env.HOME) throw new Error('cli(): options.env has no HOME; use testEnv(home, …) so token files stay in a temp dir');
  if (runsInFlight === 0) {
    forgetNegotiatedVersions();
    forgetSecretValues();
  }
  let stdout = '';
  let stderr = '';
  const warnings: string[] = [];
  const stopCapture = captureProcessWarnings((line) => warnings.push(line));
  const exitCodeBefore = process.exitCode;
  if (runsInFlight === 0) startTrackingHandles();
  runsInFlight++;
  let exitCode: number;
  try {
    exitCode = await runVcdToken(argv, {
      env,
      stdin: Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin)]),
      stdout: { write: (text: string) => (stdout += text) },
      stderr: {
        write: (text: string) => {
          stderr += text;
          options.onStderr?.(text);
        },
      },
      stderrIsTTY: options.stderrIsTTY ?? false,
      cwd: options.cwd ?? env.HOME,
    });
  } finally {
    runsInFlight--;
    stopCapture();
  }
  if (process.exitCode !== exitCodeBefore) {
    process.exitCode = exitCodeBefore;
    throw new Error(`vcd-token ${argv.join(' ')} set process.exitCode; commands must return their exit code instead`);
  }
  if (runsInFlight === 0) {
    const left = await handlesLeftOpen();
    if (left.length > 0) throw new Error(`vcd-token ${argv.join(' ')} left ${left.join(' and ')} open: a spawned vcd-token would not exit until they close`);
  }
  stderr += warnings.join('');
  return {
    argv,
    exitCode,
    stdout,
    stderr,
    output: stdout + stderr,
    json<T>(): T {
      try {
        return JSON.parse(stdout) as T;
      } catch {
        throw new Error(`vcd-token ${argv.join(' ')} (exit ${exitCode}) printed no JSON.\nstdout: ${stdout}\nstderr: ${stderr}`);
      }
    },
  };
}

/** A new private directory under the test run's temp dir (HOME of a test). */
export function tempHome(prefix = 'vcd-token-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A clean environment rooted in `home` (HOME, TMPDIR, XDG_STATE_HOME, PATH) plus `extra` (undefined = unset). */
export function testEnv(home: string, extra: Readonly<Record<string, string | undefined>> = {}): NodeJS.ProcessEnv {
  return definedOnly({ PATH: process.env.PATH, HOME: home, TMPDIR: home, XDG_STATE_HOME: path.join(home, 'state'), ...extra });
}

/** VCD_URL, VCD_ORG, VCD_USER, VCD_PASSWORD and VCD_CA_FILE for a demo user of `emu`. */
export function connectionEnv(emu: RunningEmulator, as: { org?: string; user?: string; password?: string } = {}): Record<string, string | undefined> {
  return { VCD_URL: `${emu.url}/api`, VCD_ORG: as.org ?? 'acme', VCD_USER: as.user ?? 'automation', VCD_PASSWORD: as.password ?? DEMO_PASSWORD, VCD_CA_FILE: emu.caFile };
}

/** The tokens created under `name` (VCD name `<name>~<attempt>`) that exist in the emulator (revoked ones are gone). */
export function liveTokens(emu: RunningEmulator, name: string): { id: string; name: string }[] {
  return [...emu.world.tokens.values()].filter((t) => isTokenNamed(t.name, name));
}

type RequestLogEntry = ReturnType<RunningEmulator['requestLog']['entries']>[number];

/** A point in the emulator's request log, for `requestsSince`. */
export function requestMark(emu: RunningEmulator): number {
  return emu.requestLog.totalRequests;
}

/** The requests the emulator finished after `mark`; fails if its bounded log has already dropped some. */
export function requestsSince(emu: RunningEmulator, mark: number): RequestLogEntry[] {
  const since = emu.requestLog.entries().filter((e) => e.seq > mark);
  if (since.length !== emu.requestLog.totalRequests - mark) throw new Error('requestsSince: the request log dropped entries; take the mark closer to the requests');
  return since;
}

/** Resolves once `condition()` holds (checked every 5 ms); fails naming `what` after `limitMs`. */
export async function waitFor(condition: () => boolean, what = 'the condition', limitMs = 10_000): Promise<void> {
  for (let waited = 0; !condition(); waited += 5) {
    if (waited >= limitMs) throw new Error(`waitFor: ${what} did not happen within ${limitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export interface CliEmulatorFixture {
  /** The emulator, started once per test file. */
  readonly emu: RunningEmulator;
  /** A fresh HOME (and TMPDIR) for the current test, removed after it. */
  readonly home: string;
  /** The CLI's environment for the current test: testEnv(home) plus `envFor(emu)`. */
  readonly env: NodeJS.ProcessEnv;
  /** `cli(argv)` with this test's env and HOME as cwd; `options` override them. */
  cli(argv: readonly string[], options?: Partial<CliRunOptions>): Promise<CliResult>;
  /** `liveTokens(emu, name)`. */
  liveTokens(name: string): { id: string; name: string }[];
  /** `requestMark(emu)`. */
  requestMark(): number;
  /** `requestsSince(emu, mark)`. */
  requestsSince(mark: number): RequestLogEntry[];
}

/**
 * Registers the jest hooks of a CLI test file: one emulator for the file, a fresh HOME and environment per
 * test, fault rules cleared before each test. Read the fields inside tests (they change per test).
 */
export function useCliEmulator(
  envFor: (emu: RunningEmulator) => Record<string, string | undefined> = (emu) => connectionEnv(emu),
  options: EmulatorOptions = { vcdVersion: '10.5.1' },
): CliEmulatorFixture {
  const state = {} as { emu: RunningEmulator; home: string; env: NodeJS.ProcessEnv };
  beforeAll(async () => {
    state.emu = await startEmulator(options);
  });
  afterAll(async () => {
    await state.emu?.close();
  });
  beforeEach(() => {
    state.home = tempHome();
    state.env = testEnv(state.home, envFor(state.emu));
    state.emu.faults.clear();
  });
  afterEach(() => fs.rmSync(state.home, { recursive: true, force: true }));
  return {
    get emu() {
      return state.emu;
    },
    get home() {
      return state.home;
    },
    get env() {
      return state.env;
    },
    cli: (argv, runOptions = {}) => cli(argv, { env: state.env, cwd: state.home, ...runOptions }),
    liveTokens: (name) => liveTokens(state.emu, name),
    requestMark: () => requestMark(state.emu),
    requestsSince: (mark) => requestsSince(state.emu, mark),
  };
}

// What a spawned vcd-token would wait for before exiting: outgoing connections (a client pool not closed) and
// ref'd timers that the runs started and did not end. Tracked only while runs are in flight (async hooks cost).
const openedByRuns = new Map<number, { readonly what: 'connection' | 'timer'; readonly resource?: { hasRef?(): boolean } }>();
const handleHook = createHook({
  init(asyncId, type, triggerAsyncId, resource) {
    // A connect request's trigger is the client socket; accepted (server-side) sockets have none.
    if (type === 'TCPCONNECTWRAP') openedByRuns.set(triggerAsyncId, { what: 'connection' });
    else if (type === 'Timeout') openedByRuns.set(asyncId, { what: 'timer', resource: resource as { hasRef?(): boolean } });
  },
  destroy(asyncId) {
    openedByRuns.delete(asyncId);
  },
});

function startTrackingHandles(): void {
  openedByRuns.clear();
  handleHook.enable();
}

/** Connections and ref'd timers the runs left behind, after giving closing sockets a moment to finish. */
async function handlesLeftOpen(): Promise<string[]> {
  const describe = () => {
    const open = [...openedByRuns.values()].filter((h) => h.what === 'connection' || h.resource?.hasRef?.() === true);
    const count = (what: string) => open.filter((h) => h.what === what).length;
    return [count('connection') && `${count('connection')} connection(s)`, count('timer') && `${count('timer')} ref'd timer(s)`].filter((x): x is string => Boolean(x));
  };
  for (let waited = 0; describe().length > 0 && waited < 500; waited += 10) {
    await new Promise((resolve) => setTimeout(resolve, 10).unref());
    if (runsInFlight > 0) return []; // a new run started: its handles and ours can no longer be told apart
  }
  handleHook.disable();
  const left = describe();
  openedByRuns.clear();
  return left;
}

// process.emitWarning is replaced while runs are in flight: a spawned CLI would print the warning on its own
// stderr, so the harness adds it to the run's stderr instead of the test process's. (Listening to 'warning'
// does not work under jest: the sandbox's process object is not the one emitWarning emits on.)
const warningSinks = new Set<(line: string) => void>();
let realEmitWarning: typeof process.emitWarning | undefined;

function captureProcessWarnings(sink: (line: string) => void): () => void {
  if (warningSinks.size === 0) {
    realEmitWarning = process.emitWarning;
    process.emitWarning = ((warning: string | Error, options?: string | { code?: string; type?: string }) => {
      const message = typeof warning === 'string' ? warning : warning.message;
      const code = typeof options === 'object' && options?.code ? `[${options.code}] ` : '';
      for (const s of warningSinks) s(`(node) ${code}Warning: ${message}\n`);
    }) as typeof process.emitWarning;
  }
  warningSinks.add(sink);
  return () => {
    warningSinks.delete(sink);
    if (warningSinks.size === 0 && realEmitWarning) process.emitWarning = realEmitWarning;
  };
}

function definedOnly(env: Readonly<Record<string, string | undefined>>): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  return out;
}
