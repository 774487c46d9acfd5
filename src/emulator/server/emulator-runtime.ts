import type { EmulatorClock } from '../clock';
import type { FaultInjector } from '../faults/fault-injector';
import type { RequestLog } from '../observability/request-log';
import type { SessionStore } from '../sessions/session-store';
import type { VcdRelease } from '../versions/vcd-releases';
import type { World } from '../world/world';

/** Status and body of a refused grant (GAP in the sources: configurable). */
export interface InvalidGrantResponse {
  /** @default 400 */
  readonly status: number;
  /** @default {"minorErrorCode":"invalid_grant","message":"Invalid refresh token","stackTrace":""} */
  readonly body: unknown;
}

export const DEFAULT_INVALID_GRANT: InvalidGrantResponse = {
  status: 400,
  body: { minorErrorCode: 'invalid_grant', message: 'Invalid refresh token', stackTrace: '' },
};

/** RFC 8628 device-flow timing (GAP: VCD's values are undocumented). */
export interface DeviceFlowSettings {
  /** Polling interval announced in `interval`; polling faster answers `slow_down`. 0 turns that check off. */
  readonly intervalSeconds: number;
  /** Lifetime of device and user codes, announced in `expires_in`. */
  readonly expiresInSeconds: number;
}

/** The shared state behind every route of one emulator instance. */
export interface EmulatorRuntime {
  readonly world: World;
  readonly sessions: SessionStore;
  readonly requestLog: RequestLog;
  readonly faults: FaultInjector;
  readonly release: VcdRelease;
  readonly clock: EmulatorClock;
  readonly invalidGrant: InvalidGrantResponse;
  /** Rotate user API tokens on every refresh (VCD 10.6 `requireRotation`; service-account behaviour). */
  readonly rotateRefreshTokens: boolean;
  /** Refuse /api and /cloudapi requests whose Accept has no `version=` (406). */
  readonly requireAcceptVersion: boolean;
  readonly deviceFlow: DeviceFlowSettings;
  /** Idle timeout in seconds (Session.sessionIdleTimeoutMinutes is derived from it). */
  readonly idleTimeoutSeconds: number;
  /** ms since the epoch, process clock. */
  readonly startedAt: number;
  /** Writes an operational log line (stderr in the CLI); must never carry a secret. */
  log(line: string): void;
}
