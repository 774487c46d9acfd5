import { VcdConstructError } from '../../src/constructs';
import { parseSupportedVcdVersion, parseVcdVersion } from '../../src/constructs/vcd-version';
import { thrownBy } from './helpers';

describe('VCD version given to a construct', () => {
  test.each([
    ['10.5', [10, 5, 0, 0]],
    ['10.5.1', [10, 5, 1, 0]],
    ['10.6.0.1', [10, 6, 0, 1]],
    [' 10.4.2 ', [10, 4, 2, 0]],
  ])('parses %p', (text, parts) => {
    expect(parseVcdVersion(text).parts).toEqual(parts);
  });

  test.each(['', '10', '10.x', 'v10.5', '10.5.1.2.3', '10..5', 'latest'])('rejects %p with CONSTRUCT_INVALID_VCD_VERSION', (text) => {
    const error = thrownBy(() => parseVcdVersion(text));
    expect(VcdConstructError.isVcdConstructError(error)).toBe(true);
    expect(error.code).toBe('CONSTRUCT_INVALID_VCD_VERSION');
    expect(error.message).toMatch(/e\.g\. "10\.5", "10\.5\.1" or "10\.6\.0\.1"/);
  });

  test('an unsupported version names the supported range', () => {
    const error = thrownBy(() => parseSupportedVcdVersion('10.3'));
    expect(error.code).toBe('CONSTRUCT_UNSUPPORTED_VCD_VERSION');
    expect(error.message).toContain('10.3.1 to 10.6.x');
    expect(parseSupportedVcdVersion('10.6.0.1').text).toBe('10.6.0.1');
  });
});
