// Entry `vcd-api-tokens/emulator`: a strict, stateful VCD emulator on loopback (HTTPS by default), the test
// double for the client, the CLI and pipelines. The other entries never import from here. Internals (routes, world
// building, session store, demo passwords) are imported from their modules inside the package.
export { startEmulator, EmulatorOptionsError, type EmulatorOptions, type EmulatorTlsMaterial, type RunningEmulator } from './start-emulator';
export { ManualEmulatorClock, type EmulatorClock } from './clock';
export { FaultRuleError as EmulatorFaultRuleError } from './faults/fault-types';
export type {
  FaultAction as EmulatorFaultAction,
  FaultRule as EmulatorFaultRule,
  FaultRuleInput as EmulatorFaultRuleInput,
} from './faults/fault-types';
export type { FaultInjector as EmulatorFaultInjector } from './faults/fault-injector';
export type {
  RequestLog as EmulatorRequestLog,
  RequestLogEntry as EmulatorRequestLogEntry,
  SecretLeak as EmulatorSecretLeak,
  SecretSightings as EmulatorSecretSightings,
} from './observability/request-log';
export type { InvalidGrantResponse as EmulatorInvalidGrantResponse } from './server/emulator-runtime';
export { UnsupportedVcdVersionError as EmulatorUnsupportedVcdVersionError } from './versions/vcd-releases';
export type { World as EmulatorWorld } from './world/world';
export { SeedError as EmulatorSeedError, WorldError as EmulatorWorldError, WorldStateError as EmulatorWorldStateError } from './world/errors';
