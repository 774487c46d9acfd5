// One rule for VCD API URLs everywhere (config, --vcd-url, VCD_URL, VCD_URL_OVERRIDES, token files).
import { normalizeVcdApiUrl } from '../../src/vcd/api-url';

test.each([
  ['https://vcd.example.com', 'https://vcd.example.com/api'],
  ['https://vcd.example.com/', 'https://vcd.example.com/api'],
  ['https://127.0.0.1:8443', 'https://127.0.0.1:8443/api'],
  ['https://vcd.example.com/api', 'https://vcd.example.com/api'],
  ['https://vcd.example.com/api/', 'https://vcd.example.com/api'],
  ['https://VCD.Example.com:443/api', 'https://vcd.example.com/api'],
  ['https://proxy.example.com/vcd/api', 'https://proxy.example.com/vcd/api'],
  ['  https://vcd.example.com/api  ', 'https://vcd.example.com/api'],
])('%j → %j', (input, expected) => {
  expect(normalizeVcdApiUrl(input)).toEqual({ ok: true, url: expected });
});

test.each([
  ['http://vcd.example.com/api', /scheme "http"/],
  ['ftp://vcd.example.com/api', /scheme "ftp"/],
  ['vcd.example.com/api', /not a URL/],
  ['https://admin:s3cret@vcd.example.com/api', /user info/],
  ['https://vcd.example.com/api?x=1', /query or fragment/],
  ['https://vcd.example.com/api#top', /query or fragment/],
  ['https://vcd.example.com/tenant/acme', /path that does not end in \/api \("\/tenant\/acme"\)/],
  ['https://vcd.example.com/cloudapi', /does not end in \/api/],
  ['', /not a URL/],
])('%j is refused: %s', (input, problem) => {
  const result = normalizeVcdApiUrl(input);
  expect(result.ok).toBe(false);
  if (!result.ok) {
    expect(result.problem).toMatch(problem);
    expect(result.problem).not.toContain('s3cret');
  }
});
