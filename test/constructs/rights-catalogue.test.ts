import { RightsCatalogue } from '../../src/constructs';
import { ApiTokenRight } from '../../src/vcd';
import { SUPPORTED_VCD_VERSIONS, isSupportedVcdVersion } from '../../src/vcd/vcd-version';
import { VCD_RIGHTS } from '../../src/vcd/rights';
import { thrownBy } from './helpers';

describe('RightsCatalogue', () => {
  const catalogue = RightsCatalogue.default();

  test('token right names are the ones VCD lists in roles and bundles', () => {
    expect(ApiTokenRight.MANAGE_OWN).toBe('API Tokens: Manage');
    expect(ApiTokenRight.MANAGE_ALL).toBe('API Tokens: Manage All');
  });

  test.each([
    [ApiTokenRight.MANAGE_OWN, '10.3', 'absent'],
    [ApiTokenRight.MANAGE_OWN, '10.3.1', 'available'],
    [ApiTokenRight.MANAGE_ALL, '10.3.0.9', 'absent'],
    [ApiTokenRight.MANAGE_ALL, '10.6.0.1', 'available'],
    ['View Service Accounts', '10.3.1', 'absent'],
    ['View Service Accounts', '10.4', 'available'],
    ['Manage Service Accounts', '10.4.0', 'available'],
    ['Limited Service Accounts View', '10.4', 'absent'],
    ['Limited Service Accounts View', '10.4.1', 'available'],
    ['Organization: Traversal', '10.5', 'absent'],
    ['Organization: Traversal', '10.5.1', 'available'],
    ['vApp: View VM metrics', '10.3.1', 'available'],
    ['Organization vDC Gateway: View', '10.6', 'available'],
    ['Made Up: Right', '10.5', 'unknown'],
    ['api tokens: manage', '10.5', 'unknown'],
  ])('check(%p, %p) is %p', (right, version, expected) => {
    expect(catalogue.check(right, version)).toBe(expected);
  });

  test('sinceVersion gives the first release, or undefined for unknown rights', () => {
    expect(catalogue.sinceVersion(ApiTokenRight.MANAGE_OWN)).toBe('10.3.1');
    expect(catalogue.sinceVersion('Limited Service Accounts View')).toBe('10.4.1');
    expect(catalogue.sinceVersion('Nope')).toBeUndefined();
  });

  test('holds the token rights, the service-account rights and about twenty ordinary rights', () => {
    const names = catalogue.entries().map((e) => e.name);
    expect(names).toEqual(expect.arrayContaining(['View Service Accounts', 'Manage Service Accounts', 'Limited Service Accounts View']));
    const ordinary = VCD_RIGHTS.filter((e) => e.evidence === 'inferred');
    expect(ordinary.length).toBeGreaterThanOrEqual(20);
    expect(new Set(names).size).toBe(names.length);
  });

  test('withEntries extends a copy and leaves the original alone', () => {
    const extended = catalogue.withEntries([{ name: 'Extension: Use', since: '10.5' }]);
    expect(extended.check('Extension: Use', '10.4.2')).toBe('absent');
    expect(extended.check('Extension: Use', '10.5')).toBe('available');
    expect(catalogue.check('Extension: Use', '10.5')).toBe('unknown');
  });

  test('rejects a catalogue with a duplicate or a malformed version', () => {
    expect(thrownBy(() => new RightsCatalogue([{ name: 'A', since: '10.0' }, { name: 'A', since: '10.1' }])).code).toBe('CONSTRUCT_INVALID_PROP');
    expect(thrownBy(() => new RightsCatalogue([{ name: 'A', since: 'ten' }])).code).toBe('CONSTRUCT_INVALID_VCD_VERSION');
  });

  test('uses the supported range of the VCD facts', () => {
    expect(SUPPORTED_VCD_VERSIONS).toBe('10.3.1 to 10.6.x');
    expect(isSupportedVcdVersion('10.5.1')).toBe(true);
  });
});
