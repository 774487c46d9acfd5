import type { IncomingMessage } from 'node:http';
import type { EmulatorClock } from '../clock';
import type { EmulatorSession } from '../sessions/emulator-session';
import type { World } from '../world/world';
import type { HttpResponse } from './http-response';

/** Which family of API a path belongs to; decides the error body shape (XML, cloudapi JSON, OAuth). */
export type ApiArea = 'api' | 'cloudapi' | 'oauth' | 'control' | 'other';

/** Everything a route handler may read about one request. */
export interface RouteContext {
  readonly req: IncomingMessage;
  /** Absolute request URL (host taken from the emulator's own address); built on first use. */
  readonly url: URL;
  /** Path of the request, e.g. `/cloudapi/1.0.0/tokens` (not decoded). */
  readonly pathname: string;
  /** Query string with its `?`, or `''`. */
  readonly search: string;
  /** Upper-case HTTP method. */
  readonly method: string;
  /** Values of `{name}` path segments, percent-decoded. */
  readonly params: Readonly<Record<string, string>>;
  /** The bearer session, if a valid, unexpired bearer was presented; otherwise undefined. */
  readonly session?: EmulatorSession;
  readonly world: World;
  readonly clock: EmulatorClock;
  /** API version from `Accept: ...;version=X` when given and supported, else the release's newest. */
  readonly apiVersion: string;
  readonly area: ApiArea;
  /** `https://127.0.0.1:PORT` (no trailing slash); use it to build `href`s and `Link` URLs. */
  readonly baseUrl: string;
  /** The raw request body (read once, cached; bounded to 1 MiB, larger bodies get 413). */
  body(): Promise<Buffer>;
  /** The body parsed as `application/x-www-form-urlencoded` (parsed once per request). */
  formBody(): Promise<URLSearchParams>;
  /** The body parsed as JSON; a malformed body answers 400 BAD_REQUEST in the area's error shape. */
  jsonBody<T = unknown>(): Promise<T>;
}

/** A route handler. Throw EmulatorHttpError (or use the guards) to answer early. */
export type Handler = (ctx: RouteContext) => Promise<HttpResponse> | HttpResponse;
