// Tokens made the way a person enrolls them (password login + create, outside the code under test), for tests
// of the paths that start from a CI-held token.
import { openTokenApi } from '../../src/bootstrap';
import { isTokenNamed } from '../../src/client/token-name';
import type { RunningEmulator } from '../../src/emulator';

export const DEMO_PASSWORD = 'vcd-emulator-demo';

export interface EnrolledToken {
  readonly apiToken: string;
  readonly id: string;
  readonly name: string;
}

/** Creates an API token for `automation@org` named `name` (VCD adds the attempt suffix). */
export async function enrollByHand(emu: RunningEmulator, org: string, name: string): Promise<EnrolledToken> {
  const client = openTokenApi({ url: `${emu.url}/api`, ca: emu.caPem });
  try {
    const session = await client.loginWithPassword({ org, user: 'automation', password: DEMO_PASSWORD });
    const created = await client.createApiToken(session, { name });
    await client.logout(session);
    return { apiToken: created.apiToken.reveal(), id: created.id, name: created.name };
  } finally {
    await client.close();
  }
}

/** Live tokens in the emulator created under `name` (revoked ones are gone). */
export function liveTokensNamed(emu: RunningEmulator, name: string): string[] {
  return [...emu.world.tokens.values()].filter((t) => isTokenNamed(t.name, name)).map((t) => t.id);
}

/** Every live token of the emulator, by id. */
export function allLiveTokenIds(emu: RunningEmulator): string[] {
  return [...emu.world.tokens.values()].map((t) => t.id).sort();
}
