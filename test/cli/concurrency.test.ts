// Four `vcd-token rotate` runs on the same token file at once: the lock serialises them, and the end state is
// exactly one valid token (the one in the file) and no orphans in the emulator's world. In-process the runs
// share one pid; the lock works on the file alone (spawned-smoke.test.ts runs two real processes).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { connectionEnv, useCliEmulator } from './cli-harness';

const fx = useCliEmulator((emu) => connectionEnv(emu, { org: 'globex' }), { vcdVersion: '10.4.2' });

test('four concurrent rotations end with one valid token and no orphans', async () => {
  const file = path.join(fx.home, 'shared.json');
  expect((await fx.cli(['create', '--name', 'shared', '--token-file', file])).exitCode).toBe(0);
  const original = JSON.parse(fs.readFileSync(file, 'utf8')).token_id as string;

  const runs = await Promise.all([1, 2, 3, 4].map(() => fx.cli(['rotate', '--token-file', file, '--json'])));
  for (const r of runs) expect({ exitCode: r.exitCode, stderr: r.stderr }).toEqual({ exitCode: 0, stderr: '' });

  const inFile = JSON.parse(fs.readFileSync(file, 'utf8')) as { token_id: string };
  expect(fx.liveTokens('shared').map((t) => t.id)).toEqual([inFile.token_id]);
  expect(inFile.token_id).not.toBe(original);
  // Each rotation replaced the previous one: four distinct new ids, the last of which survives.
  const newIds = runs.map((r) => r.json<{ tokenId: string }>().tokenId);
  expect(new Set(newIds).size).toBe(4);
  expect(newIds).toContain(inFile.token_id);
  expect((await fx.cli(['exchange', '--token-file', file])).exitCode).toBe(0);
  expect(fs.readdirSync(fx.home).sort()).toEqual(['shared.json']);
});
