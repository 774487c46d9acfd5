// Versions and password login, provider and tenant, as any VCD client starts.
import { checkModel } from '../../src/emulator/models/model-check';
import { forEachTarget } from './support/contract-suite';
import { compareVersions } from './support/raw-vcd';

forEachTarget((ctx, target) => {
  test('GET /api/versions lists the API version, with cloudapi login URLs from 36.0', async () => {
    const { vcd } = ctx();
    const res = await vcd.send('GET', '/api/versions');
    expect(res.status).toBe(200);
    expect(res.text).toContain(`<Version>${target.apiVersion}</Version>`);
    const info = new RegExp(`<VersionInfo[^>]*>\\s*<Version>${target.apiVersion.replace('.', '\\.')}</Version>([\\s\\S]*?)</VersionInfo>`).exec(res.text);
    expect(info?.[1]).toContain('/cloudapi/1.0.0/sessions</LoginUrl>');
    expect(info?.[1]).toContain('/cloudapi/1.0.0/sessions/provider</ProviderLoginUrl>');
    expect(compareVersions(target.apiVersion, '36.1')).toBeGreaterThanOrEqual(0);
  });

  test('provider login: 200, a bearer (JWT longer than 32 characters) and a Session', async () => {
    const { vcd, sysadmin } = ctx();
    const res = await vcd.loginAnswer(sysadmin);
    expect(res.status).toBe(200);
    const bearer = res.headers['x-vmware-vcloud-access-token'];
    expect(typeof bearer === 'string' && bearer.length > 32 && bearer.split('.').length === 3).toBe(true);
    expect(String(res.headers['x-vmware-vcloud-token-type']).toLowerCase()).toBe('bearer');
    expect(res.body.org.name).toBe('System');
    expect(res.body.user.name).toBe(sysadmin.user);
    expect(checkModel('Session', vcd.apiVersion, res.body)).toEqual([]);
  });

  test('tenant login: 200 on /cloudapi/1.0.0/sessions with user@org', async () => {
    const { vcd, tenant } = ctx();
    const res = await vcd.loginAnswer(tenant);
    expect(res.status).toBe(200);
    expect(res.body.org.name.toLowerCase()).toBe(tenant.org.toLowerCase());
    expect(checkModel('Session', vcd.apiVersion, res.body)).toEqual([]);
  });

  test('a wrong password is 401', async () => {
    const { vcd, tenant } = ctx();
    expect((await vcd.loginAnswer({ ...tenant, password: `${tenant.password}-wrong` })).status).toBe(401);
  });

  test('GET /cloudapi/1.0.0/sessions/current answers the session; DELETE logs out (then 401)', async () => {
    const { vcd, tenant } = ctx();
    const bearer = await vcd.login(tenant);
    const current = await vcd.cloudapi('GET', '/sessions/current', bearer);
    expect(current.status).toBe(200);
    expect(checkModel('Session', vcd.apiVersion, current.body)).toEqual([]);
    expect((await vcd.cloudapi('DELETE', '/sessions/current', bearer)).status).toBe(204);
    expect((await vcd.cloudapi('GET', '/sessions/current', bearer)).status).toBe(401);
  });
});
