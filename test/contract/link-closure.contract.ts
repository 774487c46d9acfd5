// Every link the VCD's answers contain resolves for the session that received it (XML href attributes, JSON
// hrefs, Link headers, collection items by id), as a System administrator, a tenant user and an API-token session.
import { crawl, entryPoints } from './support/link-crawler';
import { forEachTarget } from './support/contract-suite';
import { expectRemoved } from './support/cleanup';
import { uniqueName } from './support/targets';

forEachTarget((ctx, target) => {
  // A real VCD can hold thousands of entities: a bounded sample of every kind is enough to find a broken link.
  const limits = target.isEmulator ? {} : { maxRequests: 300, maxPagesPerCollection: 2, maxItemsPerPage: 3 };
  const crawlAs = async (bearer: string, legacyJson: boolean) => {
    const { vcd } = ctx();
    const fetcher = (url: string, headers: Record<string, string>) => vcd.send('GET', url, headers);
    return crawl(entryPoints(vcd.baseUrl, { serviceAccounts: target.hasServiceAccounts }), {
      baseUrl: vcd.baseUrl, apiVersion: vcd.apiVersion, fetch: fetcher, bearer, legacyJson, ...limits,
    });
  };

  test.each([
    ['System administrator', false],
    ['System administrator', true],
    ['tenant user', false],
    ['tenant user', true],
    ['API-token session', false],
  ] as const)('%s (legacy JSON: %s): no dangling link', async (who, legacyJson) => {
    const { vcd, sysadmin, tenant, cleanup } = ctx();
    let bearer: string;
    if (who === 'System administrator') bearer = await vcd.login(sysadmin);
    else if (who === 'tenant user') bearer = await vcd.login(tenant);
    else {
      const password = await vcd.login(tenant);
      const admin = await vcd.login(sysadmin);
      const name = uniqueName('crawler');
      const token = await vcd.createApiToken(password, tenant.org, name);
      cleanup.add(`API token ${token.id} (${name})`, async () => expectRemoved(await vcd.cloudapi('DELETE', `/tokens/${token.id}`, admin), [204, 403], name));
      bearer = await vcd.exchange(tenant.org, token.refreshToken);
    }
    const result = await crawlAs(bearer, legacyJson);
    expect(result.dangling).toEqual([]);
    expect(result.visited.get(`${vcd.baseUrl}/api/org`)).toBe(200);
    expect(result.visited.get(`${vcd.baseUrl}/api/session`)).toBe(200);
  });
});
