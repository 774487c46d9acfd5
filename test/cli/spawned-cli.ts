// Spawns the built bins (dist/, made by `npm run build`) for the few tests that need a real process: argv and
// `ps`, exit-code wiring of the bin, `--help` of the installed bins, signals, locks across processes. Every
// other CLI test runs in-process through ./cli-harness. Spawning is asynchronous, so an emulator in this
// process keeps serving while the child runs.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const PACKAGE = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };

/** Absolute path of an installed bin, from package.json's `bin`; fails when the build has not run. */
export function binPath(name: 'vcd-token' | 'vcd-emulator'): string {
  const file = path.join(ROOT, PACKAGE.bin[name]);
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first`);
  return file;
}

export interface SpawnedRun {
  readonly pid: number;
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface SpawnOptions {
  /** The child's whole environment. */
  readonly env: NodeJS.ProcessEnv;
  readonly stdin?: string;
  readonly cwd?: string;
  /** Called with the child's pid as soon as it runs (to read /proc or send a signal). */
  readonly onSpawn?: (pid: number) => void;
}

/** Runs `node <bin> ...args` and resolves when it has exited. */
export function spawnBin(bin: 'vcd-token' | 'vcd-emulator', args: readonly string[], options: SpawnOptions): Promise<SpawnedRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [binPath(bin), ...args], { env: options.env, cwd: options.cwd ?? options.env.HOME, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('spawn', () => options.onSpawn?.(child.pid as number));
    child.on('close', (exitCode, signal) => resolve({ pid: child.pid as number, exitCode, signal, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}
