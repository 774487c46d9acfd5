// Which VCD releases the config accepts: exactly what the constructs' rights catalogue supports, so a config
// that loads always builds.
import { isSupportedVcdVersion, SUPPORTED_VCD_VERSIONS } from '../constructs/vcd-version';

export const CONFIG_SUPPORTED_VCD_RANGE = SUPPORTED_VCD_VERSIONS;

export function isConfigSupportedVcdVersion(version: string): boolean {
  return isSupportedVcdVersion(version);
}
