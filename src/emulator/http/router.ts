import type { Handler } from './route-context';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';

interface Route {
  readonly method: HttpMethod;
  readonly pattern: string;
  readonly segments: readonly string[];
  /** One char per segment, '0' literal / '1' parameter: the smallest key is the most specific route. */
  readonly specificity: string;
  readonly handler: Handler;
}

/** Result of matching a request path. */
export type RouteMatch =
  | { readonly kind: 'found'; readonly handler: Handler; readonly params: Record<string, string>; readonly pattern: string }
  | { readonly kind: 'methodNotAllowed'; readonly allow: readonly HttpMethod[] }
  | { readonly kind: 'notFound' };

function splitPath(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0);
}

function isParam(segment: string): boolean {
  return segment.startsWith('{') && segment.endsWith('}');
}

/**
 * Path router with `{name}` segments. Literal segments win over parameters, so
 * `/sessions/current` is preferred to `/sessions/{id}` whatever the registration order.
 * Routes are grouped by segment count and matched without allocating until one fits (this runs on every request).
 */
export class Router {
  private readonly routes: Route[] = [];
  private readonly bySegmentCount = new Map<number, Route[]>();

  /** Registers `handler` for `method` on `pattern`, e.g. `/cloudapi/1.0.0/roles/{id}/rights`. */
  public add(method: HttpMethod, pattern: string, handler: Handler): this {
    const segments = splitPath(pattern);
    const duplicate = this.routes.find((r) => r.method === method && r.pattern === pattern);
    if (duplicate) {
      throw new Error(`Router: ${method} ${pattern} is registered twice; remove one of the registrations`);
    }
    const specificity = segments.map((s) => (isParam(s) ? '1' : '0')).join('');
    const route: Route = { method, pattern, segments, specificity, handler };
    this.routes.push(route);
    let group = this.bySegmentCount.get(segments.length);
    if (!group) this.bySegmentCount.set(segments.length, (group = []));
    group.push(route);
    return this;
  }

  /** Finds the handler for a path (no query string). */
  public match(method: string, pathname: string): RouteMatch {
    const requestSegments = splitPath(pathname);
    const candidates = this.bySegmentCount.get(requestSegments.length) ?? [];
    let best: Route | undefined;
    let pathMatched = false;
    for (const route of candidates) {
      if (!literalsMatch(route.segments, requestSegments)) continue;
      pathMatched = true;
      if (route.method !== method) continue;
      if (!best || route.specificity < best.specificity) best = route;
    }
    if (best) {
      const params = paramsOf(best.segments, requestSegments);
      if (params) return { kind: 'found', handler: best.handler, params, pattern: best.pattern };
    }
    if (pathMatched) {
      const allow = new Set<HttpMethod>();
      for (const route of candidates) if (route.method !== method && literalsMatch(route.segments, requestSegments)) allow.add(route.method);
      if (allow.size > 0) return { kind: 'methodNotAllowed', allow: [...allow] };
    }
    return { kind: 'notFound' };
  }

  /** Registered `METHOD pattern` pairs, for diagnostics. */
  public list(): string[] {
    return this.routes.map((r) => `${r.method} ${r.pattern}`);
  }
}

function literalsMatch(pattern: readonly string[], actual: readonly string[]): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i];
    if (p.charCodeAt(0) !== 123 /* { */ && p !== actual[i]) return false;
  }
  return true;
}

/** Percent-decoded values of the `{name}` segments; undefined when a value is not valid percent-encoding. */
function paramsOf(pattern: readonly string[], actual: readonly string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i];
    if (!isParam(p)) continue;
    try {
      params[p.slice(1, -1)] = decodeURIComponent(actual[i]);
    } catch {
      return undefined;
    }
  }
  return params;
}
