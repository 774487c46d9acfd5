// Every error code the toolkit throws, as one closed union. Each area declares its own union (with a prefix of
// its own) next to its error class; this file only joins them, so `ErrorCode` is the one list that
// src/cli/exit-codes.ts must map in full.
//
// Adding an area (e.g. CI secret stores, `STORE_*`):
//   1. declare `export const STORE_ERROR_CODES = [...] as const` and `StoreErrorCode` next to the area's error
//      class, which extends VcdApiTokensError<StoreErrorCode>;
//   2. add `StoreErrorCode` to the `ErrorCode` union below;
//   3. give every new code an exit code in src/cli/exit-codes.ts (until then the build fails there).
import type { BootstrapErrorCode } from '../bootstrap/bootstrap-error';
import type { CliErrorCode } from '../cli/usage-error';
import type { VcdErrorCode } from '../client/errors';
import type { ConfigErrorCode } from '../config/config-error';
import type { ConstructErrorCode } from '../constructs/errors';
import type { HandoffErrorCode } from '../handoff/handoff-error';
import type { StoreErrorCode } from '../stores/store-error';
import type { SynthErrorCode } from '../synth/synth-error';

/** A stable error code: `VCD_*` client, `CONFIG_*`, `CONSTRUCT_*`, `HANDOFF_*`, `BOOTSTRAP_*`, `CLI_*`, `SYNTH_*`, `STORE_*`. */
export type ErrorCode =
  | VcdErrorCode
  | ConfigErrorCode
  | ConstructErrorCode
  | HandoffErrorCode
  | BootstrapErrorCode
  | CliErrorCode
  | StoreErrorCode
  | SynthErrorCode;
