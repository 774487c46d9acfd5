// The shell blocks of README.md and docs/pipelines.md run as written on a fresh clone (after `npm ci`), against
// the emulator: the blocks of one document run in order in one bash, from the repository root, as a reader would
// paste them into one terminal. A block that needs a real service says so in its info string (```sh real-vcd),
// so none escapes silently; those are still parsed (`bash -n`) and their vcd-token commands and flags must
// exist. Blocks of npm scripts (```sh npm-scripts) are checked against package.json instead of run: running
// `npm test` inside `npm test` would recurse, and `npm start` has its own test (test/main-job).
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { VCD_TOKEN_COMMANDS } from '../../src/cli';
import { fencedBlocks, projectDocs, ROOT, SHELL_LANGUAGES, type FencedBlock } from './markdown-blocks';

/** Markers of blocks that are not run here, and why. */
const NOT_RUN: Readonly<Record<string, string>> = {
  'real-vcd': 'needs a real VCD',
  'real-github': 'needs GitHub and a token that can write secrets',
  'real-gitlab': 'needs GitLab and a token with the api scope',
  'npm-scripts': 'npm lifecycle commands, checked against package.json',
  'your-app': 'runs in the reader\'s own CDKTF app (installs this package there); npm run test:consumer does it in a temp app',
};
const PACKAGE = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string>; scripts: Record<string, string> };

const shellBlocks = (file: string): FencedBlock[] => fencedBlocks(file).filter((b) => SHELL_LANGUAGES.has(b.language));
const isRun = (b: FencedBlock): boolean => !b.markers.some((m) => m in NOT_RUN);
const where = (b: FencedBlock): string => `${b.file}:${b.line}`;
/** Shell text with continuation lines joined and comments dropped. */
const commandText = (code: string): string => code.replace(/\\\n\s*/g, ' ').replace(/(^|\s)#.*$/gm, '$1');

describe.each(projectDocs())('%s', (file) => {
  test('every code block says what it is (an info string), and shell blocks use only known markers', () => {
    const blocks = fencedBlocks(file);
    expect(blocks.filter((b) => b.language === '').map(where)).toEqual([]);
    const unknown = blocks.filter((b) => SHELL_LANGUAGES.has(b.language)).flatMap((b) => b.markers.filter((m) => !(m in NOT_RUN)).map((m) => `${where(b)} ${m}`));
    expect(unknown).toEqual([]);
  });

  test('shell blocks parse, and call only vcd-token commands and flags that exist, never with a secret argument', () => {
    const problems: string[] = [];
    for (const block of shellBlocks(file)) {
      const parsed = spawnSync('bash', ['-n'], { input: block.code, encoding: 'utf8' });
      if (parsed.status !== 0) problems.push(`${where(block)}: bash -n: ${parsed.stderr.trim()}`);
      const text = commandText(block.code);
      for (const [, group, sub, rest] of text.matchAll(/vcd-token(?:\.js)? ([a-z][\w-]*)(?: ([a-z][\w-]*))?([^\n|;&)]*)/g)) {
        // A command group (`service-account create`) names its subcommand next, whose flags apply.
        const top = VCD_TOKEN_COMMANDS.find((c) => c.name === group);
        const command = top?.subcommands ? top.subcommands.find((c) => c.name === sub) : top;
        const name = top?.subcommands ? `${group} ${sub ?? ''}`.trim() : group;
        const flags = top?.subcommands || sub === undefined ? rest : ` ${sub}${rest}`;
        if (command === undefined) problems.push(`${where(block)}: no command vcd-token ${name}`);
        for (const [, flag] of flags.matchAll(/\s--([a-z][a-z-]*)/g)) {
          if (command !== undefined && !(flag in command.options)) problems.push(`${where(block)}: vcd-token ${name} has no --${flag}`);
        }
      }
      if (/--(token|password|api-token)[ =]/.test(text)) problems.push(`${where(block)}: a secret flag with a value`);
    }
    expect(problems).toEqual([]);
  });
});

test('npm-scripts blocks name only npm ci and scripts of package.json', () => {
  const blocks = projectDocs().flatMap(shellBlocks).filter((b) => b.markers.includes('npm-scripts'));
  expect(blocks.length).toBeGreaterThan(0);
  for (const block of blocks) {
    for (const command of commandText(block.code).split(/\n|&&/).map((c) => c.trim()).filter(Boolean)) {
      const [npm, verb, script] = command.replace(/^(\w+=\S*\s+)*/, '').split(/\s+/);
      const name = verb === 'run' ? script : verb;
      expect({ block: where(block), command, npm, known: name === 'ci' || name in PACKAGE.scripts }).toEqual({ block: where(block), command, npm: 'npm', known: true });
    }
  }
});

test("the README's quick start is the two commands it promises, and they do what it says", () => {
  const quickStart = shellBlocks('README.md')[0];
  expect(quickStart.markers).toEqual(['npm-scripts']);
  expect(commandText(quickStart.code).split('\n').map((l) => l.trim()).filter(Boolean)).toEqual(['npm ci && npm start', 'npm test']);
  // `npm ci` builds (prepare), `npm start` runs the main job on the embedded emulator, `npm test` builds and runs jest.
  expect(PACKAGE.scripts.prepare).toBe('npm run build');
  expect(PACKAGE.scripts.start).toMatch(/node dist\/stacks\/main-job-cli\.js$/);
  expect(PACKAGE.scripts.test).toMatch(/^npm run build && .*jest$/);
});

/**
 * `npx <bin>` in the repository runs that bin of package.json (npm exec resolves the project's own bins); the shim
 * does the same without npm's second of start-up per command, and refuses anything else.
 */
function npxShim(dir: string): void {
  const cases = Object.entries(PACKAGE.bin).map(([name, file]) => `  ${name}) shift; exec node ${JSON.stringify(path.join(ROOT, file))} "$@" ;;`);
  const script = ['#!/bin/sh', 'case "$1" in', ...cases, '  *) echo "shell-blocks test: npx $1 is not a bin of this package" >&2; exit 127 ;;', 'esac', ''].join('\n');
  fs.writeFileSync(path.join(dir, 'npx'), script, { mode: 0o755 });
}

interface ScriptRun {
  readonly exitCode: number | null;
  readonly output: string;
}

/** Runs the blocks in one `bash -euo pipefail` from the repository root (stdin empty); its process group is ended after. */
function runBlocks(blocks: readonly FencedBlock[], home: string): Promise<ScriptRun> {
  const bin = path.join(home, 'bin');
  fs.mkdirSync(bin, { recursive: true });
  npxShim(bin);
  const script = blocks.map((b) => `echo "=== ${where(b)}"\n${b.code}\n`).join('\n');
  const env: NodeJS.ProcessEnv = {
    PATH: `${bin}:${process.env.PATH}`,
    HOME: home,
    TMPDIR: home,
    XDG_STATE_HOME: path.join(home, 'state'),
    CDKTF_OUTDIR: path.join(home, 'cdktf.out'), // synth output of the blocks, not the clone's cdktf.out other tests use
    CHECKPOINT_DISABLE: '1',
  };
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-euo', 'pipefail', '-c', script], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => { output += d.toString('utf8'); });
    child.stderr.on('data', (d: Buffer) => { output += d.toString('utf8'); });
    child.on('error', reject);
    // When bash ends, end what it left running (an emulator of a failed block holds the output pipes open).
    child.on('exit', () => {
      try { process.kill(-child.pid!, 'SIGTERM'); } catch { /* the group is gone: nothing was left running */ }
    });
    child.on('close', (exitCode) => resolve({ exitCode, output }));
  });
}

/** What the runnable blocks of a document must have printed, beyond exiting 0: they show what their prose says. */
const EXPECTED_OUTPUT: Readonly<Record<string, readonly RegExp[]>> = {
  'README.md': [/"tokenVariable":"VCD_API_TOKEN_DEV_ACME"/],
  'docs/pipelines.md': [
    // The token works without a password, the revoked token is named and not replaced, re-enrolling fixes it.
    /automation@acme \(roles: [^)]*; via api-token\)/,
    /VCD refused the API token in VCD_API_TOKEN_FILE_DEV_ACME/,
    /bootstrap exited 4\n/,
    /(dev\/acme: from VCD_API_TOKEN_FILE_DEV_ACME[^]*){3}/,
    /"tokenVariable":"VCD_API_TOKEN_DEV_ACME"/,
  ],
  'docs/emulator.md': [/<OrgList [^>]*>\s*<Org [^>]*name="acme"/, /\n204\n401\n/],
  'docs/service-accounts.md': [
    // Authorized once into the store, rotated and written back by bootstrap, pushed, the stale run refused with
    // exit 4 naming the race, and the next run from the store works.
    /Authorized: token stored as VCD_SA_TOKEN_DEV_INITECH in [^\n]* \(confirmed: file read back\)/,
    /TF_VAR_vcd_service_account_token_file=/,
    /Pushed the service-account token of [^\n]* as VCD_SA_TOKEN_DEV_INITECH \(confirmed/,
    /dev\/initech: FAILED \(exit 4, VCD_INVALID_GRANT\)[^\n]*serialise runs per service account/,
    /bootstrap exited 4\n/,
    /(dev\/initech: service account \(token from VCD_SA_TOKEN_FILE_DEV_INITECH, rotated\)[^]*){2}/,
  ],
};
const RUN_DOCS = projectDocs().filter((file) => shellBlocks(file).some(isRun));

test('the README, the pipeline how-to and the emulator page have blocks that run, each with its expected output', () => {
  expect(RUN_DOCS).toEqual(expect.arrayContaining(['README.md', 'docs/pipelines.md', 'docs/emulator.md']));
  expect(RUN_DOCS.filter((file) => !(file in EXPECTED_OUTPUT))).toEqual([]);
});

describe.each(RUN_DOCS)('the runnable shell blocks of %s', (file) => {
  test('run as written against the emulator, in order, in one shell', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'shell-blocks-'));
    const run = await runBlocks(shellBlocks(file).filter(isRun), home);
    expect({ exitCode: run.exitCode, output: run.output }).toEqual({ exitCode: 0, output: expect.any(String) });
    for (const pattern of EXPECTED_OUTPUT[file] ?? []) expect(run.output).toMatch(pattern);
  }, 90_000);
});
