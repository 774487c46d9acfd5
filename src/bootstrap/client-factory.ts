// Opens a VCD client for one host with the toolkit's settings. The one place that constructs VcdClient, so
// the CLI, the bootstrap and the main job agree on TLS, timeouts and debug logging.
import { VcdClient, type VcdClientEvent, type VcdSettingNames } from '../client';
import type { TokenApi } from './token-api';

export interface TokenApiSettings {
  /** VCD address of the environment (as VcdClientOptions.url). */
  readonly url: string;
  /** PEM CA bundle file to trust. @default - system roots */
  readonly caFile?: string;
  /** PEM CA certificate(s) to trust. @default - system roots */
  readonly ca?: string;
  /** Skip TLS verification. @default false */
  readonly insecure?: boolean;
  /** Requests the caller may have in flight at once; 1 gives a single connection. @default 8 */
  readonly maxConnections?: number;
  /** Per-request timeout (headers and body) in ms. @default the client's default */
  readonly timeoutMs?: number;
  /** Receives one redacted line per request/response/retry (for --debug). @default - no logging */
  readonly debugLog?: (line: string) => void;
  /**
   * The caller has already told the user that TLS verification is off (the CLI's own warning), so the client
   * does not warn a second time. @default false (the client warns with a process warning)
   */
  readonly insecureWarningShown?: boolean;
  /** Environment for proxy variables and NODE_EXTRA_CA_CERTS (the CLI's, which is not always the process's). @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** What error messages call the CA, insecure and timeout settings (the CLI's flags and variables). @default the client's option names */
  readonly settingNames?: VcdSettingNames;
}

export function openTokenApi(settings: TokenApiSettings): TokenApi {
  return openVcdClient(settings);
}

/** The VcdClient itself, for callers that need more than TokenApi (service accounts). */
export function openVcdClient(settings: TokenApiSettings): VcdClient {
  const debugLog = settings.debugLog;
  // The client's only 'warning' event is the insecure-TLS one: dropped when the caller has shown its own.
  const silenceInsecureWarning = settings.insecure === true && settings.insecureWarningShown === true;
  const client = new VcdClient({
    url: settings.url,
    ...(settings.caFile !== undefined ? { caFile: settings.caFile } : {}),
    ...(settings.ca !== undefined ? { ca: settings.ca } : {}),
    ...(settings.insecure ? { insecure: true } : {}),
    ...(settings.env !== undefined ? { env: settings.env } : {}),
    ...(settings.settingNames !== undefined ? { settingNames: settings.settingNames } : {}),
    ...(settings.maxConnections !== undefined ? { maxConnections: settings.maxConnections } : {}),
    ...(settings.timeoutMs !== undefined
      ? { headersTimeoutMs: settings.timeoutMs, bodyTimeoutMs: settings.timeoutMs, connectTimeoutMs: settings.timeoutMs, operationTimeoutMs: settings.timeoutMs * 4 }
      : {}),
    ...(debugLog || silenceInsecureWarning
      ? {
          logger: (event: VcdClientEvent) => {
            if (!debugLog || (silenceInsecureWarning && event.type === 'warning')) return;
            debugLog(
              [`[${event.type}]`, event.method, event.url, event.status, event.attempt !== undefined ? `attempt=${event.attempt}` : undefined, event.ms !== undefined ? `${event.ms}ms` : undefined, event.message]
                .filter((p) => p !== undefined)
                .join(' '),
            );
          },
        }
      : {}),
  });
  return client;
}
