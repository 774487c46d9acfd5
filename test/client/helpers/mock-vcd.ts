// MockAgent fixture for request-shape unit tests: a fake VCD origin with no network access, a call history
// for asserting exact requests, and helpers for the answers every flow needs.
import { MockAgent, type MockCallHistoryLog } from 'undici';
import { VcdClient, type VcdClientOptions, type BearerSession, Secret } from '../../../src/client';

export const ORIGIN = 'https://vcd.example.com';

export const VERSIONS_XML = `<?xml version="1.0" encoding="UTF-8"?>
<SupportedVersions xmlns="http://www.vmware.com/vcloud/versions">
  <VersionInfo deprecated="false"><Version>36.0</Version><LoginUrl>${ORIGIN}/cloudapi/1.0.0/sessions</LoginUrl></VersionInfo>
  <VersionInfo deprecated="false"><Version>37.0</Version><LoginUrl>${ORIGIN}/cloudapi/1.0.0/sessions</LoginUrl></VersionInfo>
  <VersionInfo deprecated="false"><Version>38.0</Version><LoginUrl>${ORIGIN}/cloudapi/1.0.0/sessions</LoginUrl></VersionInfo>
  <VersionInfo deprecated="true"><Version>5.5</Version><LoginUrl>${ORIGIN}/api/sessions</LoginUrl></VersionInfo>
</SupportedVersions>`;

export const JSON_HEADERS = { 'content-type': 'application/json;version=38.0' };

export interface MockVcd {
  readonly agent: MockAgent;
  readonly pool: ReturnType<MockAgent['get']>;
  readonly client: VcdClient;
  /** Requests made so far, oldest first. */
  calls(): MockCallHistoryLog[];
  /** Requests other than GET /api/versions. */
  apiCalls(): MockCallHistoryLog[];
  close(): Promise<void>;
}

export function mockVcd(options: Partial<VcdClientOptions> & { readonly prefix?: string; readonly versionsXml?: string } = {}): MockVcd {
  const agent = new MockAgent({ enableCallHistory: true });
  agent.disableNetConnect();
  const pool = agent.get(ORIGIN);
  const prefix = options.prefix ?? '';
  pool
    .intercept({ path: `${prefix}/api/versions`, method: 'GET' })
    .reply(200, options.versionsXml ?? VERSIONS_XML, { headers: { 'content-type': 'application/xml' } })
    .persist();
  const client = new VcdClient({ url: `${ORIGIN}${prefix}/api`, dispatcher: agent, retry: { baseDelayMs: 1, maxDelayMs: 5 }, ...options });
  let closed = false;
  const calls = (): MockCallHistoryLog[] => agent.getCallHistory()?.calls() ?? [];
  return {
    agent,
    pool,
    client,
    calls,
    apiCalls: () => calls().filter((c) => !c.path.endsWith('/api/versions')),
    close: async () => {
      if (closed) return;
      closed = true;
      await client.close();
      await agent.close();
    },
  };
}

/** A header value from a call log, by lower-case name. */
export function headerOf(call: MockCallHistoryLog, name: string): string | undefined {
  const h = call.headers as unknown;
  if (!h) return undefined;
  if (Array.isArray(h)) {
    for (let i = 0; i < h.length; i += 2) if (String(h[i]).toLowerCase() === name) return String(h[i + 1]);
    return undefined;
  }
  for (const [k, v] of Object.entries(h as Record<string, unknown>)) if (k.toLowerCase() === name) return Array.isArray(v) ? v.join(', ') : String(v);
  return undefined;
}

export function headerNames(call: MockCallHistoryLog): string[] {
  const h = call.headers as unknown;
  if (Array.isArray(h)) return h.filter((_, i) => i % 2 === 0).map((x) => String(x).toLowerCase());
  return Object.keys((h ?? {}) as Record<string, unknown>).map((k) => k.toLowerCase());
}

/** A bearer session as loginWithPassword would return it. */
export function passwordSession(org = 'acme', user = 'automation', jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhdXRvbWF0aW9uIn0.c2lnbmF0dXJlLXNlc3Npb24tMDAx'): BearerSession {
  return { org, user, accessToken: new Secret(jwt), tokenType: 'Bearer', authMethod: 'password', obtainedAt: new Date() };
}

export function tokenSession(org = 'acme', jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ0b2tlbiJ9.c2lnbmF0dXJlLXRva2VuLXNlc3Npb24'): BearerSession {
  return { org, accessToken: new Secret(jwt), tokenType: 'Bearer', authMethod: 'apiToken', obtainedAt: new Date(), expiresIn: 1800 };
}

export function tokenJson(id: string, name: string, owner = 'automation', org = 'acme'): Record<string, unknown> {
  return {
    id,
    name,
    token: null,
    expirationTimeUtc: null,
    owner: { name: owner, id: 'urn:vcloud:user:11111111-1111-1111-1111-111111111111' },
    org: { name: org, id: 'urn:vcloud:org:22222222-2222-2222-2222-222222222222' },
    type: 'REFRESH',
  };
}

export function page(values: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ resultTotal: values.length, pageCount: 1, page: 1, pageSize: 128, associations: [], values, ...extra });
}
