// A small HTTPS server on loopback for test doubles of other services' APIs (GitHub, GitLab): routes, a request
// log, and fault injection per route (a status, a stall past the client's timeout, a reset, an HTML page, a
// truncated JSON body, a redirect: the faults the VCD emulator injects), with the emulator's
// throw-away CA so clients verify TLS as they would against the real service.
import * as https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateEmulatorCertificates } from '../../src/emulator/tls/certificates';

export interface DoubleRequest {
  readonly method: string;
  /** Path without the query string, still percent-encoded (decode each segment, as routers do). */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
  json<T = unknown>(): T | undefined;
}

export interface DoubleAnswer {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export type DoubleFault =
  | { readonly type: 'status'; readonly status: number; readonly body?: unknown }
  /** Holds the request until the client gives up (processing it first when `after`), or answers it after `ms`. */
  | { readonly type: 'stall'; readonly ms?: number; readonly after?: boolean }
  /** Destroys the connection, before or after the request is processed. */
  | { readonly type: 'reset'; readonly after?: boolean }
  /** A reverse proxy's HTML error page instead of the API's answer; nothing is processed. @default status 502 */
  | { readonly type: 'html'; readonly status?: number }
  /** Processes the request, then answers its real status with a truncated JSON body. */
  | { readonly type: 'malformedJson' }
  /** A redirect elsewhere instead of an answer; nothing is processed (clients must not follow it with their token). */
  | { readonly type: 'redirect'; readonly location: string; readonly status?: number };

export interface DoubleFaultRule {
  readonly method?: string;
  readonly path: RegExp;
  readonly fault: DoubleFault;
  /** @default 1 */
  times?: number | 'always';
  /** Matching requests let through before it applies (to hit the second PUT of a path). @default 0 */
  readonly skip?: number;
  applied: number;
  /** Matching requests let through so far (counts up to `skip`). */
  passed: number;
}

export interface LoggedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
  readonly status?: number;
}

export type Handler = (request: DoubleRequest) => DoubleAnswer;

let doubles = 0;

export interface RunningDouble {
  /** `https://127.0.0.1:PORT` */
  readonly origin: string;
  readonly caPem: string;
  readonly log: LoggedRequest[];
  addFault(rule: Omit<DoubleFaultRule, 'applied' | 'passed'>): DoubleFaultRule;
  clearFaults(): void;
  close(): Promise<void>;
}

export async function startHttpsDouble(name: string, handle: Handler): Promise<RunningDouble> {
  const tls = await generateEmulatorCertificates(new Date(), `${name} test double CA ${process.pid}-${++doubles}`);
  const log: LoggedRequest[] = [];
  let faults: DoubleFaultRule[] = [];
  const stalled = new Set<ServerResponse>();
  const server = https.createServer({ key: tls.keyPem, cert: tls.certPem }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'https://double.invalid');
      const body = Buffer.concat(chunks).toString('utf8');
      const entry: { -readonly [K in keyof LoggedRequest]: LoggedRequest[K] } = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body };
      log.push(entry);
      const request: DoubleRequest = {
        method: entry.method,
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body,
        json<T>() {
          try {
            return JSON.parse(body) as T;
          } catch {
            return undefined;
          }
        },
      };
      const rule = faults.find((f) => {
        if ((f.method !== undefined && f.method !== entry.method) || !f.path.test(url.pathname)) return false;
        if (f.times !== 'always' && (f.times ?? 1) <= f.applied) return false;
        if (f.passed < (f.skip ?? 0)) {
          f.passed++;
          return false;
        }
        return true;
      });
      if (rule) rule.applied++;
      const fault = rule?.fault;
      if (fault?.type === 'status') return send(res, entry, { status: fault.status, body: fault.body ?? { message: `injected ${fault.status}` } });
      if (fault?.type === 'html') return sendRaw(res, entry, fault.status ?? 502, 'text/html', '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>');
      if (fault?.type === 'redirect') return sendRaw(res, entry, fault.status ?? 307, 'text/plain', '', { location: fault.location });
      if (fault?.type === 'reset' && !fault.after) return void req.socket.destroy();
      if (fault?.type === 'stall' && !fault.after && fault.ms === undefined) {
        // Never processed, never answered: the client gives up.
        stalled.add(res);
        return;
      }
      let answer: DoubleAnswer;
      try {
        answer = handle(request);
      } catch (err) {
        // A bug in the double must fail the test loudly, not hang it.
        answer = { status: 599, body: { message: `test double failed: ${(err as Error).message}` } };
      }
      if (fault?.type === 'reset') return void req.socket.destroy();
      if (fault?.type === 'malformedJson') {
        const json = JSON.stringify(answer.body ?? {});
        return sendRaw(res, entry, answer.status, 'application/json; charset=utf-8', json.slice(0, Math.max(1, Math.floor(json.length / 2))));
      }
      if (fault?.type === 'stall') {
        stalled.add(res);
        if (fault.ms !== undefined) setTimeout(() => { stalled.delete(res); send(res, entry, answer); }, fault.ms);
        return;
      }
      send(res, entry, answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `https://127.0.0.1:${port}`,
    caPem: tls.caPem,
    log,
    addFault(rule) {
      const added: DoubleFaultRule = { ...rule, applied: 0, passed: 0 };
      faults.push(added);
      return added;
    },
    clearFaults() {
      faults = [];
    },
    async close() {
      for (const res of stalled) res.socket?.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function send(res: ServerResponse, entry: { status?: number }, answer: DoubleAnswer): void {
  entry.status = answer.status;
  const body = answer.body === undefined ? '' : JSON.stringify(answer.body);
  res.writeHead(answer.status, { ...(body ? { 'content-type': 'application/json; charset=utf-8' } : {}), ...answer.headers });
  res.end(body);
}

function sendRaw(res: ServerResponse, entry: { status?: number }, status: number, contentType: string, body: string, headers: Readonly<Record<string, string>> = {}): void {
  entry.status = status;
  res.writeHead(status, { 'content-type': contentType, ...headers });
  res.end(body);
}
