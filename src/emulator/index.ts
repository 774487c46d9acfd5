// Public exports of src/emulator: a strict, stateful VCD emulator on loopback (HTTPS by default).
// Names are prefixed or curated because src/index.ts re-exports every area with `export *`.
export {
  startEmulator,
  EmulatorOptionsError,
  DEFAULT_IDLE_TIMEOUT_SECONDS as EMULATOR_DEFAULT_IDLE_TIMEOUT_SECONDS,
  DEFAULT_ABSOLUTE_TIMEOUT_SECONDS as EMULATOR_DEFAULT_ABSOLUTE_TIMEOUT_SECONDS,
  DEFAULT_MAX_SESSIONS as EMULATOR_DEFAULT_MAX_SESSIONS,
} from './start-emulator';
export type { EmulatorOptions, RunningEmulator, EmulatorTlsMaterial } from './start-emulator';
export { ManualEmulatorClock, systemEmulatorClock } from './clock';
export type { EmulatorClock } from './clock';
export { FaultInjector as EmulatorFaultInjector, loadFaultFile as loadEmulatorFaultFile } from './faults/fault-injector';
export { FaultRuleError as EmulatorFaultRuleError } from './faults/fault-types';
export type {
  FaultAction as EmulatorFaultAction,
  FaultRuleInput as EmulatorFaultRuleInput,
  FaultRule as EmulatorFaultRule,
} from './faults/fault-types';
export { RequestLog as EmulatorRequestLog } from './observability/request-log';
export type {
  RequestLogEntry as EmulatorRequestLogEntry,
  SecretLeak as EmulatorSecretLeak,
  SecretSightings as EmulatorSecretSightings,
} from './observability/request-log';
export type { EmulatorSession, SessionAuthMethod as EmulatorSessionAuthMethod } from './sessions/emulator-session';
export { SessionStore as EmulatorSessionStore } from './sessions/session-store';
export type { InvalidGrantResponse as EmulatorInvalidGrantResponse } from './server/emulator-runtime';
export type { EmulatorStats } from './routes/control-routes';
export {
  resolveVcdRelease,
  UnsupportedVcdVersionError as EmulatorUnsupportedVcdVersionError,
  DEFAULT_VCD_VERSION as EMULATOR_DEFAULT_VCD_VERSION,
  API_VERSION_BY_RELEASE as EMULATOR_API_VERSION_BY_RELEASE,
} from './versions/vcd-releases';
export type { VcdRelease } from './versions/vcd-releases';
export { World as EmulatorWorld, createDemoWorld as createEmulatorDemoWorld, loadSeedFile as loadEmulatorSeedFile } from './world';
export { SeedError as EmulatorSeedError, WorldError as EmulatorWorldError, WorldStateError as EmulatorWorldStateError } from './world';
export {
  DEMO_ADMIN_PASSWORD as EMULATOR_DEMO_ADMIN_PASSWORD,
  DEMO_TENANT_PASSWORD as EMULATOR_DEMO_TENANT_PASSWORD,
} from './world';
