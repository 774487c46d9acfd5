import { compileFiql, parseFiql, FiqlParseError } from '../../src/emulator/http/fiql';
import { Router } from '../../src/emulator/http/router';
import { acceptedApiVersion } from '../../src/emulator/versions/vcd-releases';
import { parseBasicCredentials } from '../../src/emulator/routes/session-routes';
import { responseRequestId } from '../../src/emulator/server/request-id';
import { splitRequestTarget } from '../../src/emulator/server/request-handler';

describe('Router', () => {
  const ok = () => ({ status: 200 });
  test('literal segments beat parameters whatever the registration order; params are decoded', () => {
    const router = new Router().add('GET', '/s/{id}', ok).add('GET', '/s/current', ok);
    const current = router.match('GET', '/s/current');
    expect(current.kind === 'found' && current.pattern).toBe('/s/current');
    const byId = router.match('GET', '/s/urn%3Avcloud%3Atoken%3Aabc');
    expect(byId.kind === 'found' && byId.params).toEqual({ id: 'urn:vcloud:token:abc' });
  });
  test('405 lists allowed methods; 404 otherwise; duplicates are refused', () => {
    const router = new Router().add('POST', '/t', ok).add('DELETE', '/t', ok);
    expect(router.match('GET', '/t')).toEqual({ kind: 'methodNotAllowed', allow: ['POST', 'DELETE'] });
    expect(router.match('GET', '/nope').kind).toBe('notFound');
    expect(() => router.add('POST', '/t', ok)).toThrow(/registered twice/);
  });
});

describe('FIQL', () => {
  const items = [
    { name: 'a', type: 'REFRESH' },
    { name: 'b', type: 'PROXY' },
    { name: 'c', type: 'REFRESH' },
  ];
  type Item = (typeof items)[number];
  const fields = { name: (i: Item) => i.name, type: (i: Item) => i.type };
  const run = (f: string) => items.filter(compileFiql(f, fields)).map((i) => i.name);

  test('AND (;) binds tighter than OR (,), parentheses regroup', () => {
    expect(run('name==a,name==b;type==REFRESH')).toEqual(['a']);
    expect(run('(name==a,name==b);type==PROXY')).toEqual(['b']);
    expect(run('type=ge=Q')).toEqual(['a', 'c']);
  });
  test('parse errors name the position; unknown fields are refused', () => {
    expect(() => parseFiql('name==a)')).toThrow(/unexpected "\)" at position 7/);
    expect(() => parseFiql('name')).toThrow(FiqlParseError);
    expect(() => compileFiql('owner==x', fields)).toThrow(/unknown field "owner"/);
  });
});

describe('small parsers', () => {
  test('Accept version: present, absent, empty (GOVCD register)', () => {
    expect(acceptedApiVersion('application/*+xml;version=36.1')).toBe('36.1');
    expect(acceptedApiVersion('application/json; version="38.0"')).toBe('38.0');
    expect(acceptedApiVersion('application/json;version=')).toBeUndefined();
    expect(acceptedApiVersion(undefined)).toBeUndefined();
  });
  test('Basic credentials split the org at the last @ (user names may contain @)', () => {
    const header = `Basic ${Buffer.from('jane@corp.example@acme:p:w').toString('base64')}`;
    expect(parseBasicCredentials(header)).toEqual({ userName: 'jane@corp.example', orgName: 'acme', password: 'p:w' });
    expect(parseBasicCredentials(`Basic ${Buffer.from('nobody:pw').toString('base64')}`)).toBeUndefined();
  });
  test('request id keeps at most 128 client characters', () => {
    expect(responseRequestId('x'.repeat(200))).toMatch(new RegExp(`^${'x'.repeat(128)}-[0-9a-f-]{36}$`));
  });
});

describe('splitRequestTarget', () => {
  const base = 'https://127.0.0.1:1';
  test.each([
    ['/cloudapi/1.0.0/tokens?page=2&pageSize=5', '/cloudapi/1.0.0/tokens', '?page=2&pageSize=5'],
    ['/api/org', '/api/org', ''],
    ['/api/org?', '/api/org', ''],
    ['/api/org#frag', '/api/org', ''],
    ['/api/./org/../versions', '/api/versions', ''],
    ['/api/%2E%2E/versions', '/versions', ''],
    ['*', '/', ''],
    [undefined, '/', ''],
  ])('%p → path %p, query %p (as the URL parser would)', (target, pathname, search) => {
    expect(splitRequestTarget(target, base)).toEqual({ pathname, search });
    if (typeof target === 'string' && target.startsWith('/')) {
      const url = new URL(target, base);
      expect([url.pathname, url.search]).toEqual([pathname, search]);
    }
  });
});
