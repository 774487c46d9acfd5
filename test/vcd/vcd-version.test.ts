// The VCD facts every area uses: version parsing and ordering, the supported range, releases and API versions.
import { compareVcdVersions, isSupportedVcdVersion, SUPPORTED_VCD_VERSIONS, tryParseVcdVersion, type VcdVersion } from '../../src/vcd/vcd-version';
import { DEFAULT_VCD_RELEASE, MIN_TOKEN_API_VERSION, TOKEN_API_VERSIONS, VCD_RELEASES } from '../../src/vcd/releases';

const v = (text: string): VcdVersion => {
  const parsed = tryParseVcdVersion(text);
  if (!parsed) throw new Error(`test input ${text} does not parse`);
  return parsed;
};

test.each(['', '10', '10.x', 'v10.5', '10.5.1.2.3', '10..5', 'latest'])('%p is not a VCD version', (text) => {
  expect(tryParseVcdVersion(text)).toBeUndefined();
});

test('orders numerically, not lexically, and treats missing parts as 0', () => {
  expect(compareVcdVersions(v('10.10'), v('10.9'))).toBeGreaterThan(0);
  expect(compareVcdVersions(v('10.5'), v('10.5.0.0'))).toBe(0);
  expect(compareVcdVersions(v('10.5.0.1'), v('10.5.1'))).toBeLessThan(0);
  expect(compareVcdVersions(v('10.3.1'), v('10.4'))).toBeLessThan(0);
});

test.each([
  ['10.3.1', true],
  ['10.3.2', true],
  ['10.4', true],
  ['10.5.1', true],
  ['10.6', true],
  ['10.6.0.1', true],
  ['10.6.99', true],
  ['10.3', false],
  ['10.3.0', false],
  ['10.2.2', false],
  ['10.7', false],
  ['11.0', false],
  ['9.7', false],
  ['banana', false],
])('isSupportedVcdVersion(%p) is %p', (text, supported) => {
  expect(isSupportedVcdVersion(text)).toBe(supported);
});

test('the supported range, the token API versions and the default release follow from the release table', () => {
  expect(SUPPORTED_VCD_VERSIONS).toBe('10.3.1 to 10.6.x');
  expect(MIN_TOKEN_API_VERSION).toBe('36.1');
  expect(TOKEN_API_VERSIONS).toEqual(['36.1', '36.2', '36.3', '37.0', '37.1', '37.2', '37.3', '38.0', '38.1', '39.0', '39.1']);
  expect(VCD_RELEASES.map((r) => r.release)).toContain(DEFAULT_VCD_RELEASE);
  expect(isSupportedVcdVersion(DEFAULT_VCD_RELEASE)).toBe(true);
  // Every supported release of the table is in the supported range, every older one is not.
  for (const { release, apiVersion } of VCD_RELEASES) {
    expect({ release, supported: isSupportedVcdVersion(release) }).toEqual({ release, supported: TOKEN_API_VERSIONS.includes(apiVersion) });
  }
});
