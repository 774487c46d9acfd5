// Four `vcd-token rotate` processes on the same token file at once: the lock serialises them, and the end
// state is exactly one valid token (the one in the file) and no orphans in the emulator's world.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RunningEmulator, startEmulator } from '../../src/emulator';
import { assertCliBuilt, baseEnv, runCli, tempHome } from './cli-harness';
import { isTokenNamed } from '../../src/client';

let emu: RunningEmulator;
beforeAll(async () => {
  assertCliBuilt();
  emu = await startEmulator({ vcdVersion: '10.4.2' });
});
afterAll(async () => {
  await emu.close();
});

test('four concurrent rotations end with one valid token and no orphans', async () => {
  const home = tempHome('vcd-token-conc-');
  const env = baseEnv(home, { VCD_URL: `${emu.url}/api`, VCD_ORG: 'globex', VCD_USER: 'automation', VCD_PASSWORD: 'vcd-emulator-demo', VCD_CA_FILE: emu.caFile });
  const file = path.join(home, 'shared.json');
  expect((await runCli(['create', '--name', 'shared', '--token-file', file], env)).code).toBe(0);
  const original = JSON.parse(fs.readFileSync(file, 'utf8')).token_id as string;

  const runs = await Promise.all([1, 2, 3, 4].map(() => runCli(['rotate', '--token-file', file, '--json'], env, { timeoutMs: 60000 })));
  for (const r of runs) expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });

  const inFile = JSON.parse(fs.readFileSync(file, 'utf8')) as { token_id: string };
  const alive = [...emu.world.tokens.values()].filter((t) => isTokenNamed(t.name, 'shared'));
  expect(alive.map((t) => t.id)).toEqual([inFile.token_id]);
  expect(inFile.token_id).not.toBe(original);
  // Each rotation replaced the previous one: four distinct new ids, the last of which survives.
  const newIds = runs.map((r) => (JSON.parse(r.stdout) as { tokenId: string }).tokenId);
  expect(new Set(newIds).size).toBe(4);
  expect(newIds).toContain(inFile.token_id);
  expect((await runCli(['exchange', '--token-file', file], env)).code).toBe(0);
  expect(fs.readdirSync(home).sort()).toEqual(['shared.json']);
  fs.rmSync(home, { recursive: true, force: true });
}, 120000);
