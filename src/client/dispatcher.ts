// Builds the undici dispatcher for one VCD host: a keep-alive HTTP/1.1 Pool, or EnvHttpProxyAgent when a
// proxy variable is set (loopback hosts always go direct). TLS verification stays on unless `insecure`.
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls';
import { Dispatcher, EnvHttpProxyAgent, Pool } from 'undici';
import { VcdError } from './errors';
import type { VcdEndpoint } from './vcd-url';

export interface DispatcherSettings {
  readonly ca?: string | Buffer | ReadonlyArray<string | Buffer>;
  readonly caFile?: string;
  readonly insecure?: boolean;
  readonly connectTimeoutMs: number;
  readonly headersTimeoutMs: number;
  readonly bodyTimeoutMs: number;
  readonly proxy: 'env' | 'none';
  /** @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

function readPemFile(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new VcdError('VCD_INVALID_ARGUMENT', `Cannot read ${what} "${file}": ${(e as Error).message}. Point it at a readable PEM file.`, { cause: e });
  }
}

/**
 * The CA list to pass to TLS, or `undefined` to keep Node's default store. Node adds NODE_EXTRA_CA_CERTS to
 * its default store only; an explicit `ca` replaces that store, so when a CA is given we rebuild
 * "default roots + NODE_EXTRA_CA_CERTS + the given CAs" ourselves.
 */
export function resolveCaList(settings: Pick<DispatcherSettings, 'ca' | 'caFile' | 'env'>): string[] | undefined {
  const given: string[] = [];
  if (settings.caFile) given.push(readPemFile(settings.caFile, 'the CA file (caFile)'));
  if (settings.ca !== undefined) {
    const list = Array.isArray(settings.ca) ? settings.ca : [settings.ca];
    for (const c of list as ReadonlyArray<string | Buffer>) given.push(typeof c === 'string' ? c : c.toString('utf8'));
  }
  if (given.length === 0) return undefined;
  const env = settings.env ?? process.env;
  const extra: string[] = [];
  if (env.NODE_EXTRA_CA_CERTS) {
    try {
      extra.push(readFileSync(env.NODE_EXTRA_CA_CERTS, 'utf8'));
    } catch {
      // Node itself only warns about an unreadable NODE_EXTRA_CA_CERTS; do the same by ignoring it.
    }
  }
  return [...rootCertificates, ...extra, ...given];
}

export function proxyConfigured(endpoint: VcdEndpoint, env: NodeJS.ProcessEnv): boolean {
  if (endpoint.loopback) return false;
  const https = endpoint.origin.startsWith('https:');
  const vars = https ? ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY'] : ['http_proxy', 'HTTP_PROXY'];
  return vars.some((v) => (env[v] ?? '') !== '');
}

// A `ca` list makes Node parse every certificate again on each TLS connection (~145 roots: tens of ms of CPU
// per connection); one SecureContext per distinct list, shared by all clients, parses them once. The cache key
// covers only what follows the (fixed) root store, so looking it up stays cheap for many clients.
const secureContexts = new Map<string, SecureContext>();

function secureContextFor(ca: readonly string[]): SecureContext {
  const roots = ca.length >= rootCertificates.length && rootCertificates.every((root, i) => ca[i] === root) ? rootCertificates.length : 0;
  const key = `${roots}:${createHash('sha256').update(ca.slice(roots).join('\n')).digest('hex')}`;
  let context = secureContexts.get(key);
  if (!context) {
    context = createSecureContext({ ca: [...ca] });
    secureContexts.set(key, context);
  }
  return context;
}

export function createDispatcher(endpoint: VcdEndpoint, settings: DispatcherSettings): Dispatcher {
  const env = settings.env ?? process.env;
  const ca = resolveCaList(settings);
  const tls = {
    ...(ca ? { secureContext: secureContextFor(ca) } : {}),
    rejectUnauthorized: settings.insecure !== true,
    timeout: settings.connectTimeoutMs,
  };
  const common = {
    headersTimeout: settings.headersTimeoutMs,
    bodyTimeout: settings.bodyTimeoutMs,
    keepAliveTimeout: 4_000,
    allowH2: false,
  };
  if (settings.proxy === 'env' && proxyConfigured(endpoint, env)) {
    return new EnvHttpProxyAgent({
      ...common,
      connect: tls,
      requestTls: tls,
      connections: 8,
      httpProxy: env.http_proxy || env.HTTP_PROXY || undefined,
      httpsProxy: env.https_proxy || env.HTTPS_PROXY || env.http_proxy || env.HTTP_PROXY || undefined,
      noProxy: env.no_proxy ?? env.NO_PROXY ?? '',
    });
  }
  return new Pool(endpoint.origin, { ...common, connect: tls, connections: 8 });
}
