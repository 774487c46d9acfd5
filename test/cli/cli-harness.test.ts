// The in-process harness itself: every run starts like a fresh `vcd-token` process, and what a spawned CLI would
// show (process warnings, exit codes) is not lost by running in-process.
import * as path from 'node:path';
import { cli, requestsSince, testEnv, useCliEmulator } from './cli-harness';
import { expectNoSecrets, findSecrets } from './secret-scan';

const fx = useCliEmulator();

test('each run negotiates the API version again, as a new process would; overlapping runs share one negotiation', async () => {
  const versionCalls = (mark: number) => requestsSince(fx.emu, mark).filter((e) => e.url.endsWith('/api/versions')).length;
  let mark = fx.requestMark();
  for (let i = 0; i < 2; i++) expect((await fx.cli(['whoami'])).exitCode).toBe(0);
  expect(versionCalls(mark)).toBe(2);
  mark = fx.requestMark();
  const runs = await Promise.all([fx.cli(['whoami']), fx.cli(['whoami'])]);
  expect(runs.map((r) => r.exitCode)).toEqual([0, 0]);
  expect(versionCalls(mark)).toBe(1);
});

test('a Node process warning emitted during a run is part of its stderr', async () => {
  // The client warns with a process warning when it is not told that the CLI already did; here it is told,
  // so to see the mechanism a warning is emitted while the run is going.
  const running = fx.cli(['whoami']);
  process.emitWarning('canary warning from the run', { code: 'TEST_WARNING' });
  const r = await running;
  expect(r.stderr).toContain('(node) [TEST_WARNING] Warning: canary warning from the run');
  const after = await fx.cli(['whoami']);
  expect(after.stderr).not.toContain('canary warning');
});

test('runs need a temp HOME, take stdin and cwd, and parse --json output', async () => {
  await expect(cli(['whoami'], { env: {} })).rejects.toThrow(/no HOME/);
  const r = await fx.cli(['whoami', '--password-stdin', '--json'], { env: { ...fx.env, VCD_PASSWORD: undefined }, stdin: 'vcd-emulator-demo\n' });
  expect(r.json<{ user: string }>().user).toBe('automation');
  const relative = await fx.cli(['create', '--name', 'rel', '--token-file', 'sub/rel.json', '--json'], { cwd: fx.home });
  expect(relative.json<{ tokenFile: string }>().tokenFile).toBe(path.join(fx.home, 'sub', 'rel.json'));
  await expect(fx.cli(['--help']).then((h) => h.json())).rejects.toThrow(/printed no JSON/);
  expect(testEnv(fx.home, { A: 'x', B: undefined })).toEqual(expect.objectContaining({ A: 'x', HOME: fx.home }));
  expect('B' in testEnv(fx.home, { B: undefined })).toBe(false);
});

test('the secret scan finds a secret in output, in a file, and in a designated file that is not private', async () => {
  const fs = await import('node:fs');
  const secret = 'scan-canary-0123456789abcdef';
  const open = path.join(fx.home, 'open.json');
  fs.writeFileSync(open, secret, { mode: 0o644 });
  const found = findSecrets({ canary: secret }, { outputs: [{ stdout: `x${secret}`, stderr: '' }], directory: fx.home, designated: (file) => file === open });
  expect(found).toEqual(['canary in stdout of output', `${open} holds a secret with mode 644 (expected 600)`]);
  fs.chmodSync(open, 0o600);
  expectNoSecrets({ canary: secret }, { outputs: [{ stdout: 'clean', stderr: '' }], emulator: fx.emu, directory: fx.home, designated: (file) => file === open });
  expect(findSecrets({ canary: secret }, { directory: fx.home })).toEqual([`canary in ${open}`]);
});

test('a run that leaves a ref\'d timer or an open connection fails, as a spawned CLI would not exit', async () => {
  const running = fx.cli(['whoami']);
  const timer = setTimeout(() => undefined, 5_000); // started while the run is in flight, as the command's own would be
  try {
    await expect(running).rejects.toThrow(/left 1 ref'd timer\(s\) open: a spawned vcd-token would not exit/);
  } finally {
    clearTimeout(timer);
  }
  expect((await fx.cli(['whoami'])).exitCode).toBe(0);
});
