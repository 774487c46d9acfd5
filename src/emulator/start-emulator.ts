import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemEmulatorClock, type EmulatorClock } from './clock';
import { FaultInjector } from './faults/fault-injector';
import type { FaultRuleInput } from './faults/fault-types';
import { Router } from './http/router';
import { RequestLog } from './observability/request-log';
import { registerControlRoutes } from './routes/control-routes';
import { registerLegacyOrgRoutes } from './routes/legacy/legacy-org-routes';
import { registerLegacySessionRoutes } from './routes/legacy/legacy-session-routes';
import { registerOauthRoutes } from './routes/oauth-routes';
import { registerRbacRoutes } from './routes/rbac';
import {
  DEVICE_CODE_INTERVAL_SECONDS,
  DEVICE_CODE_LIFETIME_SECONDS,
  registerServiceAccountRoutes,
} from './routes/service-account-routes';
import { registerSessionRoutes } from './routes/session-routes';
import { registerTokenRoutes } from './routes/token-routes';
import { registerVersionRoutes } from './routes/versions-routes';
import { DEFAULT_INVALID_GRANT, type EmulatorRuntime, type InvalidGrantResponse } from './server/emulator-runtime';
import { createRequestHandler } from './server/request-handler';
import { SessionStore } from './sessions/session-store';
import { generateEmulatorCertificates } from './tls/certificates';
import { resolveVcdRelease } from './versions/vcd-releases';
import { createDemoWorld } from './world/demo-world';
import { loadStateFile, persistWorld } from './world/persistence';
import { loadSeedFile } from './world/seed';
import type { World } from './world/world';

/** Default idle session timeout: 30 minutes (VCD's default is a GAP; 30 matches the doc examples). */
export const DEFAULT_IDLE_TIMEOUT_SECONDS = 30 * 60;
/** Default absolute session lifetime: 24 hours (GAP in the sources). */
export const DEFAULT_ABSOLUTE_TIMEOUT_SECONDS = 24 * 60 * 60;
/** Default cap on live sessions; the oldest is dropped beyond it so memory stays flat. */
export const DEFAULT_MAX_SESSIONS = 10_000;

/** TLS material supplied instead of the generated CA and certificate. */
export interface EmulatorTlsMaterial {
  readonly certPem: string;
  readonly keyPem: string;
  /** CA clients should trust. @default certPem (a self-signed certificate is its own CA) */
  readonly caPem?: string;
}

export interface EmulatorOptions {
  /** VCD release to impersonate (10.3.0 … 10.6.1, or 10.3 … 10.6). @default "10.5.0" */
  readonly vcdVersion?: string;
  /** Address to listen on. @default "127.0.0.1" */
  readonly host?: string;
  /** Port to listen on. @default 0 (a free port) */
  readonly port?: number;
  /** Serve plain HTTP instead of HTTPS. @default false */
  readonly http?: boolean;
  /** Certificate and key to use. @default a CA and server certificate generated at start */
  readonly tls?: EmulatorTlsMaterial;
  /** A ready World (tests). Exclusive with seedFile. @default the demo world */
  readonly world?: World;
  /** JSON seed file describing the world. @default the demo world */
  readonly seedFile?: string;
  /** State file: loaded when it exists (instead of seed/demo), rewritten atomically on every change. @default - state in memory only */
  readonly stateFile?: string;
  /** Password of System/administrator in the demo world. @default "vcd-emulator-admin" */
  readonly adminPassword?: string;
  /** Password of the demo tenant users. @default "vcd-emulator-demo" */
  readonly demoPassword?: string;
  /** Idle timeout; also the `expires_in` of token responses. @default 1800 */
  readonly sessionIdleTimeoutSeconds?: number;
  /** Absolute session lifetime; also the JWT `exp`. @default 86400 */
  readonly sessionAbsoluteTimeoutSeconds?: number;
  /** Live sessions kept; the oldest is dropped beyond it, so memory stays flat. @default 10000 */
  readonly maxSessions?: number;
  /** Clock for session timeouts and token expiry (tests pass a ManualEmulatorClock). @default the system clock */
  readonly clock?: EmulatorClock;
  /** Fault rules active from the start. @default none */
  readonly faults?: readonly FaultRuleInput[];
  /** Answer to a bad, revoked or reused grant (GAP). @default 400 invalid_grant "Invalid refresh token" */
  readonly invalidGrant?: InvalidGrantResponse;
  /**
   * Rotate API tokens on every refresh_token grant: the response carries a new `refresh_token` and the
   * presented one stops working (VCD service-account behaviour, and `requireRotation` in 10.6).
   * @default false
   */
  readonly rotateRefreshTokens?: boolean;
  /**
   * Device-flow `interval` in seconds (RFC 8628: polling faster answers `slow_down`); 0 announces 0 and never
   * answers `slow_down` (for tests that poll without waiting). @default 5
   */
  readonly deviceCodeIntervalSeconds?: number;
  /** Lifetime of device and user codes in seconds (`expires_in`). @default 600 */
  readonly deviceCodeExpiresInSeconds?: number;
  /** Answer 406 to /api and /cloudapi requests whose Accept names no version (INFERRED VCD strictness). @default false */
  readonly requireAcceptVersion?: boolean;
  /** Entries kept in the request log. @default 1000 */
  readonly requestLogSize?: number;
  /** Operational log sink (the CLI passes stderr). @default discard */
  readonly log?: (line: string) => void;
  /** Log one line per request. @default false */
  readonly logRequests?: boolean;
}

/** A running emulator. */
export interface RunningEmulator {
  /** `https://127.0.0.1:PORT` (or `http://` with `http: true`), no trailing slash. */
  readonly url: string;
  /** PEM of the CA to trust; undefined for plain HTTP. */
  readonly caPem: string | undefined;
  /** Path of a file holding `caPem` (removed by `close()`); undefined for plain HTTP. */
  readonly caFile: string | undefined;
  readonly vcdVersion: string;
  /** Newest API version served. */
  readonly apiVersion: string;
  readonly world: World;
  readonly requestLog: RequestLog;
  readonly faults: FaultInjector;
  readonly clock: EmulatorClock;
  readonly sessions: SessionStore;
  /** The listening server, for observing connections (tests count TLS handshakes with `secureConnection`). */
  readonly server: http.Server | https.Server;
  /** Stops listening, ends open connections and removes the CA file. Idempotent. */
  close(): Promise<void>;
}

/** Invalid emulator options. */
export class EmulatorOptionsError extends Error {
  public readonly code = 'EMULATOR_BAD_OPTIONS';

  public constructor(message: string) {
    super(message);
    this.name = 'EmulatorOptionsError';
  }
}

function positiveNumber(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new EmulatorOptionsError(`${name} must be a positive number, got ${value}`);
  return value;
}

function nonNegativeInteger(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0) throw new EmulatorOptionsError(`${name} must be a non-negative integer, got ${value}`);
  return value;
}

function buildWorld(options: EmulatorOptions, worldVersion: string): World {
  if (options.world && options.seedFile) throw new EmulatorOptionsError('Give either "world" or "seedFile", not both');
  if (options.stateFile && existsSync(options.stateFile)) return loadStateFile(options.stateFile);
  if (options.world) return options.world;
  if (options.seedFile) return loadSeedFile(options.seedFile, { vcdVersion: worldVersion });
  return createDemoWorld({ adminPassword: options.adminPassword, demoPassword: options.demoPassword, vcdVersion: worldVersion });
}

/** Starts an emulator on loopback and resolves once it accepts connections. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const release = resolveVcdRelease(options.vcdVersion);
  const clock = options.clock ?? systemEmulatorClock;
  const log = options.log ?? (() => undefined);
  const idleTimeoutSeconds = positiveNumber(options.sessionIdleTimeoutSeconds, DEFAULT_IDLE_TIMEOUT_SECONDS, 'sessionIdleTimeoutSeconds');
  const absoluteTimeoutSeconds = positiveNumber(
    options.sessionAbsoluteTimeoutSeconds,
    DEFAULT_ABSOLUTE_TIMEOUT_SECONDS,
    'sessionAbsoluteTimeoutSeconds',
  );
  const maxSessions = positiveNumber(options.maxSessions, DEFAULT_MAX_SESSIONS, 'maxSessions');
  const deviceFlow = {
    intervalSeconds: nonNegativeInteger(options.deviceCodeIntervalSeconds, DEVICE_CODE_INTERVAL_SECONDS, 'deviceCodeIntervalSeconds'),
    expiresInSeconds: positiveNumber(options.deviceCodeExpiresInSeconds, DEVICE_CODE_LIFETIME_SECONDS, 'deviceCodeExpiresInSeconds'),
  };

  const world = buildWorld(options, release.vcdVersion.replace(/\.0$/, ''));
  let unsubscribe: (() => void) | undefined;
  if (options.stateFile) {
    const stateFile = options.stateFile;
    persistWorld(world, stateFile);
    unsubscribe = world.onChange(() => persistWorld(world, stateFile));
  }

  const requestLog = new RequestLog({ capacity: options.requestLogSize });
  const faults = new FaultInjector();
  for (const rule of options.faults ?? []) faults.add(rule);
  const sessions = new SessionStore({
    clock,
    idleTimeoutMs: idleTimeoutSeconds * 1000,
    absoluteTimeoutMs: absoluteTimeoutSeconds * 1000,
    maxSessions,
  });
  // A user deleted through the World (e.g. DELETE /users/{id}) loses every session, token-derived ones too.
  const stopUserCascade = world.onChange((change) => {
    if (change.entity === 'user' && change.action === 'remove') sessions.revokeByUser(change.id);
    // However a token disappears (DELETE /tokens/{id}, owner removed), bearers minted from it die with it.
    if (change.entity === 'token' && change.action === 'remove') sessions.revokeByToken(change.id);
    // Likewise for a service account (its sessions carry its id as tokenId).
    if (change.entity === 'serviceAccount' && change.action === 'remove') sessions.revokeByToken(change.id);
  });
  const runtime: EmulatorRuntime = {
    world,
    sessions,
    requestLog,
    faults,
    release,
    clock,
    invalidGrant: options.invalidGrant ?? DEFAULT_INVALID_GRANT,
    rotateRefreshTokens: options.rotateRefreshTokens ?? false,
    requireAcceptVersion: options.requireAcceptVersion ?? false,
    deviceFlow,
    idleTimeoutSeconds,
    startedAt: Date.now(),
    log: (line) => {
      requestLog.addLine(line);
      log(line);
    },
  };

  const router = new Router();
  registerVersionRoutes(router, runtime);
  registerLegacyOrgRoutes(router);
  registerLegacySessionRoutes(router, runtime);
  registerSessionRoutes(router, runtime);
  registerOauthRoutes(router, runtime);
  registerTokenRoutes(router, runtime);
  registerServiceAccountRoutes(router, runtime);
  registerRbacRoutes(router);
  registerControlRoutes(router, runtime);

  let baseUrl = '';
  const stalled = new Set<http.ServerResponse>();
  const handler = createRequestHandler({
    runtime,
    router,
    baseUrl: () => baseUrl,
    logRequests: options.logRequests,
    onStalled: (res) => stalled.add(res),
  });

  let caPem: string | undefined;
  let server: http.Server;
  if (options.http) {
    server = http.createServer({ keepAliveTimeout: 5000 }, handler);
  } else {
    const material = options.tls ?? (await generateEmulatorCertificates());
    caPem = 'caPem' in material && material.caPem ? material.caPem : material.certPem;
    server = https.createServer({ cert: material.certPem, key: material.keyPem, keepAliveTimeout: 5000 }, handler);
  }
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // A client that aborts mid-handshake must not crash the emulator.
  server.on('tlsClientError', () => undefined);
  server.on('clientError', (_err, socket) => socket.destroy());

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  baseUrl = `${options.http ? 'http' : 'https'}://${urlHost}:${port}`;

  let caDir: string | undefined;
  let caFile: string | undefined;
  if (caPem) {
    caDir = mkdtempSync(join(tmpdir(), 'vcd-emulator-'));
    caFile = join(caDir, 'ca.pem');
    writeFileSync(caFile, caPem, { mode: 0o644 });
  }
  runtime.log(`vcd-emulator: listening on ${baseUrl} as VCD ${release.vcdVersion} (API ${release.apiVersion})`);

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= new Promise<void>((resolve) => {
      unsubscribe?.();
      stopUserCascade();
      for (const res of stalled) res.destroy();
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    }).then(() => {
      if (caDir) rmSync(caDir, { recursive: true, force: true });
    }));

  return {
    url: baseUrl,
    caPem,
    caFile,
    vcdVersion: release.vcdVersion,
    apiVersion: release.apiVersion,
    world,
    requestLog,
    faults,
    clock,
    sessions,
    server,
    close,
  };
}
