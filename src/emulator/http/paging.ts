import { EmulatorHttpError } from './http-error';
import { cloudapiError, jsonResponse, type HttpResponse } from './http-response';
import { compileFiql, FiqlParseError, type FiqlFieldReader } from './fiql';
import type { RouteContext } from './route-context';

/** cloudapi paging limits (DOC-OA: pageSize 0..128, default 25). */
export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 128;

export interface CollectionOptions<T> {
  /** FIQL/sort fields; the filter may use only these. */
  readonly fields: Readonly<Record<string, FiqlFieldReader<T>>>;
  /** Converts an item to its JSON representation. */
  readonly toJson: (item: T) => unknown;
  /** The `model` attribute of `Link` headers, e.g. `Tokens`. */
  readonly model: string;
  /** @default MAX_PAGE_SIZE */
  readonly maxPageSize?: number;
}

/** The paged envelope of every cloudapi collection. */
export interface PagedEnvelope {
  readonly resultTotal: number;
  readonly pageCount: number;
  readonly page: number;
  readonly pageSize: number;
  readonly associations: readonly unknown[];
  readonly values: readonly unknown[];
}

function badRequest(message: string): never {
  throw new EmulatorHttpError(cloudapiError(400, 'BAD_REQUEST', message), message);
}

function readPositiveInt(raw: string | null, name: string, fallback: number, min: number): number {
  if (raw === null || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) badRequest(`Query parameter "${name}" must be an integer, got "${raw}"`);
  const value = Number(raw);
  if (value < min) badRequest(`Query parameter "${name}" must be at least ${min}, got ${value}`);
  return value;
}

/**
 * Filters (`filter`, FIQL), sorts (`sortAsc`/`sortDesc`) and pages (`page`, `pageSize`) `items` and answers
 * with VCD's envelope plus `Link` headers (`nextPage`, `previousPage`, `lastPage`).
 * A pageSize above the maximum is clamped to it (INFERRED: VCD caps rather than refuses).
 */
export function pagedCollection<T>(ctx: RouteContext, items: readonly T[], options: CollectionOptions<T>): HttpResponse {
  const query = ctx.url.searchParams;
  let selected = [...items];
  const filter = query.get('filter');
  if (filter !== null && filter !== '') {
    try {
      const predicate = compileFiql(filter, options.fields);
      selected = selected.filter(predicate);
    } catch (err) {
      if (err instanceof FiqlParseError) badRequest(err.message);
      throw err;
    }
  }
  const sortAsc = query.get('sortAsc');
  const sortDesc = query.get('sortDesc');
  const sortField = sortAsc ?? sortDesc;
  if (sortField) {
    const read = options.fields[sortField];
    if (!read) badRequest(`Cannot sort by unknown field "${sortField}"`);
    const direction = sortAsc ? 1 : -1;
    selected.sort((a, b) => direction * (read(a) ?? '').localeCompare(read(b) ?? ''));
  }
  const maxPageSize = options.maxPageSize ?? MAX_PAGE_SIZE;
  const page = readPositiveInt(query.get('page'), 'page', 1, 1);
  const pageSize = Math.min(readPositiveInt(query.get('pageSize'), 'pageSize', DEFAULT_PAGE_SIZE, 0), maxPageSize);
  const resultTotal = selected.length;
  const pageCount = pageSize === 0 ? 0 : Math.ceil(resultTotal / pageSize);
  const values = pageSize === 0 ? [] : selected.slice((page - 1) * pageSize, page * pageSize).map(options.toJson);
  const envelope: PagedEnvelope = { resultTotal, pageCount, page, pageSize, associations: [], values };

  const links: string[] = [];
  const link = (targetPage: number, rel: string): string => {
    const target = new URL(ctx.url.pathname + ctx.url.search, ctx.baseUrl);
    target.searchParams.set('page', String(targetPage));
    target.searchParams.set('pageSize', String(pageSize));
    return `<${target.toString()}>;rel="${rel}";type="application/json";model="${options.model}"`;
  };
  if (page < pageCount) links.push(link(page + 1, 'nextPage'));
  if (page > 1 && pageCount > 0) links.push(link(Math.min(page - 1, pageCount), 'previousPage'));
  if (pageCount > 0) links.push(link(pageCount, 'lastPage'));
  return jsonResponse(200, envelope, links.length > 0 ? { Link: links } : {}, ctx.apiVersion);
}
