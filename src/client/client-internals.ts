// The plumbing of a VcdClient that the client's other operation files share (service accounts, task waits):
// one transport, one version negotiation, one operation deadline, one bearer-request path. Kept off the public
// class (a WeakMap, not a method) so library users see only the operations.
import type { ErrorMappingContext } from './error-mapping';
import type { HttpResponse } from './http-response';
import type { Operation } from './operation';
import type { RequestSpec } from './transport';
import type { BearerSession, NegotiatedVersion, VcdOperationOptions } from './types';
import type { VcdEndpoint } from './vcd-url';

/** The OAuth endpoints of an org: `/oauth/provider/<name>` for System, `/oauth/tenant/<org>/<name>` otherwise. */
export type OauthEndpoint = 'register' | 'token' | 'device_authorization';

export interface ClientInternals {
  readonly endpoint: VcdEndpoint;
  /** Runs `fn` as one operation: a deadline, the caller's signal, errors as VcdError. */
  run<T>(options: VcdOperationOptions, fn: (op: Operation) => Promise<T>): Promise<T>;
  /** `GET /api/versions` once per host and process. */
  negotiate(op: Operation): Promise<NegotiatedVersion>;
  /** A request without a bearer (the token endpoint). `spec.path` includes the endpoint prefix. */
  send(spec: RequestSpec, op: Operation): Promise<HttpResponse>;
  /** A request with the session's bearer (renewed first for a renewing session); `accept` defaults to the versioned JSON type. */
  bearerRequest(session: BearerSession, spec: RequestSpec, op: Operation, accept?: string): Promise<HttpResponse>;
  /** Every page of a cloudapi collection (`basePath` without the endpoint prefix). */
  getAllPages(session: BearerSession, basePath: string, query: Record<string, string>, op: Operation, ctx: ErrorMappingContext, pageSize?: number): Promise<unknown[]>;
  /** The full path (endpoint prefix included) of an org's OAuth endpoint. */
  oauthPath(org: string, endpoint: OauthEndpoint): string;
}

const INTERNALS = new WeakMap<object, ClientInternals>();

export function registerClientInternals(client: object, internals: ClientInternals): void {
  INTERNALS.set(client, internals);
}

export function clientInternals(client: object): ClientInternals {
  const internals = INTERNALS.get(client);
  if (!internals) throw new TypeError('[vcd-api-tokens] not a VcdClient of this copy of the library');
  return internals;
}
