// Runs a cdktf app the way `cdktf synth` does, without the cdktf CLI: the `app` command of cdktf.json in the
// app's directory, through the shell, with CDKTF_OUTDIR (and the other variables of app-environment.ts) set,
// then reports the stacks from the manifest it wrote. Works for this repository's stacks and for users' apps.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { appEnvironment } from './app-environment';
import { manifestFile, readSynthesizedStacks, type SynthesizedStack } from './manifest';
import { SynthError } from './synth-error';

export interface RunCdktfAppOptions {
  /** The app's directory: where its cdktf.json is, and the app's working directory. */
  readonly cwd: string;
  /** Output directory (relative to cwd). @default cdktf.json's "output", else "cdktf.out" */
  readonly outdir?: string;
  /** The environment the app's is built from (secrets are dropped). @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** VCD API URL per environment name, passed as VCD_URL_OVERRIDES. @default - none */
  readonly vcdUrlOverrides?: Readonly<Record<string, string>>;
  /** Environments config, passed as VCD_ENVIRONMENTS_FILE. @default - as in `env` */
  readonly environmentsFile?: string;
}

export interface AppRun {
  /** The command run (cdktf.json's `app`). */
  readonly app: string;
  /** Absolute output directory. */
  readonly outdir: string;
  readonly stacks: readonly SynthesizedStack[];
}

/** Lines of the app's output quoted when it fails. */
const QUOTED_LINES = 20;
/** Bytes of each output stream kept (the tail), so a chatty app cannot exhaust memory. */
const KEPT_BYTES = 64 * 1024;

export async function runCdktfApp(options: RunCdktfAppOptions): Promise<AppRun> {
  const cwd = path.resolve(options.cwd);
  const { app, output } = readCdktfJson(cwd);
  const outdir = path.resolve(cwd, options.outdir ?? output ?? 'cdktf.out');
  // A manifest left by an earlier run must not be reported as this run's.
  fs.rmSync(manifestFile(outdir), { force: true });
  const env = appEnvironment({
    base: options.env ?? process.env,
    outdir,
    ...(options.vcdUrlOverrides ? { vcdUrlOverrides: options.vcdUrlOverrides } : {}),
    ...(options.environmentsFile !== undefined ? { environmentsFile: options.environmentsFile } : {}),
  });
  const result = await run(app, cwd, env);
  if (result.error !== undefined || result.code !== 0) {
    const why = result.error !== undefined ? `could not be started (${result.error.message})` : `exited with ${result.code ?? `signal ${result.signal}`}`;
    const said = lastLines(result.stderr.trim() !== '' ? result.stderr : result.stdout);
    throw new SynthError(
      'SYNTH_APP_FAILED',
      `The cdktf app \`${app}\` (cdktf.json in ${cwd}) ${why}${said ? `; it said:\n${said}` : '.'}`,
      result.error !== undefined ? { cause: result.error } : {},
    );
  }
  return { app, outdir, stacks: readSynthesizedStacks(outdir) };
}

function readCdktfJson(cwd: string): { app: string; output?: string } {
  const file = path.join(cwd, 'cdktf.json');
  let doc: { app?: unknown; output?: unknown };
  try {
    doc = JSON.parse(fs.readFileSync(file, 'utf8')) as typeof doc;
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'there is none' : 'it is not valid JSON';
    throw new SynthError('SYNTH_NO_APP', `Cannot run the cdktf app: ${file}: ${reason}. Run from the directory of the app (the one with cdktf.json).`, { cause: err });
  }
  if (typeof doc.app !== 'string' || doc.app.trim() === '') {
    throw new SynthError('SYNTH_NO_APP', `Cannot run the cdktf app: ${file} has no "app" command (e.g. "node dist/main.js").`);
  }
  return { app: doc.app, ...(typeof doc.output === 'string' && doc.output !== '' ? { output: doc.output } : {}) };
}

interface Finished {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly error?: Error;
}

function run(command: string, cwd: string, env: NodeJS.ProcessEnv): Promise<Finished> {
  return new Promise((resolve) => {
    // The shell, as cdktf runs `app`: the command may be "npx ts-node main.ts", a script, etc.
    const child = spawn(command, { cwd, env, shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout = (stdout + d.toString()).slice(-KEPT_BYTES)));
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-KEPT_BYTES)));
    child.on('error', (error) => resolve({ code: null, signal: null, stdout, stderr, error }));
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

function lastLines(text: string): string {
  if (text.trim() === '') return '';
  const lines = text.trimEnd().split('\n');
  const shown = lines.slice(-QUOTED_LINES).map((l) => `  ${l}`);
  return (lines.length > QUOTED_LINES ? [`  … (${lines.length - QUOTED_LINES} earlier lines)`, ...shown] : shown).join('\n');
}
