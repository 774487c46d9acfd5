// Input checks shared by the provider constructs.
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { VcdConstructError } from '../errors';

/** The endpoint must be HTTPS (tokens and passwords travel in it) and carry no credentials of its own. */
export function validateVcdUrl(scope: Construct, url: string): void {
  if (Token.isUnresolved(url)) return;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new VcdConstructError(
      'VCD_INVALID_PROP',
      `url is not a URL (not echoed: it may hold credentials). The provider needs the VCD API endpoint, e.g. "https://vcd.example.com/api".`,
      scope.node.path,
    );
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw new VcdConstructError(
      'VCD_INVALID_PROP',
      'url contains user information ("user:password@"). Credentials in the URL would be written to the ' +
        'synthesized configuration. Remove them; the provider gets credentials from variables or the environment.',
      scope.node.path,
    );
  }
  if (parsed.protocol !== 'https:') {
    throw new VcdConstructError(
      'VCD_INVALID_PROP',
      `url uses ${parsed.protocol.replace(':', '')}, but credentials must not travel in clear text. Use the https:// endpoint.`,
      scope.node.path,
    );
  }
}

/** Rejects blank or space-padded values of simple string props. */
export function requireNonBlank(scope: Construct, value: string | undefined, field: string): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (typeof value !== 'string' || value.trim() === '' || value !== value.trim()) {
    throw new VcdConstructError(
      'VCD_INVALID_PROP',
      `${field} ${JSON.stringify(value)} is blank or space-padded; the provider would fail to authenticate or find it. ` +
        'Give the exact value without surrounding spaces.',
      scope.node.path,
    );
  }
}
