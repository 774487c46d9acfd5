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
 */
export class Router {
  private readonly routes: Route[] = [];

  /** Registers `handler` for `method` on `pattern`, e.g. `/cloudapi/1.0.0/roles/{id}/rights`. */
  public add(method: HttpMethod, pattern: string, handler: Handler): this {
    const segments = splitPath(pattern);
    const duplicate = this.routes.find((r) => r.method === method && r.pattern === pattern);
    if (duplicate) {
      throw new Error(`Router: ${method} ${pattern} is registered twice; remove one of the registrations`);
    }
    const specificity = segments.map((s) => (isParam(s) ? '1' : '0')).join('');
    this.routes.push({ method, pattern, segments, specificity, handler });
    return this;
  }

  /** Finds the handler for a path (no query string). */
  public match(method: string, pathname: string): RouteMatch {
    const requestSegments = splitPath(pathname);
    let best: { route: Route; params: Record<string, string> } | undefined;
    const allow = new Set<HttpMethod>();
    for (const route of this.routes) {
      const params = matchSegments(route.segments, requestSegments);
      if (!params) continue;
      if (route.method !== method) {
        allow.add(route.method);
        continue;
      }
      if (!best || route.specificity < best.route.specificity) best = { route, params };
    }
    if (best) return { kind: 'found', handler: best.route.handler, params: best.params, pattern: best.route.pattern };
    if (allow.size > 0) return { kind: 'methodNotAllowed', allow: [...allow] };
    return { kind: 'notFound' };
  }

  /** Registered `METHOD pattern` pairs, for diagnostics. */
  public list(): string[] {
    return this.routes.map((r) => `${r.method} ${r.pattern}`);
  }
}

function matchSegments(pattern: readonly string[], actual: readonly string[]): Record<string, string> | undefined {
  if (pattern.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i];
    if (isParam(p)) {
      let value: string;
      try {
        value = decodeURIComponent(actual[i]);
      } catch {
        return undefined;
      }
      params[p.slice(1, -1)] = value;
    } else if (p !== actual[i]) {
      return undefined;
    }
  }
  return params;
}
