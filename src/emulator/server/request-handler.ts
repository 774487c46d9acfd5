import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { FaultAction } from '../faults/fault-types';
import { EmulatorHttpError } from '../http/http-error';
import { areaError } from '../http/guards';
import { cloudapiError, type HttpResponse } from '../http/http-response';
import type { ApiArea, RouteContext } from '../http/route-context';
import type { Router } from '../http/router';
import type { EmulatorSession } from '../sessions/emulator-session';
import { acceptedApiVersion } from '../versions/vcd-releases';
import { formatLogEntry } from '../observability/request-log';
import type { EmulatorRuntime } from './emulator-runtime';
import { responseRequestId } from './request-id';

/** Largest request body read (1 MiB); larger bodies get 413. */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface RequestHandlerOptions {
  readonly runtime: EmulatorRuntime;
  readonly router: Router;
  /** `https://127.0.0.1:PORT`, resolved lazily because the port is known only after listen. */
  readonly baseUrl: () => string;
  /** Log one line per request through `runtime.log`. @default false */
  readonly logRequests?: boolean;
  /** Called with responses held forever by a `stall` fault so `close()` can end them. */
  readonly onStalled: (res: ServerResponse) => void;
}

export function areaOf(pathname: string): ApiArea {
  if (pathname.startsWith('/cloudapi/')) return 'cloudapi';
  if (pathname.startsWith('/api/') || pathname === '/api') return 'api';
  if (pathname.startsWith('/oauth/')) return 'oauth';
  if (pathname.startsWith('/__emulator/')) return 'control';
  return 'other';
}

/** The bearer from `Authorization: Bearer|bearer <t>` or `X-VMWARE-VCLOUD-ACCESS-TOKEN`. */
export function bearerOf(req: IncomingMessage): string | undefined {
  const authorization = req.headers.authorization;
  if (authorization) {
    const match = /^bearer\s+(\S+)\s*$/i.exec(authorization);
    if (match) return match[1];
  }
  const header = req.headers['x-vmware-vcloud-access-token'];
  const value = Array.isArray(header) ? header[0] : header;
  return value && value.trim() !== '' ? value.trim() : undefined;
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        // Keep draining (and discarding) so the 413 can still be written on this connection.
        chunks.length = 0;
        reject(new EmulatorHttpError(cloudapiError(413, 'PAYLOAD_TOO_LARGE', 'Request body larger than 1 MiB'), 'body too large'));
        return;
      }
      chunks.push(chunk);
    });
    // A small body (every token request) arrives in one chunk: no copy then.
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function bodyFieldNames(
  body: Buffer,
  contentType: string | undefined,
  formOf: (body: Buffer) => URLSearchParams,
): { fields: string[]; grantType?: string } {
  if (body.length === 0) return { fields: [] };
  if (contentType?.includes('json')) {
    try {
      const parsed = JSON.parse(body.toString('utf8')) as unknown;
      return { fields: parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? Object.keys(parsed) : [] };
    } catch {
      return { fields: [] };
    }
  }
  return formFieldNames(formOf(body));
}

function formFieldNames(form: URLSearchParams): { fields: string[]; grantType?: string } {
  const fields: string[] = [];
  let grantType: string | undefined;
  for (const [name, value] of form) {
    if (!fields.includes(name)) fields.push(name);
    if (name === 'grant_type' && grantType === undefined) grantType = value;
  }
  return { fields, grantType };
}

/**
 * Path and query of a request target without building a URL object (this runs on every request); a target
 * with dot segments or backslashes goes through the WHATWG URL parser so that it is normalised as before.
 */
export function splitRequestTarget(target: string | undefined, baseUrl: string): { pathname: string; search: string } {
  const raw = target && target.startsWith('/') ? target : '/';
  const hash = raw.indexOf('#');
  const withoutHash = hash >= 0 ? raw.slice(0, hash) : raw;
  const q = withoutHash.indexOf('?');
  const pathname = q >= 0 ? withoutHash.slice(0, q) : withoutHash;
  const search = q >= 0 && q < withoutHash.length - 1 ? withoutHash.slice(q) : '';
  if (/\\|\/\.\.?(?:\/|$)|%2e|[^\x21-\x7e]/i.test(pathname) || /[^\x21-\x7e]/.test(search)) {
    try {
      const url = new URL(raw, baseUrl);
      return { pathname: url.pathname, search: url.search };
    } catch {
      return { pathname: '/', search: '' };
    }
  }
  return { pathname, search };
}

const PROXY_HTML = (status: number): string =>
  `<html>\r\n<head><title>${status} Bad Gateway</title></head>\r\n<body>\r\n<center><h1>${status} Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;

function faultStatusResponse(action: Extract<FaultAction, { type: 'status' }>): HttpResponse {
  const headers: Record<string, string> = {};
  const retryAfter = action.retryAfter === undefined ? (action.status === 429 || action.status === 503 ? '1' : null) : action.retryAfter;
  if (retryAfter !== null) headers['Retry-After'] = String(retryAfter);
  if (action.body !== undefined) {
    headers['Content-Type'] = action.contentType ?? 'text/plain';
    return { status: action.status, headers, body: action.body };
  }
  const error = cloudapiError(action.status, 'INJECTED_FAULT', `Injected fault: HTTP ${action.status}`);
  return { ...error, headers: { ...error.headers, ...headers } };
}

type RequestFacts = Omit<RouteContext, 'url' | 'body' | 'formBody' | 'jsonBody'>;

/**
 * The RouteContext of one request. A class rather than an object literal: a literal with a getter got its own
 * accessor pair per request, which V8 then allocated straight into the old generation, and everything it
 * referenced was promoted with it, doubling the garbage-collection cost of every request.
 */
class RequestContext implements RouteContext {
  public readonly req: RouteContext['req'];
  public readonly pathname: string;
  public readonly search: string;
  public readonly method: string;
  public readonly params: RouteContext['params'];
  public readonly session: RouteContext['session'];
  public readonly world: RouteContext['world'];
  public readonly clock: RouteContext['clock'];
  public readonly apiVersion: string;
  public readonly area: ApiArea;
  public readonly baseUrl: string;
  private parsedUrl: URL | undefined;

  public constructor(
    facts: RequestFacts,
    private readonly loadBody: () => Promise<Buffer>,
    private readonly formOf: (body: Buffer) => URLSearchParams,
  ) {
    this.req = facts.req;
    this.pathname = facts.pathname;
    this.search = facts.search;
    this.method = facts.method;
    this.params = facts.params;
    this.session = facts.session;
    this.world = facts.world;
    this.clock = facts.clock;
    this.apiVersion = facts.apiVersion;
    this.area = facts.area;
    this.baseUrl = facts.baseUrl;
  }

  /** Built on first use: most routes never look at it. */
  public get url(): URL {
    return (this.parsedUrl ??= new URL(this.pathname + this.search, this.baseUrl));
  }

  public body(): Promise<Buffer> {
    return this.loadBody();
  }

  public async formBody(): Promise<URLSearchParams> {
    return this.formOf(await this.loadBody());
  }

  public async jsonBody<T>(): Promise<T> {
    const raw = await this.loadBody();
    try {
      return JSON.parse(raw.toString('utf8')) as T;
    } catch {
      throw new EmulatorHttpError(areaError(this.area, 400, 'BAD_REQUEST', 'The request body is not valid JSON', this.req.headers.accept), 'bad JSON');
    }
  }
}

/** Builds the node request listener of one emulator instance. */
export function createRequestHandler(options: RequestHandlerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { runtime, router } = options;
  const { world, sessions, requestLog, faults, release, clock } = runtime;
  const isLiveSecret = (value: string, hash: string): boolean =>
    world.findTokenBySecretHash(hash) !== undefined ||
    world.findServiceAccountBySecretHash(hash) !== undefined ||
    sessions.isLiveAccessToken(value);

  return (req, res) => {
    void handle(req, res).catch((err: unknown) => {
      runtime.log(`emulator: internal error: ${(err as Error)?.message ?? String(err)}`);
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ minorErrorCode: 'INTERNAL_SERVER_ERROR', message: 'Internal emulator error', stackTrace: '' }));
      } else {
        res.destroy();
      }
    });
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const at = clock.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const baseUrl = options.baseUrl();
    const { pathname, search } = splitRequestTarget(req.url, baseUrl);
    const area = areaOf(pathname);
    const requestId = responseRequestId(req.headers['x-vmware-vcloud-client-request-id']);
    const observed = requestLog.observe(method, pathname, search, req.headers, at, isLiveSecret);
    const fault = area === 'control' ? undefined : faults.take(method, pathname);
    let bodyCache: Promise<Buffer> | undefined;
    let routePattern = '-';
    let session: EmulatorSession | undefined;

    let bodyBuffer: Buffer | undefined;
    // Parsed once, by whichever of the route and the request log needs it first.
    let form: URLSearchParams | undefined;
    const loadBody = (): Promise<Buffer> =>
      (bodyCache ??= readBody(req).then((b) => {
        bodyBuffer = b;
        return b;
      }));
    const formOf = (body: Buffer): URLSearchParams => (form ??= new URLSearchParams(body.toString('utf8')));

    const finish = (status: number, faultName?: string): void => {
      const bodyInfo = !bodyBuffer
        ? { fields: [] }
        : form
          ? formFieldNames(form)
          : bodyFieldNames(bodyBuffer, req.headers['content-type'], formOf);
      const entry = requestLog.record({
        at,
        method,
        url: observed.url,
        headers: observed.headers,
        bodyFields: bodyInfo.fields,
        grantType: bodyInfo.grantType,
        status,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        requestId,
        route: routePattern,
        authMethod: session?.authMethod,
        fault: faultName,
      });
      if (options.logRequests) {
        const line = formatLogEntry(entry);
        requestLog.addLine(line);
        runtime.log(line);
      }
    };

    const write = (response: HttpResponse, faultName?: string): void => {
      const headers: Record<string, string | readonly string[]> = {
        ...(response.headers ?? {}),
        'X-VMWARE-VCLOUD-REQUEST-ID': requestId,
      };
      const body = response.body;
      headers['Content-Length'] = String(body === undefined ? 0 : typeof body === 'string' ? Buffer.byteLength(body) : body.length);
      // Recorded before the bytes leave, so a client that has the response also finds its log entry.
      finish(response.status, faultName);
      res.writeHead(response.status, headers as Record<string, string | string[]>);
      res.end(body);
    };

    const destroy = (faultName: string): void => {
      finish(0, faultName);
      req.socket.destroy();
    };

    if (fault) {
      const { action } = fault;
      const name = `${fault.id}:${action.type}`;
      if (action.type === 'reset' && action.when === 'before') return destroy(name);
      if (action.type === 'status') return write(faultStatusResponse(action), name);
      if (action.type === 'redirect') {
        return write({ status: action.status ?? 307, headers: { Location: action.location } }, name);
      }
      if (action.type === 'htmlError') {
        const status = action.status ?? 502;
        return write({ status, headers: { 'Content-Type': 'text/html' }, body: PROXY_HTML(status) }, name);
      }
      if (action.type === 'latency') await delay(action.ms);
    }

    let response: HttpResponse;
    try {
      response = await dispatch();
    } catch (err) {
      if (err instanceof EmulatorHttpError) {
        response = err.response;
      } else {
        runtime.log(`emulator: handler error on ${method} ${pathname}: ${(err as Error)?.message ?? String(err)}`);
        response = areaError(area, 500, 'INTERNAL_SERVER_ERROR', 'Internal emulator error', req.headers.accept);
      }
    }

    if (fault) {
      const { action } = fault;
      const name = `${fault.id}:${action.type}`;
      if (action.type === 'reset') return destroy(name);
      if (action.type === 'malformedJson') {
        const text = typeof response.body === 'string' ? response.body : '{"access_token":"x","token_type":"Bearer"}';
        const truncated = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
        return write({ status: response.status, headers: { 'Content-Type': 'application/json' }, body: truncated }, name);
      }
      if (action.type === 'stall') {
        if (action.ms === undefined) {
          options.onStalled(res);
          finish(0, name);
          return;
        }
        await delay(action.ms);
        if (res.destroyed || req.socket.destroyed) return finish(0, name);
        return write(response, name);
      }
      return write(response, name);
    }
    return write(response);

    async function dispatch(): Promise<HttpResponse> {
      let apiVersion = release.apiVersion;
      if ((area === 'api' || area === 'cloudapi') && pathname !== '/api/versions') {
        const requested = acceptedApiVersion(req.headers.accept);
        if (requested === undefined && runtime.requireAcceptVersion) {
          return areaError(
            area,
            406,
            'NOT_ACCEPTABLE',
            `The Accept header must name an API version, e.g. "${area === 'api' ? 'application/*+xml' : 'application/json'};version=${release.apiVersion}"`,
          );
        }
        if (requested !== undefined) {
          if (!release.supports(requested)) {
            return areaError(
              area,
              406,
              'NOT_ACCEPTABLE',
              `API version ${requested} is not supported by VCD ${release.vcdVersion}; supported: ${release.apiVersions.join(', ')}`,
            );
          }
          apiVersion = requested;
        }
      }
      const bearer = bearerOf(req);
      if (bearer !== undefined) {
        const resolved = sessions.resolve(bearer);
        // A disabled or removed user's bearer no longer authenticates, nor a revoked service account's.
        if (typeof resolved !== 'string' && world.isLivePrincipal(resolved.userId)) session = resolved;
      }
      const match = router.match(method, pathname);
      if (match.kind === 'notFound') return areaError(area, 404, 'NOT_FOUND', `No resource at ${method} ${pathname}`, req.headers.accept);
      if (match.kind === 'methodNotAllowed') {
        const error = areaError(area, 405, 'METHOD_NOT_ALLOWED', `${method} is not allowed on ${pathname}`, req.headers.accept);
        return { ...error, headers: { ...error.headers, Allow: match.allow.join(', ') } };
      }
      routePattern = match.pattern;
      const ctx = new RequestContext(
        { req, pathname, search, method, params: match.params, session, world, clock, apiVersion, area, baseUrl },
        loadBody,
        formOf,
      );
      return match.handler(ctx);
    }
  }
}
