// Typed failures of synthesizing and checking an app (the SYNTH_* codes of the toolkit's error model). Bad
// config is a ConfigError (src/config), bad construct input a VcdConstructError (src/constructs).
import { VcdApiTokensError } from '../errors/vcd-api-tokens-error';

export const SYNTH_ERROR_CODES = [
  /** The synthesized stacks do not match the committed provider schema. */
  'SYNTH_SCHEMA_INVALID',
  /** Construct validations (auth guard, rights publication, VCD versions and rights) failed; every finding is listed. */
  'SYNTH_VALIDATION_FAILED',
  /** A VCD URL override names an environment the config does not define. */
  'SYNTH_UNKNOWN_ENVIRONMENT_OVERRIDE',
  /** The VCD_URL_OVERRIDES environment variable is not a JSON object of environment name → https URL. */
  'SYNTH_BAD_URL_OVERRIDES',
  /** No cdktf.json with an `app` command in the directory the app should run from. */
  'SYNTH_NO_APP',
  /** The app command failed (its stderr is quoted, neutralised). */
  'SYNTH_APP_FAILED',
  /** The app ran but left no readable cdktf manifest in the output directory. */
  'SYNTH_NO_MANIFEST',
  /** renderHcl found a stack synthesized as HCL by cdktf itself, not as JSON it can render. */
  'SYNTH_NO_JSON_OUTPUT',
  /** The provider schema file is not where the package ships it (an incomplete install). */
  'SYNTH_NO_SCHEMA',
] as const;

/** Stable codes of `SynthError`. */
export type SynthErrorCode = (typeof SYNTH_ERROR_CODES)[number];

export class SynthError extends VcdApiTokensError<SynthErrorCode> {
  constructor(code: SynthErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message, options);
  }
}
