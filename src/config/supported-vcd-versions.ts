// Which VCD releases the config accepts. API tokens exist from 10.3.1; the rights catalogue covers up to 10.6.x.
// Kept in step with the constructs' RightsCatalogue (isSupportedVcdVersion) once that is available.

export const CONFIG_SUPPORTED_VCD_RANGE = '10.3.1 to 10.6.x';

export function isConfigSupportedVcdVersion(version: string): boolean {
  const m = /^(\d+)\.(\d+)\.(\d+)(?:\.\d+)?$/.exec(version);
  if (!m) return false;
  const [major, minor, patch] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (major !== 10) return false;
  if (minor === 3) return patch >= 1;
  return minor >= 4 && minor <= 6;
}
