// Bad server answers and unreachable servers: wrong credentials, a revoked token, missing rights, 5xx, 429, HTML
// error pages, malformed JSON, redirects, resets, stalls past the timeout, TLS without the CA, a closed port.
// Each ends with the exit code of its kind and a message naming what answered and what to do.
import * as path from 'node:path';
import * as fs from 'node:fs';
import type { BadInputRow } from './bad-input-row';

const CREATE = ['create', '--name', 'srv', '--token-file', 'srv.json'];
const RETRY = /retry|later|check/i;

export const SERVER_ROWS: readonly BadInputRow[] = [
  { input: 'a wrong password', argv: CREATE, env: { VCD_PASSWORD: 'wrong-password' }, exit: 3, names: /VCD_USER|VCD_PASSWORD|automation/, todo: /[Cc]heck/ },
  { input: 'a user that does not exist', argv: CREATE, env: { VCD_USER: 'nobody' }, exit: 3, names: /nobody|VCD_USER/, todo: /[Cc]heck/ },
  { input: 'an org that does not exist', argv: CREATE, env: { VCD_ORG: 'nosuchorg' }, exit: 3, names: /nosuchorg|VCD_ORG/, todo: /[Cc]heck/ },
  { input: 'a tenant whose bundle lacks the token right', argv: CREATE, env: { VCD_ORG: 'initech' }, exit: 5, names: /API Tokens: Manage/, todo: /bundle|role|platform/ },
  { input: 'a revoked token', argv: ['exchange'], env: { VCD_API_TOKEN: 'revokedrevokedrevokedrevoked0123', VCD_USER: undefined, VCD_PASSWORD: undefined }, exit: 4, names: /invalid_grant|revoked|invalid/, todo: /[Cc]reate a new API token/ },
  { input: 'the versions endpoint answering 500', argv: CREATE, fault: { method: 'GET', path: '/api/versions', action: { type: 'status', status: 500 }, times: 'always' }, exit: 6, names: /500/, todo: RETRY },
  { input: 'an HTML error page from a proxy', argv: CREATE, fault: { method: 'GET', path: '/api/versions', action: { type: 'htmlError', status: 502 }, times: 'always' }, exit: 6, names: /502|HTML|proxy/, todo: RETRY },
  { input: 'malformed JSON from the login', argv: CREATE, fault: { method: 'POST', path: '/cloudapi/1.0.0/sessions', action: { type: 'malformedJson' }, times: 'always' }, exit: 6, names: /X-VMWARE-VCLOUD-ACCESS-TOKEN|JSON|response/, todo: RETRY },
  { input: 'a login answered with a redirect', argv: CREATE, fault: { method: 'POST', path: '/cloudapi/1.0.0/sessions', action: { type: 'redirect', location: 'https://attacker.example/steal' }, times: 'always' }, exit: 6, names: /redirect|307/, todo: /URL|--url|VCD_URL|[Cc]heck/ },
  { input: 'the connection reset before the login', argv: CREATE, fault: { method: 'POST', path: '/cloudapi/1.0.0/sessions', action: { type: 'reset', when: 'before' }, times: 'always' }, exit: 6, names: /reset|connection|ECONNRESET|socket/, todo: RETRY },
  { input: 'rate limited (429) on every try', argv: ['list'], fault: { method: 'GET', path: '/api/versions', action: { type: 'status', status: 429, retryAfter: 0 }, times: 'always' }, exit: 6, names: /429|rate/, todo: RETRY },
  { input: 'a server that stalls past VCD_TIMEOUT', argv: ['whoami'], env: { VCD_TIMEOUT: '0.5' }, fault: { method: 'GET', path: '/api/versions', action: { type: 'stall' }, times: 'always' }, exit: 6, names: /timed out|timeout|did not answer/i, todo: /VCD_TIMEOUT|--timeout/ },
  { input: 'TLS without the CA (no VCD_CA_FILE)', argv: ['whoami'], env: { VCD_CA_FILE: undefined }, exit: 6, names: /certificate|TLS/, todo: /--ca-file|VCD_CA_FILE/ },
  { input: 'TLS with the wrong CA', argv: ['whoami'], env: (c) => ({ VCD_CA_FILE: path.join(c.home, 'other-ca.pem') }), files: (c) => fs.writeFileSync(path.join(c.home, 'other-ca.pem'), OTHER_CA), exit: 6, names: /certificate|TLS/, todo: /--ca-file|VCD_CA_FILE/ },
  { input: 'a port nothing listens on', argv: ['whoami'], env: { VCD_URL: 'https://127.0.0.1:9/api' }, exit: 6, names: /127\.0\.0\.1:9/, todo: /[Cc]heck|VCD_URL|--url|running|reach/ },
];

// A self-signed CA that signed nothing the emulator presents (made once with openssl; public material only).
const OTHER_CA = `-----BEGIN CERTIFICATE-----
MIIBuDCCAV+gAwIBAgIUCuTbECy99oGnmFfYnntk7bL3JEQwCgYIKoZIzj0EAwIw
MTEvMC0GA1UEAwwmdmNkLWFwaS10b2tlbnMgYmFkLWlucHV0cyB1bnJlbGF0ZWQg
Q0EwIBcNMjYxMjAyMDU0MjE5WhgPMjEyNjExMDgwNTQyMTlaMDExLzAtBgNVBAMM
JnZjZC1hcGktdG9rZW5zIGJhZC1pbnB1dHMgdW5yZWxhdGVkIENBMFkwEwYHKoZI
zj0CAQYIKoZIzj0DAQcDQgAETyK+MzfFSoSZ8BBZeMCEOAD+/fvE4htx5U0UGRJ3
sy38wuWqTESPtznB3B8M0RPnmTnWcx/pUSrwjIZBsZF+0aNTMFEwHQYDVR0OBBYE
FItwwo2IeLxYpZ3sAqKUqXnb0sOJMB8GA1UdIwQYMBaAFItwwo2IeLxYpZ3sAqKU
qXnb0sOJMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDRwAwRAIgCi/3Wiq3
EBg/G760cR5G96kARV0G87EeqU7eHh4JaowCICy6+Vi593CT1Hli/+gZlc4fKj8c
fR6o6/8QUBYjF5J1
-----END CERTIFICATE-----
`;
