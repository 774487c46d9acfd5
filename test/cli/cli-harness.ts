// Spawns the built CLI (dist/src/cli/vcd-token.js; build first with `npx tsc -p tsconfig.json`) against an
// in-process emulator. Spawning is asynchronous: the emulator lives in this process's event loop.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type EmulatorOptions, type RunningEmulator, startEmulator } from '../../src/emulator';

export const CLI = path.resolve(__dirname, '../../dist/src/cli/vcd-token.js');

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function assertCliBuilt(): void {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npx tsc -p tsconfig.json\` first`);
}

/** A clean environment: nothing inherited from the developer's or CI's shell except PATH. */
export function baseEnv(home: string, extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, TMPDIR: home, XDG_STATE_HOME: path.join(home, 'state') };
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) env[k] = v;
  return env;
}

export function runCli(args: readonly string[], env: NodeJS.ProcessEnv, options: { stdin?: string; cwd?: string; timeoutMs?: number } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env, cwd: options.cwd ?? os.tmpdir(), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 25000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.stdin ?? '');
  });
}

export function tempHome(prefix = 'vcd-token-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface CliEmulatorFixture {
  /** The emulator, started once per test file. */
  readonly emu: RunningEmulator;
  /** A fresh HOME (and TMPDIR) for the current test, removed after it. */
  readonly home: string;
  /** The CLI's environment for the current test: baseEnv(home) plus `envFor(emu)`. */
  readonly env: NodeJS.ProcessEnv;
}

/**
 * Registers the jest hooks most CLI test files need: one emulator for the file, a fresh HOME and environment
 * per test, fault rules cleared between tests. Read the fields inside tests (they change per test).
 */
export function useCliEmulator(envFor: (emu: RunningEmulator) => Record<string, string | undefined>, options: EmulatorOptions = { vcdVersion: '10.5.1' }): CliEmulatorFixture {
  const fixture = {} as { emu: RunningEmulator; home: string; env: NodeJS.ProcessEnv };
  beforeAll(async () => {
    assertCliBuilt();
    fixture.emu = await startEmulator(options);
  });
  afterAll(async () => {
    await fixture.emu?.close();
  });
  beforeEach(() => {
    fixture.home = tempHome();
    fixture.env = baseEnv(fixture.home, envFor(fixture.emu));
    fixture.emu.faults.clear();
  });
  afterEach(() => fs.rmSync(fixture.home, { recursive: true, force: true }));
  return fixture;
}
