// The raw response the transport hands to the operations, and helpers to read it.

export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
  readonly method: string;
  /** Request path (not redacted; redact before logging or putting it in an error). */
  readonly path: string;
}

export function header(res: Pick<HttpResponse, 'headers'>, name: string): string | undefined {
  const v = res.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

export function requestIdOf(res: HttpResponse): string | undefined {
  return header(res, 'x-vmware-vcloud-request-id');
}

export function contentTypeOf(res: HttpResponse): string {
  return (header(res, 'content-type') ?? '').toLowerCase();
}

export function isJsonContentType(ct: string): boolean {
  return /^application\/(?:[\w.+-]+\+)?json\b/.test(ct) || /^application\/\*\+json\b/.test(ct);
}

export function looksLikeHtml(res: HttpResponse): boolean {
  const ct = contentTypeOf(res);
  if (ct.startsWith('text/html') || ct.startsWith('application/xhtml')) return true;
  return /^\s*(<!doctype\s+html|<html[\s>])/i.test(res.body);
}

export const HTML_PAGE_EXPLANATION = 'the server answered with an HTML page (a proxy or load balancer?)';
