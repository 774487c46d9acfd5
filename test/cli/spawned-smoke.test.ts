// The few things only a real `vcd-token` process proves (every other CLI test runs in-process): the installed
// bins start and print help, the bin turns the command's result into the process exit code and then ends, no
// secret is ever on the command line of the running process, a killed rotation leaves nothing that the next
// one cannot clean up, and the rotation lock holds between two processes.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { useCliEmulator, waitFor } from './cli-harness';
import { binPath, spawnBin } from './spawned-cli';

const fx = useCliEmulator();
const readToken = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as { refresh_token: string; token_id: string };

test('the bins of package.json start with a node shebang; vcd-token --help exits 0 (vcd-emulator\'s: test/emulator)', async () => {
  for (const bin of ['vcd-token', 'vcd-emulator'] as const) expect(fs.readFileSync(binPath(bin), 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  const help = await spawnBin('vcd-token', ['--help'], { env: fx.env });
  expect({ exitCode: help.exitCode, stderr: help.stderr }).toEqual({ exitCode: 0, stderr: '' });
  expect(help.stdout).toMatch(/^Usage: vcd-token <command>/);
  expect(help.stdout).toMatch(/^ {2}rotate /m);
});

test('the exit code of the process is the command\'s (0 is the help above), and it ends after a failure; a secret argument is not echoed', async () => {
  const token = 'tPastedTokenValue0123456789abcdefghijklmnopq';
  const [refused, auth] = await Promise.all([
    spawnBin('vcd-token', ['exchange', '--token', token], { env: fx.env }),
    spawnBin('vcd-token', ['whoami'], { env: { ...fx.env, VCD_PASSWORD: 'wrong-password' } }),
  ]);
  expect(refused.exitCode).toBe(2);
  expect(refused.stderr).toContain('--token is not accepted');
  expect(refused.stdout + refused.stderr).not.toContain(token);
  expect(auth.exitCode).toBe(3);
  expect(auth.stderr).toContain('VCD_AUTH_FAILED');
});

test('a secret given on stdin is not on the running process\'s command line', async () => {
  const file = path.join(fx.home, 'argv.json');
  expect((await fx.cli(['create', '--name', 'argv', '--token-file', file])).exitCode).toBe(0);
  const token = readToken(file).refresh_token;
  // Hold the exchange so the process is alive while its command line is read.
  const held = fx.emu.faults.add({ method: 'POST', path: '/oauth/tenant/acme/token', action: { type: 'stall', ms: 100 } });
  let cmdline = '';
  const r = await spawnBin('vcd-token', ['exchange', '--token-stdin'], {
    env: fx.env,
    stdin: `${token}\n`,
    onSpawn: (pid) =>
      void waitFor(() => held.applied === 1, 'the held exchange').then(() => {
        cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      }),
  });
  expect(r.exitCode).toBe(0);
  expect(cmdline).toContain('exchange\0--token-stdin');
  expect(cmdline).not.toContain(token);
  expect(r.stdout + r.stderr).not.toContain(token);
});

test('SIGTERM in the middle of a rotation: the file still holds the old, working token, and the next rotate cleans up', async () => {
  const file = path.join(fx.home, 'killed.json');
  expect((await fx.cli(['create', '--name', 'killed', '--token-file', file])).exitCode).toBe(0);
  const before = fs.readFileSync(file, 'utf8');
  // Held: the jwt-bearer grant of the new token (processed by VCD, so a new token exists that nobody holds).
  const held = fx.emu.faults.add({ method: 'POST', path: '/oauth/tenant/acme/token', action: { type: 'stall' } });
  const killed = await spawnBin('vcd-token', ['rotate', '--token-file', file], {
    env: fx.env,
    onSpawn: (pid) => void waitFor(() => held.applied === 1, 'the held grant').then(() => process.kill(pid, 'SIGTERM')),
  });
  expect({ exitCode: killed.exitCode, signal: killed.signal }).toEqual({ exitCode: null, signal: 'SIGTERM' });
  expect(fs.readFileSync(file, 'utf8')).toBe(before);
  expect(fx.liveTokens('killed')).toHaveLength(2); // the old one and the orphan of the killed run
  expect(fs.existsSync(`${file}.lock`)).toBe(true); // left by the killed process, whose pid is gone

  const next = await fx.cli(['rotate', '--token-file', file, '--json']);
  expect({ exitCode: next.exitCode, stderr: next.stderr }).toEqual({ exitCode: 0, stderr: '' });
  expect(next.json<{ revoked: unknown[] }>().revoked).toHaveLength(2);
  expect(fx.liveTokens('killed').map((t) => t.id)).toEqual([readToken(file).token_id]);
  expect(fs.readdirSync(fx.home).sort()).toEqual(['killed.json']);
});

test('two rotate processes on one token file: the lock serialises them across processes; one token remains', async () => {
  const file = path.join(fx.home, 'shared.json');
  expect((await fx.cli(['create', '--name', 'shared', '--token-file', file])).exitCode).toBe(0);
  const runs = await Promise.all([1, 2].map(() => spawnBin('vcd-token', ['rotate', '--token-file', file, '--json'], { env: fx.env })));
  for (const r of runs) expect({ exitCode: r.exitCode, stderr: r.stderr }).toEqual({ exitCode: 0, stderr: '' });
  const ids = runs.map((r) => (JSON.parse(r.stdout) as { tokenId: string }).tokenId);
  expect(new Set(ids).size).toBe(2);
  expect(fx.liveTokens('shared').map((t) => t.id)).toEqual([readToken(file).token_id]);
  expect(ids).toContain(readToken(file).token_id);
});
