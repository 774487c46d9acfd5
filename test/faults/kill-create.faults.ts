// kill -9 of a spawned `vcd-token create` at each request boundary (the request processed by VCD, its answer not
// yet received), then the next `create` of that name must name every leftover, and the next `bootstrap` of that
// name must revoke them: afterwards every live token is held by a token file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type RunningEmulator, startEmulator } from '../../src/emulator';
import { writeEnvironmentsConfig } from '../bootstrap/bootstrap-fixtures';
import { cli, connectionEnv, DEMO_PASSWORD, tempHome, testEnv, waitFor } from '../cli/cli-harness';
import { spawnBin } from '../cli/spawned-cli';
import { addFault, cleanRun, liveTokens, type MatrixServers, type RequestSlot, resetServers, secretsInFiles } from './fault-matrix';
import { hashTokenSecret } from '../../src/emulator/world/secrets';
import type { FaultOperation } from './fault-matrix';

// The name bootstrap gives the token of dev/acme, so that both follow-ups look for the killed run's token.
const NAME = 'vcd-api-tokens-dev-acme';

const create = (file: string): FaultOperation => ({
  name: 'create',
  prepare: (home, { emu }) => ({ argv: ['create', '--name', NAME, '--token-file', path.join(home, file)], env: testEnv(home, connectionEnv(emu)) }),
});

let emu: RunningEmulator;
let servers: MatrixServers;
let slots: RequestSlot[];

beforeAll(async () => {
  emu = await startEmulator({ vcdVersion: '10.5.1' });
  servers = { emu, stores: {} };
  slots = (await cleanRun(create('create.json'), servers)).slots;
});
afterAll(() => emu?.close());

/** Kills a spawned create after `slot` was processed, then runs the follow-ups; returns what went wrong. */
async function killAndFollowUp(slot: RequestSlot): Promise<string[]> {
  const problems: string[] = [];
  const cell = `create killed after ${slot.label} was processed`;
  resetServers(servers);
  const home = tempHome('kill-create-');
  try {
    const env = testEnv(home, connectionEnv(emu));
    const applied = addFault(servers, slot, { name: 'stall', vcd: () => ({ type: 'stall' }), store: () => ({ type: 'stall' }) });
    const killed = await spawnBin('vcd-token', ['create', '--name', NAME, '--token-file', path.join(home, 'create.json')], {
      env,
      onSpawn: (pid) => void waitFor(() => applied() === 1, `${slot.label} of the spawned create`).then(() => process.kill(pid, 'SIGKILL')).catch(() => undefined),
    });
    if (killed.signal !== 'SIGKILL') problems.push(`${cell}: the spawned create was not killed (exit ${killed.exitCode})`);
    emu.faults.clear();
    const held = new Set(secretsInFiles(home).map(hashTokenSecret));
    const leftovers = liveTokens(emu).filter((t) => t.secretHash === null || !held.has(t.secretHash));
    // The kills that matter: after the register (a token without a secret) and after the grant (a working one).
    if (/ POST \/oauth\/tenant\/acme\/(register|token)$/.test(slot.label) && leftovers.length === 0) problems.push(`${cell}: no leftover, so this kill proves nothing`);

    const next = await cli(['create', '--name', NAME, '--token-file', path.join(home, 'next.json')], { env, cwd: home });
    if (next.exitCode !== 0) problems.push(`${cell}: the next create exited ${next.exitCode}: ${next.output}`);
    for (const t of leftovers) if (!next.output.includes(t.id)) problems.push(`${cell}: the next create does not name the leftover ${t.id} (${t.name}): ${next.output}`);

    const config = path.join(home, 'environments.json');
    writeEnvironmentsConfig(config, ['acme']);
    const bootstrap = await cli(['bootstrap', '--config', config, '--vcd-url', `dev=${emu.url}/api`], {
      env: testEnv(home, { VCD_CA_FILE: emu.caFile, VCD_PASSWORD: DEMO_PASSWORD, VCD_TOKEN_DIR: path.join(home, 'tokens') }),
      cwd: home,
    });
    if (bootstrap.exitCode !== 0) problems.push(`${cell}: the next bootstrap exited ${bootstrap.exitCode}: ${bootstrap.output}`);
    const bootstrapFile = JSON.parse(fs.readFileSync(path.join(home, 'tokens', 'dev-acme.json'), 'utf8')) as { token_id: string };
    const live = liveTokens(emu).map((t) => t.id);
    if (live.join() !== bootstrapFile.token_id) problems.push(`${cell}: after the next bootstrap the live tokens are ${live.join(', ')}, not only the one of its token file (${bootstrapFile.token_id})`);
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
  return problems;
}

// Two tests of half the boundaries each: every kill spawns a process, which is slow on a busy machine.
test.each(['first', 'second'] as const)('create killed at each request boundary (%s half): the next create names every leftover, the next bootstrap revokes them', async (half) => {
  const middle = Math.ceil(slots.length / 2);
  const mine = half === 'first' ? slots.slice(0, middle) : slots.slice(middle);
  expect(slots.map((s) => s.label)).toContain('#3 POST /oauth/tenant/acme/register');
  const problems: string[] = [];
  for (const slot of mine) problems.push(...(await killAndFollowUp(slot)));
  expect(problems).toEqual([]);
});
