// A VCD version given to a construct, parsed with the facts of src/vcd and rejected with construct errors.
import { isSupportedVcdVersion, SUPPORTED_VCD_VERSIONS, tryParseVcdVersion, type VcdVersion } from '../vcd/vcd-version';
import { invalidVcdVersionError, unsupportedVcdVersionError } from './errors';

/** Parses a VCD version or throws CONSTRUCT_INVALID_VCD_VERSION naming the bad value and the expected form. */
export function parseVcdVersion(text: string): VcdVersion {
  const parsed = tryParseVcdVersion(text);
  if (!parsed) throw invalidVcdVersionError(text);
  return parsed;
}

/** Parses and checks the supported range; throws CONSTRUCT_INVALID_VCD_VERSION or CONSTRUCT_UNSUPPORTED_VCD_VERSION. */
export function parseSupportedVcdVersion(text: string): VcdVersion {
  const parsed = parseVcdVersion(text);
  if (!isSupportedVcdVersion(text)) throw unsupportedVcdVersionError(parsed.text, SUPPORTED_VCD_VERSIONS);
  return parsed;
}
