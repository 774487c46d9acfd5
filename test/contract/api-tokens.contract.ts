// API tokens: create (register + one-time jwt-bearer grant), exchange, use, list, revoke, and revoke ending the
// sessions made from the token.
import { checkModel, checkPage } from '../../src/emulator/models/model-check';
import { expectRemoved } from './support/cleanup';
import { forEachTarget } from './support/contract-suite';
import { errorCode, JWT_BEARER_GRANT } from './support/raw-vcd';
import { uniqueName } from './support/targets';

forEachTarget((ctx) => {
  let password: string;
  let admin: string;
  let token: { id: string; clientId: string; refreshToken: string };
  const name = uniqueName('token');

  /** A new API token of the tenant user, removed after the run whatever happens (403: already gone). */
  const createToken = async (tokenName: string) => {
    const { vcd, tenant, cleanup } = ctx();
    const created = await vcd.createApiToken(password, tenant.org, tokenName);
    cleanup.add(`API token ${created.id} (${tokenName})`, async () => expectRemoved(await vcd.cloudapi('DELETE', `/tokens/${created.id}`, admin), [204, 403], tokenName));
    return created;
  };

  beforeAll(async () => {
    const { vcd, tenant, sysadmin } = ctx();
    password = await vcd.login(tenant);
    admin = await vcd.login(sysadmin);
    token = await createToken(name);
  });

  test('create: register answers client_id; the jwt-bearer grant answers the API token and a bearer', async () => {
    const { vcd, tenant } = ctx();
    expect(token.clientId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(token.refreshToken.length).toBeGreaterThanOrEqual(32);
    // The same client cannot take the jwt-bearer grant twice.
    const again = await vcd.token(tenant.org, { grant_type: JWT_BEARER_GRANT, assertion: password, client_id: token.clientId });
    expect(again.status).toBeGreaterThanOrEqual(400);
    expect(again.status).toBeLessThan(500);
  });

  test('exchange: refresh_token grant in the form body answers a Bearer access token with expires_in', async () => {
    const { vcd, tenant } = ctx();
    const res = await vcd.token(tenant.org, { grant_type: 'refresh_token', refresh_token: token.refreshToken });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(expect.objectContaining({ access_token: expect.any(String), token_type: 'Bearer', expires_in: expect.any(Number) }));
    expect(res.body.expires_in).toBeGreaterThan(0);
    expect(res.body.access_token.length).toBeGreaterThan(32);
  });

  test('use: the bearer reads GET /api/org and /cloudapi/1.0.0/sessions/current as the token\'s user', async () => {
    const { vcd, tenant } = ctx();
    const bearer = await vcd.exchange(tenant.org, token.refreshToken);
    const orgs = await vcd.legacy('/api/org', bearer);
    expect(orgs.status).toBe(200);
    expect(orgs.text.toLowerCase()).toContain(`name="${tenant.org.toLowerCase()}"`);
    const current = await vcd.cloudapi('GET', '/sessions/current', bearer);
    expect(current.status).toBe(200);
    expect(current.body.user.name.toLowerCase()).toBe(tenant.user.toLowerCase());
  });

  test('list and get: the token is listed by name and owner with type REFRESH, and readable by id', async () => {
    const { vcd, tenant } = ctx();
    const list = await vcd.cloudapi('GET', `/tokens?filter=${encodeURIComponent(`(name==${name};owner.name==${tenant.user};(type==PROXY,type==REFRESH))`)}&pageSize=128`, password);
    expect(list.status).toBe(200);
    expect(list.body.values.map((t: { id: string }) => t.id)).toEqual([token.id]);
    expect(list.body.values[0].type).toBe('REFRESH');
    expect(checkPage('Token', vcd.apiVersion, list.body)).toEqual([]);
    const one = await vcd.cloudapi('GET', `/tokens/${token.id}`, password);
    expect(one.status).toBe(200);
    expect(one.body.name).toBe(name);
    expect(checkModel('Token', vcd.apiVersion, one.body)).toEqual([]);
  });

  test('revoke: DELETE 204; sessions made from the token get 401; the token is refused and gone', async () => {
    const { vcd, tenant } = ctx();
    const revoked = await createToken(uniqueName('revoked'));
    const bearer = await vcd.exchange(tenant.org, revoked.refreshToken);
    expect((await vcd.cloudapi('GET', '/sessions/current', bearer)).status).toBe(200);
    expect((await vcd.cloudapi('DELETE', `/tokens/${revoked.id}`, password)).status).toBe(204);
    expect((await vcd.cloudapi('GET', '/sessions/current', bearer)).status).toBe(401);
    const refused = await vcd.token(tenant.org, { grant_type: 'refresh_token', refresh_token: revoked.refreshToken });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.status).toBeLessThan(500);
    expect(errorCode(refused)).toBe('invalid_grant');
    // A missing entity is 403 on cloudapi, not 404 (clients rely on it).
    expect((await vcd.cloudapi('GET', `/tokens/${revoked.id}`, password)).status).toBe(403);
  });

  test('a token can revoke itself from its own session', async () => {
    const { vcd, tenant } = ctx();
    const self = await createToken(uniqueName('self-revoke'));
    const bearer = await vcd.exchange(tenant.org, self.refreshToken);
    expect((await vcd.cloudapi('DELETE', `/tokens/${self.id}`, bearer)).status).toBe(204);
    expect((await vcd.token(tenant.org, { grant_type: 'refresh_token', refresh_token: self.refreshToken })).status).toBeGreaterThanOrEqual(400);
  });
});
