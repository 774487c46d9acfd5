import {
  compareVcdVersions,
  isSupportedVcdVersion,
  parseSupportedVcdVersion,
  parseVcdVersion,
  tryParseVcdVersion,
  VcdConstructError,
} from '../../src/constructs';
import { thrownBy } from './helpers';

describe('VCD version parsing', () => {
  test.each([
    ['10.5', [10, 5, 0, 0]],
    ['10.5.1', [10, 5, 1, 0]],
    ['10.6.0.1', [10, 6, 0, 1]],
    [' 10.4.2 ', [10, 4, 2, 0]],
  ])('parses %p', (text, parts) => {
    expect(parseVcdVersion(text).parts).toEqual(parts);
  });

  test.each(['', '10', '10.x', 'v10.5', '10.5.1.2.3', '10..5', 'latest'])('rejects %p with CONSTRUCT_INVALID_VCD_VERSION', (text) => {
    expect(tryParseVcdVersion(text)).toBeUndefined();
    const error = thrownBy(() => parseVcdVersion(text));
    expect(VcdConstructError.isVcdConstructError(error)).toBe(true);
    expect(error.code).toBe('CONSTRUCT_INVALID_VCD_VERSION');
    expect(error.message).toMatch(/e\.g\. "10\.5", "10\.5\.1" or "10\.6\.0\.1"/);
  });

  test('orders numerically, not lexically, and treats missing parts as 0', () => {
    expect(compareVcdVersions('10.10', '10.9')).toBeGreaterThan(0);
    expect(compareVcdVersions('10.5', '10.5.0.0')).toBe(0);
    expect(compareVcdVersions('10.5.0.1', '10.5.1')).toBeLessThan(0);
    expect(compareVcdVersions('10.3.1', '10.4')).toBeLessThan(0);
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

  test('an unsupported version names the supported range', () => {
    const error = thrownBy(() => parseSupportedVcdVersion('10.3'));
    expect(error.code).toBe('CONSTRUCT_UNSUPPORTED_VCD_VERSION');
    expect(error.message).toContain('10.3.1 to 10.6.x');
  });
});
