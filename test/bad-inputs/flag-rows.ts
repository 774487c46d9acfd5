// Bad command lines: unknown commands and flags, missing or malformed values, numbers out of range, URLs that are
// not a VCD API, CA files that hold no certificate, flags that contradict each other.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BadInputRow } from './bad-input-row';

const HELP = /--help|vcd-token \w+ --help/;
const LONG_NAME = 'n'.repeat(300);

export const FLAG_ROWS: readonly BadInputRow[] = [
  { input: 'an unknown command', argv: ['frobnicate'], exit: 2, names: 'frobnicate', todo: HELP },
  { input: 'a misspelt flag', argv: ['create', '--nmae', 'x'], exit: 2, names: '--nmae', todo: HELP },
  { input: 'create without --name', argv: ['create'], exit: 2, names: '--name', todo: /the name of the API token to create/ },
  { input: '--name without its value', argv: ['create', '--name'], exit: 2, names: '--name', todo: /value|HELP/ },
  { input: 'an empty --name', argv: ['create', '--name', ''], exit: 2, names: '--name', todo: /name of the API token/ },
  { input: 'a 300-character --name', argv: ['create', '--name', LONG_NAME], exit: 2, names: /--name is 300 characters long/, todo: /Choose a shorter name/ },
  { input: 'a --name with a space', argv: ['create', '--name', 'two words'], exit: 2, names: '--name', todo: /Choose another name/ },
  { input: 'a --name with a quote', argv: ['create', '--name', 'it"s'], exit: 2, names: '--name', todo: /Choose another name/ },
  { input: 'a --name with a comma (a FIQL operator)', argv: ['create', '--name', 'a,b'], exit: 2, names: '--name', todo: /Choose another name/ },
  { input: 'a --name with a newline', argv: ['create', '--name', 'a\nb'], exit: 2, names: '--name', todo: /Choose another name/ },
  { input: 'rotate --name too long', argv: (c) => ['rotate', '--token-file', path.join(c.home, 't.json'), '--name', LONG_NAME], files: (c) => fs.writeFileSync(path.join(c.home, 't.json'), '{"refresh_token":"abc"}', { mode: 0o600 }), exit: 2, names: '--name', todo: /Choose a shorter name/ },
  { input: '--timeout -5', argv: ['create', '--name', 'x', '--timeout', '-5'], exit: 2, names: /--timeout must be a number of seconds from 0\.1 to 3600/, todo: /e\.g\./ },
  { input: '--timeout 0', argv: ['create', '--name', 'x', '--timeout', '0'], exit: 2, names: '--timeout', todo: /from 0\.1 to 3600/ },
  { input: '--timeout abc', argv: ['create', '--name', 'x', '--timeout', 'abc'], exit: 2, names: '--timeout', todo: /from 0\.1 to 3600/ },
  { input: '--timeout 5000 (over an hour)', argv: ['create', '--name', 'x', '--timeout', '5000'], exit: 2, names: '--timeout', todo: /from 0\.1 to 3600/ },
  { input: '--timeout Infinity', argv: ['whoami', '--timeout', 'Infinity'], exit: 2, names: '--timeout', todo: /from 0\.1 to 3600/ },
  { input: '--timeout NaN', argv: ['whoami', '--timeout', 'NaN'], exit: 2, names: '--timeout', todo: /from 0\.1 to 3600/ },
  { input: '--timeout 1e9', argv: ['list', '--timeout', '1e9'], exit: 2, names: '--timeout', todo: /from 0\.1 to 3600/ },
  { input: '--timeout 30s (with a unit)', argv: ['list', '--timeout', '30s'], exit: 2, names: '--timeout', todo: /number of seconds/ },
  { input: '--timeout 0x10 (hex)', argv: ['list', '--timeout', '0x10'], exit: 2, names: '--timeout', todo: /number of seconds/ },
  { input: 'rotate --lock-timeout abc', argv: ['rotate', '--token-file', 't.json', '--lock-timeout', 'abc'], exit: 2, names: '--lock-timeout', todo: /from 0 to 86400/ },
  { input: 'rotate --lock-timeout -1', argv: ['rotate', '--token-file', 't.json', '--lock-timeout', '-1'], exit: 2, names: '--lock-timeout', todo: /from 0 to 86400/ },
  { input: 'rotate --lock-timeout 100000', argv: ['rotate', '--token-file', 't.json', '--lock-timeout', '100000'], exit: 2, names: '--lock-timeout', todo: /from 0 to 86400/ },
  { input: 'bootstrap --concurrency 0', argv: ['bootstrap', '--concurrency', '0'], exit: 2, names: '--concurrency', todo: /from 1 to 256/ },
  { input: 'bootstrap --concurrency 1.5', argv: ['bootstrap', '--concurrency', '1.5'], exit: 2, names: '--concurrency', todo: /whole number|integer|from 1 to 256/ },
  { input: 'bootstrap --concurrency 1000', argv: ['bootstrap', '--concurrency', '1000'], exit: 2, names: '--concurrency', todo: /from 1 to 256/ },
  { input: 'bootstrap --concurrency many', argv: ['bootstrap', '--concurrency', 'many'], exit: 2, names: '--concurrency', todo: /from 1 to 256/ },
  { input: '--url over plain http', argv: ['whoami', '--url', 'http://vcd.example.com/api'], exit: 2, names: '--url', todo: /https/ },
  { input: '--url that is not a URL', argv: ['whoami', '--url', 'vcd dot example'], exit: 2, names: '--url', todo: /e\.g\. https:\/\// },
  { input: '--url of the VCD UI (/ui)', argv: ['whoami', '--url', 'https://vcd.example.com/ui'], exit: 2, names: '--url', todo: /\/api/ },
  { input: '--url with a user and password in it', argv: ['whoami', '--url', 'https://bob:hunter2@vcd.example.com/api'], exit: 2, names: '--url', todo: /without user|VCD_USER|credentials/ },
  { input: '--url with a query', argv: ['whoami', '--url', 'https://vcd.example.com/api?x=1'], exit: 2, names: '--url', todo: /without query|\/api/ },
  { input: '--ca-file that does not exist', argv: (c) => ['whoami', '--ca-file', path.join(c.home, 'nope.pem')], exit: 8, names: 'nope.pem', todo: /PEM|--ca-file/ },
  { input: '--ca-file with no certificate in it', argv: ['whoami', '--ca-file', 'empty.pem'], files: (c) => fs.writeFileSync(path.join(c.home, 'empty.pem'), 'not a certificate\n'), exit: 8, names: 'empty.pem', todo: /PEM|BEGIN CERTIFICATE/ },
  { input: '--ca-file that is a directory', argv: (c) => ['whoami', '--ca-file', c.home], exit: 8, names: (c) => c.home, todo: /PEM|file/ },
  { input: 'revoke with nothing to revoke', argv: ['revoke'], exit: 2, names: /Nothing to revoke/, todo: /token ids, --name <name>, or --token-file/ },
  { input: 'revoke with a password given as a token id', argv: ['revoke', 'hunter2-is-my-password'], exit: 2, names: /token id|urn:vcloud:token/, todo: /vcd-token list|urn:vcloud:token:/ },
  { input: 'bootstrap --vcd-url without env=', argv: ['bootstrap', '--config', 'env.json', '--vcd-url', 'https://vcd.example.com/api'], files: writeValidConfig, exit: 2, names: '--vcd-url', todo: /<env>=<url>/ },
  { input: 'bootstrap --vcd-url dev=http://…', argv: ['bootstrap', '--config', 'env.json', '--vcd-url', 'dev=http://vcd.example.com/api'], files: writeValidConfig, exit: 2, names: '--vcd-url dev', todo: /https/ },
  { input: 'bootstrap --env that the config lacks', argv: ['bootstrap', '--config', 'env.json', '--env', 'nosuch'], files: writeValidConfig, exit: 2, names: 'nosuch', todo: /dev|known|defines/ },
  { input: 'bootstrap --config that does not exist', argv: ['bootstrap', '--config', 'missing.json'], exit: 8, names: 'missing.json', todo: /check the path/ },
  { input: 'whoami reading both secrets from stdin', argv: ['whoami', '--password-stdin', '--token-stdin'], exit: 2, names: /--password-stdin and --token-stdin/, todo: /environment variable/ },
  { input: 'rotate with --token-file and --env', argv: ['rotate', '--token-file', 't.json', '--env', 'dev', '--to', 'file'], exit: 2, names: /--token-file .* --env/, todo: /Use one of the two/ },
  { input: 'enroll without --env', argv: ['enroll'], exit: 2, names: '--env', todo: /environment of/ },
  { input: 'enroll --to s3 (no such store)', argv: ['enroll', '--env', 'dev', '--config', 'env.json', '--to', 's3'], files: writeValidConfig, exit: 2, names: '--to', todo: /file, github or gitlab/ },
  { input: 'enroll --to github without --repo', argv: ['enroll', '--env', 'dev', '--config', 'env.json', '--to', 'github'], files: writeValidConfig, exit: 2, names: '--to github', todo: /--repo owner\/name/ },
  { input: 'a value for a boolean flag', argv: ['whoami', '--insecure=maybe'], exit: 2, names: '--insecure', todo: HELP },
  { input: 'an API token pasted as an argument', argv: ['exchange', 'eyJhbGciOiJIUzI1NiJ9.abcdefghijklmnopqrstuvwxyz0123456789'], exit: 2, names: /positional argument/, todo: /--help/ },
];

/** A valid environments config in HOME/env.json (its VCD URL is never reached: the rows fail before). */
export function writeValidConfig(c: { home: string; url: string }): void {
  fs.writeFileSync(path.join(c.home, 'env.json'), JSON.stringify({ environments: [{ name: 'dev', vcdUrl: c.url, vcdVersion: '10.5.1', tenants: [{ name: 'acme', automationUser: 'automation', network: { name: 'acme-net', gateway: '10.1.0.1', prefixLength: 24 } }] }] }));
}
