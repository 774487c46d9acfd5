// Link closure: starting from the entry points real clients use, follow every href a VCD answer contains (XML href
// attributes, JSON `href`s, `Link` headers, and the items of cloudapi collections by id) and report every link that
// does not resolve. Speaks raw HTTP through a caller-supplied fetcher, so it runs against the emulator and a real VCD.

export interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly text: string;
}

/** GET `url` (absolute) with `headers`. */
export type Fetcher = (url: string, headers: Record<string, string>) => Promise<RawResponse>;

export interface CrawlOptions {
  /** `https://host` without a trailing slash; links elsewhere are not followed. */
  readonly baseUrl: string;
  readonly apiVersion: string;
  readonly fetch: Fetcher;
  /** Bearer of the session crawling; undefined crawls unauthenticated. */
  readonly bearer?: string;
  /** Stop after this many requests (a real VCD can hold thousands of entities). @default 600 */
  readonly maxRequests?: number;
  /** Pages followed per collection. @default 3 */
  readonly maxPagesPerCollection?: number;
  /** Items of one cloudapi collection page visited by id. @default 5 */
  readonly maxItemsPerPage?: number;
  /** Ask the legacy /api for JSON (`application/*+json`) instead of XML. @default false */
  readonly legacyJson?: boolean;
}

/** A link that did not resolve for the session that found it. */
export interface DanglingLink {
  readonly url: string;
  /** The answer the link was found in. */
  readonly foundIn: string;
  readonly status: number;
  readonly detail: string;
}

export interface CrawlResult {
  /** Every URL requested, with its status. */
  readonly visited: ReadonlyMap<string, number>;
  /** Links found in answers (not the entry points) that answered anything but 200, or with the wrong media type. */
  readonly dangling: readonly DanglingLink[];
  /** Entry points that answered anything but 200 (e.g. a collection the session has no right to list). */
  readonly closedEntryPoints: ReadonlyMap<string, number>;
}

interface Pending {
  readonly url: string;
  readonly foundIn: string | undefined;
  /** Media type the link announced (`type` attribute), if any. */
  readonly type?: string;
  /** Pages of the same collection already followed before this one. */
  readonly page: number;
}

/** The entry points of a crawl: versions, org list, session, current session and the cloudapi collections. */
export function entryPoints(baseUrl: string, options: { readonly serviceAccounts: boolean }): string[] {
  const collections = ['tokens', 'rights', 'rightsCategories', 'rightsBundles', 'roles', 'globalRoles', 'orgs', 'users'];
  if (options.serviceAccounts) collections.push('serviceAccounts');
  return [
    `${baseUrl}/api/versions`,
    `${baseUrl}/api/org`,
    `${baseUrl}/api/session`,
    `${baseUrl}/cloudapi/1.0.0/sessions/current`,
    ...collections.map((c) => `${baseUrl}/cloudapi/1.0.0/${c}`),
  ];
}

export async function crawl(seeds: readonly string[], options: CrawlOptions): Promise<CrawlResult> {
  const maxRequests = options.maxRequests ?? 600;
  const maxPages = options.maxPagesPerCollection ?? 3;
  const maxItems = options.maxItemsPerPage ?? 5;
  const visited = new Map<string, number>();
  const dangling: DanglingLink[] = [];
  const closedEntryPoints = new Map<string, number>();
  const queue: Pending[] = seeds.map((url) => ({ url, foundIn: undefined, page: 0 }));
  const queued = new Set(queue.map((p) => p.url));

  const enqueue = (url: string, foundIn: string, type: string | undefined, page = 0): void => {
    const normalised = normalise(url, options.baseUrl);
    if (normalised === undefined || queued.has(normalised)) return;
    queued.add(normalised);
    queue.push({ url: normalised, foundIn, type, page });
  };

  while (queue.length > 0 && visited.size < maxRequests) {
    const next = queue.shift() as Pending;
    const headers: Record<string, string> = { accept: acceptFor(next.url, options.apiVersion, options.legacyJson) };
    if (options.bearer) headers.authorization = `Bearer ${options.bearer}`;
    let res: RawResponse;
    try {
      res = await options.fetch(next.url, headers);
    } catch (err) {
      dangling.push({ url: next.url, foundIn: next.foundIn ?? '(entry point)', status: 0, detail: (err as Error).message });
      continue;
    }
    visited.set(next.url, res.status);
    if (res.status !== 200) {
      if (next.foundIn === undefined) closedEntryPoints.set(next.url, res.status);
      else dangling.push({ url: next.url, foundIn: next.foundIn, status: res.status, detail: res.text.slice(0, 300) });
      continue;
    }
    const contentType = headerValue(res.headers['content-type']) ?? '';
    if (next.type && !contentType.toLowerCase().startsWith(next.type.toLowerCase())) {
      dangling.push({ url: next.url, foundIn: next.foundIn ?? '', status: res.status, detail: `announced ${next.type}, answered ${contentType}` });
    }
    for (const found of linksIn(res)) {
      const isPage = found.rel !== undefined && /Page$/.test(found.rel);
      if (isPage && next.page + 1 >= maxPages) continue;
      enqueue(found.href, next.url, found.type, isPage ? next.page + 1 : 0);
    }
    // A collection's items are reachable by id (how clients read one entity), a few per page.
    if (isCloudapiCollection(next.url)) {
      const values = (safeJson(res.text) as { values?: unknown[] } | undefined)?.values ?? [];
      const collection = new URL(next.url).pathname;
      for (const value of values.slice(0, maxItems)) {
        const id = (value as { id?: unknown })?.id;
        if (typeof id === 'string' && id.startsWith('urn:vcloud:')) enqueue(`${options.baseUrl}${collection}/${id}`, next.url, undefined);
      }
    }
  }
  return { visited, dangling, closedEntryPoints };
}

interface FoundLink {
  readonly href: string;
  readonly rel?: string;
  readonly type?: string;
}

/** Every link of an answer: `Link` headers, XML `href` attributes, JSON `href` properties (at any depth). */
export function linksIn(res: RawResponse): FoundLink[] {
  const found: FoundLink[] = [];
  for (const header of headerValues(res.headers.link)) {
    for (const part of header.split(/,(?=\s*<)/)) {
      const match = /^\s*<([^>]+)>(.*)$/.exec(part);
      if (!match) continue;
      found.push({ href: match[1], rel: /rel="([^"]+)"/.exec(match[2])?.[1] });
    }
  }
  const contentType = (headerValue(res.headers['content-type']) ?? '').toLowerCase();
  if (contentType.includes('xml')) {
    for (const element of res.text.matchAll(/<[A-Za-z][\w:.-]*\s[^>]*>/g)) {
      const href = /\shref="([^"]*)"/.exec(element[0])?.[1];
      if (href === undefined) continue;
      found.push({ href: unescapeXml(href), rel: /\srel="([^"]*)"/.exec(element[0])?.[1], type: /\stype="([^"]*)"/.exec(element[0])?.[1] });
    }
  } else if (contentType.includes('json')) {
    collectJsonHrefs(safeJson(res.text), found);
  }
  return found;
}

function collectJsonHrefs(value: unknown, found: FoundLink[]): void {
  if (Array.isArray(value)) {
    for (const item of value) collectJsonHrefs(item, found);
  } else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.href === 'string') {
      found.push({ href: record.href, rel: typeof record.rel === 'string' ? record.rel : undefined, type: typeof record.type === 'string' ? record.type : undefined });
    }
    for (const [key, child] of Object.entries(record)) if (key !== 'href') collectJsonHrefs(child, found);
  }
}

/** The Accept a client sends: XML (or JSON) for /api, versioned JSON for /cloudapi. */
export function acceptFor(url: string, apiVersion: string, legacyJson = false): string {
  if (new URL(url).pathname.startsWith('/cloudapi/')) return `application/json;version=${apiVersion}`;
  return `application/*+${legacyJson ? 'json' : 'xml'};version=${apiVersion}`;
}

function isCloudapiCollection(url: string): boolean {
  return /^\/cloudapi\/1\.0\.0\/[A-Za-z]+$/.test(new URL(url).pathname);
}

/** Absolute URL on `baseUrl`'s origin, without a fragment; undefined for other origins and non-HTTP links. */
function normalise(href: string, baseUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(href, baseUrl);
  } catch {
    return undefined;
  }
  if (url.origin !== new URL(baseUrl).origin) return undefined;
  url.hash = '';
  return url.toString();
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function headerValues(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function unescapeXml(text: string): string {
  return text.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
