// Accepts the URL forms people copy from the provider config: https://host, https://host/api,
// https://host/prefix/api. Any path prefix in front of /api is kept (VCD behind a reverse proxy,
// docs/vcd-protocol.md#http-conventions); parsing works on the URL path, not on string replacement, so hosts named
// "api…" are safe (docs/vcd-protocol.md#quirks).
import { isIP } from 'node:net';
import { VcdError } from './errors';

export interface VcdEndpoint {
  /** `https://host[:port]` */
  readonly origin: string;
  /** Path prefix in front of `/api` and `/cloudapi`, without trailing slash ('' when none). */
  readonly prefix: string;
  readonly hostname: string;
  /** Whether the host is a loopback address (proxies are bypassed for it). */
  readonly loopback: boolean;
}

export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || h === '0:0:0:0:0:0:0:1';
  return false;
}

export function parseVcdUrl(input: string, options: { readonly allowInsecureHttp?: boolean } = {}): VcdEndpoint {
  const howTo = 'Use the VCD address, e.g. "https://vcd.example.com" or "https://vcd.example.com/api".';
  if (typeof input !== 'string' || input.trim() === '') {
    throw new VcdError('VCD_INVALID_ARGUMENT', `The VCD URL is empty. ${howTo}`);
  }
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new VcdError('VCD_INVALID_ARGUMENT', `The VCD URL "${input}" is not a valid absolute URL. ${howTo}`);
  }
  if (url.username || url.password) {
    throw new VcdError('VCD_INVALID_ARGUMENT', 'The VCD URL contains credentials (user:password@host). Remove them; credentials are passed separately.');
  }
  const loopback = isLoopbackHost(url.hostname);
  if (url.protocol === 'http:') {
    if (!(options.allowInsecureHttp && loopback)) {
      throw new VcdError(
        'VCD_INSECURE_TRANSPORT',
        `The VCD URL "${url.origin}" uses plain http. Tokens and passwords must only travel over TLS; use https (plain http is allowed only for loopback with allowInsecureHttp).`,
      );
    }
  } else if (url.protocol !== 'https:') {
    throw new VcdError('VCD_INVALID_ARGUMENT', `The VCD URL "${input}" has the unsupported scheme "${url.protocol}". ${howTo}`);
  }
  if (url.search || url.hash) {
    throw new VcdError('VCD_INVALID_ARGUMENT', `The VCD URL must not have a query string or fragment. ${howTo}`);
  }
  let path = url.pathname.replace(/\/+$/, '');
  if (/\/api$/i.test(path)) path = path.slice(0, -4);
  if (/\/cloudapi(\/.*)?$/i.test(path)) path = path.replace(/\/cloudapi(\/.*)?$/i, '');
  return { origin: url.origin, prefix: path, hostname: url.hostname, loopback };
}
