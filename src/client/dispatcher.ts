// Builds the undici dispatcher for one VCD host: a keep-alive HTTP/1.1 Pool (a single Client when the caller
// never sends two requests at once), or EnvHttpProxyAgent when a proxy variable is set (loopback hosts always go
// direct). TLS verification stays on unless `insecure`.
import { X509Certificate } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls';
import { Client, Dispatcher, EnvHttpProxyAgent, Pool } from 'undici';
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
  /** Connections to the host at once; 1 is a single connection on which requests queue. */
  readonly connections: number;
  /** @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/**
 * The CA file's text, refused (VCD_BAD_CA_FILE) when it cannot be read or holds no usable certificate: Node
 * would silently trust nothing from it, and every connection would then fail as "certificate not trusted",
 * blaming the server for a local file.
 */
function readCaFile(file: string): string {
  const fix = 'Give the PEM file of the CA that signed the VCD certificate (-----BEGIN CERTIFICATE----- blocks).';
  let text: string;
  try {
    if (statSync(file).isDirectory()) throw new VcdError('VCD_BAD_CA_FILE', `The CA file ${file} is a directory. ${fix}`);
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (VcdError.isVcdError(e)) throw e;
    throw new VcdError('VCD_BAD_CA_FILE', `The CA file ${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'}). ${fix}`, { cause: e });
  }
  const blocks = text.match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) throw new VcdError('VCD_BAD_CA_FILE', `The CA file ${file} holds no PEM certificate. ${fix}`);
  blocks.forEach((block, i) => {
    try {
      new X509Certificate(block);
    } catch {
      throw new VcdError('VCD_BAD_CA_FILE', `The CA file ${file} holds a certificate that does not parse (block ${i + 1} of ${blocks.length}). ${fix}`);
    }
  });
  return text;
}

/** The CAs the caller gave (file and/or inline PEM), in order; empty when Node's default store should be used. */
function givenCas(settings: Pick<DispatcherSettings, 'ca' | 'caFile'>): string[] {
  const given: string[] = [];
  if (settings.caFile) given.push(readCaFile(settings.caFile));
  if (settings.ca !== undefined) {
    const list = Array.isArray(settings.ca) ? settings.ca : [settings.ca];
    for (const c of list as ReadonlyArray<string | Buffer>) given.push(typeof c === 'string' ? c : c.toString('utf8'));
  }
  return given;
}

// Node reads NODE_EXTRA_CA_CERTS once per process; so do we (it is often the whole system bundle, ~200 KB).
const extraCaCertsByPath = new Map<string, string | undefined>();

function nodeExtraCaCerts(env: NodeJS.ProcessEnv): string | undefined {
  const file = env.NODE_EXTRA_CA_CERTS;
  if (!file) return undefined;
  if (!extraCaCertsByPath.has(file)) {
    let text: string | undefined;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      // Node itself only warns about an unreadable NODE_EXTRA_CA_CERTS; do the same by ignoring it.
    }
    extraCaCertsByPath.set(file, text);
  }
  return extraCaCertsByPath.get(file);
}

// A `ca` list replaces Node's default store (roots + NODE_EXTRA_CA_CERTS), so with given CAs we rebuild
// "default roots + NODE_EXTRA_CA_CERTS + the given CAs". Parsing that list costs tens of ms, and an explicit
// `ca` would make Node parse it again on every connection: one SecureContext per distinct list, shared by all
// clients of the process, keyed by what varies (the extra-certs path and the given CAs), not the fixed roots.
const secureContexts = new Map<string, SecureContext>();

function secureContextFor(given: readonly string[], env: NodeJS.ProcessEnv): SecureContext {
  // The PEM text itself is the key: hashing it first cost more than the Map lookup it was meant to shorten.
  const key = `${env.NODE_EXTRA_CA_CERTS ?? ''}\0${given.join('\n')}`;
  let context = secureContexts.get(key);
  if (!context) {
    const extra = nodeExtraCaCerts(env);
    context = createSecureContext({ ca: [...rootCertificates, ...(extra ? [extra] : []), ...given] });
    secureContexts.set(key, context);
  }
  return context;
}

export function proxyConfigured(endpoint: VcdEndpoint, env: NodeJS.ProcessEnv): boolean {
  if (endpoint.loopback) return false;
  const https = endpoint.origin.startsWith('https:');
  const vars = https ? ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY'] : ['http_proxy', 'HTTP_PROXY'];
  return vars.some((v) => (env[v] ?? '') !== '');
}

export function createDispatcher(endpoint: VcdEndpoint, settings: DispatcherSettings): Dispatcher {
  const env = settings.env ?? process.env;
  const given = givenCas(settings);
  const tls = {
    ...(given.length > 0 ? { secureContext: secureContextFor(given, env) } : {}),
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
      connections: settings.connections,
      httpProxy: env.http_proxy || env.HTTP_PROXY || undefined,
      httpsProxy: env.https_proxy || env.HTTPS_PROXY || env.http_proxy || env.HTTP_PROXY || undefined,
      noProxy: env.no_proxy ?? env.NO_PROXY ?? '',
    });
  }
  // A sequential caller needs no pool: one Client is one connection, and it costs a third of a Pool to set up.
  if (settings.connections === 1) return new Client(endpoint.origin, { ...common, connect: tls });
  return new Pool(endpoint.origin, { ...common, connect: tls, connections: settings.connections });
}
