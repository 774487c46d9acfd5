// Whether a service-account token still works, asked of the emulator with a real exchange. The probe rotates the
// token it is given (a working token is spent): use it last on a token.
import { VcdClient, VcdError } from '../../src/client';
import type { RunningEmulator } from '../../src/emulator';

export async function serviceAccountTokenWorks(emu: RunningEmulator, token: string, org = 'acme'): Promise<boolean> {
  const vcd = new VcdClient({ url: `${emu.url}/api`, caFile: emu.caFile, maxConnections: 1 });
  try {
    await vcd.serviceAccounts.exchange({ org, refreshToken: token, persist: () => undefined });
    return true;
  } catch (e) {
    if (VcdError.isVcdError(e) && e.code === 'VCD_INVALID_GRANT') return false;
    throw e;
  } finally {
    await vcd.close();
  }
}
