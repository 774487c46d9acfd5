// Every href the emulator returns resolves: a crawler starts from the entry points real clients use, as a System
// administrator, an org admin, a plain user and an API-token session, at every supported VCD version, in XML and
// JSON, and fails on any dangling link. A link another session may not see answers 403 (never 404), and without a
// bearer 401, as VCD does.
import { crawl, entryPoints, acceptFor, type CrawlResult, type Fetcher } from '../contract/support/link-crawler';
import { ACME_ADMIN, ACME_AUTOMATION, ADMIN, EmulatorTestKit, type Credentials } from './emulator-test-kit';
import { ServiceAccountClient } from './service-account-test-kit';

const RELEASES = ['10.3.1', '10.4.3', '10.5.1', '10.6.1'];

describe.each(RELEASES)('VCD %s: link closure', (vcdVersion) => {
  let kit: EmulatorTestKit;
  const sessions = new Map<string, string>();
  const crawls = new Map<string, CrawlResult>();
  let fetcher: Fetcher;

  beforeAll(async () => {
    kit = await EmulatorTestKit.start({ vcdVersion });
    fetcher = async (url, headers) => kit.fetch(url.slice(kit.emulator.url.length), { headers });
    const login = (who: Credentials) => kit.loginJwt(who);
    sessions.set('System administrator', await login(ADMIN));
    sessions.set('org admin', await login(ACME_ADMIN));
    sessions.set('plain user', await login(ACME_AUTOMATION));
    const token = await kit.createApiToken(ACME_AUTOMATION, 'crawler');
    sessions.set('API-token session', await kit.exchange('acme', token.refreshToken));
    // Something in every collection: a second token and, from 10.4, a service account.
    await kit.createApiToken(ACME_ADMIN, 'crawler-admin');
    if (hasServiceAccounts()) await new ServiceAccountClient(kit).activate(ACME_ADMIN, 'crawler-sa');
  });
  afterAll(() => kit.close());

  const hasServiceAccounts = () => Number(kit.emulator.apiVersion) >= 37;
  const seeds = () => entryPoints(kit.emulator.url, { serviceAccounts: hasServiceAccounts() });

  // The legacy JSON rendering does not depend on the release: crawled in JSON at the newest release only.
  const formats = vcdVersion === RELEASES[RELEASES.length - 1] ? [false, true] : [false];

  test.each(['System administrator', 'org admin', 'plain user', 'API-token session'])('%s: no dangling link', async (who) => {
    for (const legacyJson of formats) {
      const result = await crawl(seeds(), { baseUrl: kit.emulator.url, apiVersion: kit.emulator.apiVersion, fetch: fetcher, bearer: sessions.get(who), legacyJson });
      expect(result.dangling).toEqual([]);
      // The crawl really went somewhere: past the entry points, into legacy org records.
      expect(result.visited.size).toBeGreaterThan(seeds().length);
      expect([...result.visited.keys()].some((url) => /\/api\/org\/[0-9a-f-]{36}$/.test(url))).toBe(true);
      if (!legacyJson) crawls.set(who, result);
    }
    // The entry points real clients rely on are open to every session.
    for (const open of ['/api/org', '/api/session', '/cloudapi/1.0.0/sessions/current', '/cloudapi/1.0.0/tokens', '/cloudapi/1.0.0/orgs']) {
      expect(crawls.get(who)!.visited.get(`${kit.emulator.url}${open}`)).toBe(200);
    }
  });

  test('what one session found, another answers with 200 or 403 (never 404), and no bearer with 401', async () => {
    const everything = new Set<string>();
    for (const result of crawls.values()) for (const [url, status] of result.visited) if (status === 200) everything.add(url);
    expect(everything.size).toBeGreaterThan(20);
    const unexpected: string[] = [];
    for (const [who, bearer] of sessions) {
      for (const url of everything) {
        if (crawls.get(who)!.visited.get(url) === 200) continue;
        const res = await fetcher(url, { accept: acceptFor(url, kit.emulator.apiVersion), authorization: `Bearer ${bearer}` });
        if (res.status !== 200 && res.status !== 403) unexpected.push(`${who}: ${url} → ${res.status}`);
      }
    }
    for (const url of everything) {
      if (url.endsWith('/api/versions')) continue;
      const res = await fetcher(url, { accept: acceptFor(url, kit.emulator.apiVersion) });
      if (res.status !== 401) unexpected.push(`no bearer: ${url} → ${res.status}`);
    }
    expect(unexpected).toEqual([]);
  });
});

describe('the crawler notices a dangling link', () => {
  test('an href answering 404 is reported with the answer it was found in', async () => {
    const base = 'https://vcd.example';
    const fetcher: Fetcher = async (url) => {
      if (url === `${base}/api/org`) {
        return { status: 200, headers: { 'content-type': 'application/vnd.vmware.vcloud.orgList+xml' }, text: `<OrgList><Org href="${base}/api/org/1" name="a" type="application/vnd.vmware.vcloud.org+xml"/></OrgList>` };
      }
      return { status: 404, headers: {}, text: 'not here' };
    };
    const result = await crawl([`${base}/api/org`], { baseUrl: base, apiVersion: '38.0', fetch: fetcher });
    expect(result.dangling).toEqual([{ url: `${base}/api/org/1`, foundIn: `${base}/api/org`, status: 404, detail: 'not here' }]);
  });

  test('a link answered with another media type than it announced is reported', async () => {
    const base = 'https://vcd.example';
    const fetcher: Fetcher = async (url) =>
      url.endsWith('/api/org')
        ? { status: 200, headers: { 'content-type': 'application/json' }, text: JSON.stringify({ link: [{ href: `${base}/api/x`, type: 'application/vnd.vmware.vcloud.org+json' }] }) }
        : { status: 200, headers: { 'content-type': 'text/html' }, text: '<html/>' };
    const result = await crawl([`${base}/api/org`], { baseUrl: base, apiVersion: '38.0', fetch: fetcher });
    expect(result.dangling).toEqual([expect.objectContaining({ url: `${base}/api/x`, detail: expect.stringContaining('text/html') })]);
  });
});
