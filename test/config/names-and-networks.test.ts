// Review findings: object names with edge whitespace or control characters, versions with leading zeros,
// gateways that are the network/broadcast address, and prefixes with no room for hosts all load without error.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError, loadEnvironmentsConfig } from '../../src/config';

const EXAMPLE = path.resolve(__dirname, '../../stacks/environments.json');
let dir: string;
beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'envcfg-names-')); });
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let n = 0;
function withChange(change: (doc: any) => void): string {
  const doc = JSON.parse(fs.readFileSync(EXAMPLE, 'utf8'));
  change(doc);
  const file = path.join(dir, `cfg-${n++}.json`);
  fs.writeFileSync(file, JSON.stringify(doc));
  return file;
}

function configError(file: string): ConfigError {
  try {
    loadEnvironmentsConfig(file);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError, but the config loaded');
}

describe('object names (vdc, edgeGateway, network.name)', () => {
  const bad: [string, string][] = [
    ['trailing space', 'acme-vdc '],
    ['leading space', ' acme-vdc'],
    ['newline after the first character', 'a\ncme'],
    ['trailing newline', 'acme\n'],
    ['tab inside', 'acme\tvdc'],
    ['other control character', 'acme\u0007vdc'],
    ['zero-width (format) character', 'acme\u200bvdc'],
    ['line separator', 'acme\u2028vdc'],
    ['only a space', ' '],
  ];
  it.each(bad)('rejects a vdc with a %s, naming file, field and the rule', (_label, value) => {
    const file = withChange((doc) => { doc.environments[0].tenants[0].vdc = value; });
    const e = configError(file);
    expect(e.code).toBe('CONFIG_BAD_NAME');
    expect(e.field).toBe('environments[0].tenants[0].vdc');
    expect(e.message).toContain(`${file}: environments[0].tenants[0].vdc: expected an org VDC name`);
    expect(e.message).toMatch(/no leading or trailing space, no control characters/);
  });

  it('rejects a space-padded edgeGateway and network name', () => {
    const edge = configError(withChange((doc) => { doc.environments[0].tenants[0].edgeGateway = 'acme-edge '; }));
    expect(edge.field).toBe('environments[0].tenants[0].edgeGateway');
    expect(edge.message).toMatch(/expected an edge gateway name/);
    const netName = configError(withChange((doc) => { doc.environments[1].tenants[1].network.name = 'net '; }));
    expect(netName.field).toBe('environments[1].tenants[1].network.name');
    expect(netName.message).toMatch(/expected a network name/);
  });

  it('still accepts inner spaces, non-ASCII letters and the full 128 characters', () => {
    const cfg = loadEnvironmentsConfig(withChange((doc) => {
      doc.environments[0].tenants[0].vdc = 'Acme VDC (prod) – Zürich';
      doc.environments[0].tenants[0].edgeGateway = 'e'.repeat(128);
    }));
    expect(cfg.environments[0].tenants[0].vdc).toBe('Acme VDC (prod) – Zürich');
    expect(cfg.environments[0].tenants[0].edgeGateway).toHaveLength(128);
    const e = configError(withChange((doc) => { doc.environments[0].tenants[0].edgeGateway = 'e'.repeat(129); }));
    expect(e.field).toBe('environments[0].tenants[0].edgeGateway');
  });
});

describe('vcdVersion', () => {
  it.each(['010.5', '10.05.1', '10.5.01', ' 10.5.1', '10.5.1 '])('rejects %j (leading zeros or spaces)', (v) => {
    const e = configError(withChange((doc) => { doc.environments[0].vcdVersion = v; }));
    expect(e.code).toBe('CONFIG_UNSUPPORTED_VCD_VERSION');
    expect(e.field).toBe('environments[0].vcdVersion');
    expect(e.message).toMatch(/without leading zeros or spaces/);
  });

  it('accepts "10.5", "10.6.0.1" and "10.4.0"', () => {
    for (const v of ['10.5', '10.6.0.1', '10.4.0']) {
      expect(loadEnvironmentsConfig(withChange((doc) => { doc.environments[0].vcdVersion = v; })).environments[0].vcdVersion).toBe(v);
    }
  });
});

describe('routed network gateway and prefix', () => {
  const at = 'environments[0].tenants[0].network';
  function network(gateway: string, prefixLength: number): string {
    return withChange((doc) => { doc.environments[0].tenants[0].network = { name: 'acme-app', gateway, prefixLength }; });
  }

  it.each([
    ['10.0.0.0', 24, /not its network address/],
    ['10.0.0.255', 24, /not its broadcast address/],
    ['10.0.0.128', 25, /not its network address/],
    ['10.0.0.127', 25, /not its broadcast address/],
    ['2001:db8::', 64, /subnet-router anycast/],
    ['::ffff:10.0.0.0', 120, /subnet-router anycast/],
  ] as [string, number, RegExp][])('rejects gateway %s/%d', (gateway, prefix, why) => {
    const e = configError(network(gateway, prefix));
    expect(e.code).toBe('CONFIG_BAD_VALUE');
    expect(e.field).toBe(`${at}.gateway`);
    expect(e.message).toMatch(why);
  });

  it.each([['10.0.0.1', 32], ['10.0.0.1', 31], ['2001:db8::1', 128], ['2001:db8::1', 127]] as [string, number][])(
    'rejects prefixLength %s/%d (no room for hosts besides the gateway)', (gateway, prefix) => {
      const e = configError(network(gateway, prefix));
      expect(e.field).toBe(`${at}.prefixLength`);
      expect(e.message).toMatch(/an integer from 1 to (30|126) for an IPv[46] routed network/);
    });

  it('rejects an IPv6 gateway with a zone index', () => {
    expect(configError(network('fe80::1%eth0', 64)).field).toBe(`${at}.gateway`);
  });

  it('accepts ordinary gateways: first, last usable and IPv6', () => {
    for (const [gateway, prefix] of [['10.0.0.1', 24], ['10.0.0.254', 24], ['10.0.0.1', 30], ['2001:db8::1', 64], ['2001:db8:0:1::fffe', 64]] as [string, number][]) {
      const cfg = loadEnvironmentsConfig(network(gateway, prefix));
      expect(cfg.environments[0].tenants[0].network).toEqual({ name: 'acme-app', gateway, prefixLength: prefix });
    }
  });
});
