// Bad environment variables: URLs, numbers, booleans, paths and credentials given through the environment.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BadInputRow } from './bad-input-row';
import { writeValidConfig } from './flag-rows';

export const ENV_ROWS: readonly BadInputRow[] = [
  { input: 'VCD_URL over plain http', argv: ['whoami'], env: { VCD_URL: 'http://vcd.example.com/api' }, exit: 2, names: 'VCD_URL', todo: /https/ },
  { input: 'VCD_URL that is not a URL', argv: ['whoami'], env: { VCD_URL: 'vcd.example.com' }, exit: 2, names: 'VCD_URL', todo: /e\.g\. https:\/\// },
  { input: 'VCD_URL of the tenant portal', argv: ['whoami'], env: { VCD_URL: 'https://vcd.example.com/tenant/acme' }, exit: 2, names: 'VCD_URL', todo: /\/api/ },
  { input: 'VCD_URL with credentials', argv: ['create', '--name', 'x'], env: { VCD_URL: 'https://u:p@vcd.example.com/api' }, exit: 2, names: 'VCD_URL', todo: /without user|VCD_USER|credentials/ },
  { input: 'no VCD_URL at all', argv: ['create', '--name', 'x'], env: { VCD_URL: undefined }, exit: 2, names: /VCD_URL|--url/, todo: /set VCD_URL|pass --url/ },
  { input: 'no VCD_ORG', argv: ['create', '--name', 'x'], env: { VCD_ORG: undefined }, exit: 2, names: /VCD_ORG|--org/, todo: /set VCD_ORG|pass --org/ },
  { input: 'VCD_ORG given as a URL', argv: ['whoami'], env: { VCD_ORG: 'https://vcd.example.com/tenant/acme' }, exit: 2, names: 'The org "https://vcd.example.com/tenant/acme"', todo: /organization \*name\*/ },
  { input: 'no VCD_USER for create', argv: ['create', '--name', 'x'], env: { VCD_USER: undefined }, exit: 2, names: 'VCD_USER', todo: /set VCD_USER|--user/ },
  { input: 'no VCD_PASSWORD for create', argv: ['create', '--name', 'x'], env: { VCD_PASSWORD: undefined }, exit: 2, names: 'VCD_PASSWORD', todo: /--password-stdin/ },
  { input: 'VCD_TIMEOUT=abc', argv: ['whoami'], env: { VCD_TIMEOUT: 'abc' }, exit: 2, names: 'VCD_TIMEOUT', todo: /from 0\.1 to 3600/ },
  { input: 'VCD_TIMEOUT=-1', argv: ['whoami'], env: { VCD_TIMEOUT: '-1' }, exit: 2, names: 'VCD_TIMEOUT', todo: /from 0\.1 to 3600/ },
  { input: 'VCD_TIMEOUT=0', argv: ['list'], env: { VCD_TIMEOUT: '0' }, exit: 2, names: 'VCD_TIMEOUT', todo: /from 0\.1 to 3600/ },
  { input: 'VCD_TIMEOUT=86400 (a day)', argv: ['list'], env: { VCD_TIMEOUT: '86400' }, exit: 2, names: 'VCD_TIMEOUT', todo: /from 0\.1 to 3600/ },
  { input: 'VCD_TIMEOUT in milliseconds by mistake (30000)', argv: ['create', '--name', 'x'], env: { VCD_TIMEOUT: '30000' }, exit: 2, names: 'VCD_TIMEOUT', todo: /seconds/ },
  { input: 'VCD_ALLOW_UNVERIFIED_SSL=maybe', argv: ['whoami'], env: { VCD_ALLOW_UNVERIFIED_SSL: 'maybe' }, exit: 2, names: 'VCD_ALLOW_UNVERIFIED_SSL', todo: /true or false/ },
  { input: 'VCD_ALLOW_UNVERIFIED_SSL=2', argv: ['list'], env: { VCD_ALLOW_UNVERIFIED_SSL: '2' }, exit: 2, names: 'VCD_ALLOW_UNVERIFIED_SSL', todo: /true or false/ },
  { input: 'VCD_CA_FILE that does not exist', argv: ['whoami'], env: (c) => ({ VCD_CA_FILE: path.join(c.home, 'ca.pem') }), exit: 8, names: 'ca.pem', todo: /PEM|--ca-file|VCD_CA_FILE/ },
  { input: 'VCD_CA_FILE holding a private key, not a certificate', argv: ['whoami'], env: (c) => ({ VCD_CA_FILE: path.join(c.home, 'key.pem') }), files: (c) => fs.writeFileSync(path.join(c.home, 'key.pem'), '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n'), exit: 8, names: 'key.pem', todo: /CERTIFICATE|PEM/ },
  { input: 'VCD_API_TOKEN with a space inside', argv: ['exchange'], env: { VCD_API_TOKEN: 'abc def', VCD_USER: undefined, VCD_PASSWORD: undefined }, exit: 2, names: 'VCD_API_TOKEN', todo: /one token|whole token|copy/ },
  { input: 'VCD_API_TOKEN of only whitespace', argv: ['exchange'], env: { VCD_API_TOKEN: '  \n ', VCD_USER: undefined, VCD_PASSWORD: undefined }, exit: 2, names: 'VCD_API_TOKEN', todo: /VCD_API_TOKEN|--token-file|--token-stdin/ },
  { input: 'no API token for exchange', argv: ['exchange'], env: { VCD_USER: undefined, VCD_PASSWORD: undefined }, exit: 2, names: /No API token/, todo: /set VCD_API_TOKEN/ },
  { input: 'VCD_API_TOKEN_FILE that does not exist', argv: ['exchange'], env: (c) => ({ VCD_API_TOKEN_FILE: path.join(c.home, 'gone.json') }), exit: 8, names: 'gone.json', todo: /create|path|exist|vcd-token/ },
  { input: 'VCD_TOKEN_DIR under a file', argv: ['bootstrap', '--config', 'env.json'], env: (c) => ({ VCD_TOKEN_DIR: path.join(c.home, 'afile', 'tokens') }), files: (c) => { writeValidConfig(c); fs.writeFileSync(path.join(c.home, 'afile'), 'x'); }, exit: 8, names: 'afile', todo: /--token-dir|VCD_TOKEN_DIR/ },
  { input: 'VCD_TOKEN_DIR inside a git work tree', argv: ['bootstrap', '--config', 'env.json'], env: (c) => ({ VCD_TOKEN_DIR: path.join(c.home, 'repo', 'tokens') }), files: (c) => { writeValidConfig(c); fs.mkdirSync(path.join(c.home, 'repo', '.git'), { recursive: true }); }, exit: 8, names: 'repo', todo: /--force|outside|another/ },
  { input: 'VCD_TOKEN_NO_CREATE with the token variable unset', argv: ['bootstrap', '--config', 'env.json', '--no-create'], env: (c) => ({ VCD_TOKEN_DIR: path.join(c.home, 'tokens'), VCD_PASSWORD: undefined }), files: writeValidConfig, exit: 2, names: /VCD_API_TOKEN_DEV_ACME/, todo: /enroll|set/ },
  { input: 'VCD_REVEAL-style reveal in CI', argv: ['create', '--name', 'x', '--reveal'], env: { CI: 'true', GITHUB_ACTIONS: 'true' }, exit: 2, names: '--reveal', todo: /--token-file|token file|drop|without/ },
];
