// Input checks shared by the provider constructs.
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { blankProviderPropError, insecureUrlError, unparsableUrlError, urlWithCredentialsError } from '../errors';

/** URLs already found valid: an app has a few VCD endpoints and a provider per stack, thousands of stacks. */
const validUrls = new Set<string>();

/** The endpoint must be HTTPS (tokens and passwords travel in it) and carry no credentials of its own. */
export function validateVcdUrl(scope: Construct, url: string): void {
  if (validUrls.has(url) || Token.isUnresolved(url)) return;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw unparsableUrlError(scope.node.path);
  }
  if (parsed.username !== '' || parsed.password !== '') throw urlWithCredentialsError(scope.node.path);
  if (parsed.protocol !== 'https:') throw insecureUrlError(parsed.protocol, scope.node.path);
  validUrls.add(url);
}

/** Rejects blank or space-padded values of simple string props. */
export function requireNonBlank(scope: Construct, value: string | undefined, field: string): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (typeof value !== 'string' || value.trim() === '' || value !== value.trim()) throw blankProviderPropError(field, value, scope.node.path);
}
