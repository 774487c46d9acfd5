// Bad inputs of the pipeline commands (enroll, rotate --to, bootstrap's CI-held tokens): store flags, store
// credentials, tenants, and the per-tenant token variables. All refused before any token is minted.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BadInputRow } from './bad-input-row';
import { writeValidConfig } from './flag-rows';

const ENROLL = ['enroll', '--config', 'env.json', '--env', 'dev'];
const BOOTSTRAP = ['bootstrap', '--config', 'env.json'];
const tokenDir = (c: { home: string }) => ({ VCD_TOKEN_DIR: path.join(c.home, 'tokens') });

export const PIPELINE_ROWS: readonly BadInputRow[] = [
  { input: 'enroll --tenant the environment lacks', argv: [...ENROLL, '--tenant', 'nosuch'], files: writeValidConfig, exit: 2, names: 'nosuch', todo: /acme/ },
  { input: 'enroll --env the config lacks', argv: ['enroll', '--config', 'env.json', '--env', 'prod'], files: writeValidConfig, exit: 2, names: 'prod', todo: /defines dev/ },
  { input: 'enroll --to file with a GitHub flag', argv: [...ENROLL, '--to', 'file', '--repo', 'acme/infra'], files: writeValidConfig, exit: 2, names: '--repo', todo: /does not apply to --to file/ },
  { input: 'enroll --to github without a GitHub token', argv: [...ENROLL, '--to', 'github', '--repo', 'acme/infra'], env: { GH_TOKEN: undefined, GITHUB_TOKEN: undefined }, files: writeValidConfig, exit: 2, names: /GH_TOKEN|GITHUB_TOKEN/, todo: /set|secrets/i },
  { input: 'enroll --to github --repo without an owner', argv: [...ENROLL, '--to', 'github', '--repo', 'infra'], env: { GH_TOKEN: 'ghp_placeholder_not_used' }, files: writeValidConfig, exit: 2, names: '--repo', todo: /owner\/name/ },
  { input: 'enroll --to gitlab without --project', argv: [...ENROLL, '--to', 'gitlab'], env: { CI_PROJECT_ID: undefined, GITLAB_TOKEN: 'glpat-placeholder' }, files: writeValidConfig, exit: 2, names: '--project', todo: /--project <id\|group\/project>/ },
  { input: 'enroll --to gitlab --gitlab-url over http', argv: [...ENROLL, '--to', 'gitlab', '--project', 'acme/infra', '--gitlab-url', 'http://gitlab.example.com'], env: { GITLAB_TOKEN: 'glpat-placeholder' }, files: writeValidConfig, exit: 2, names: '--gitlab-url', todo: /https/ },
  { input: 'enroll --token-stdin and --password-stdin together', argv: [...ENROLL, '--tenant', 'acme', '--token-stdin', '--password-stdin'], files: writeValidConfig, exit: 2, names: /--token-stdin and --password-stdin/, todo: /cannot both read stdin/ },
  { input: 'bootstrap --tenant the config lacks', argv: [...BOOTSTRAP, '--tenant', 'nosuch'], env: tokenDir, files: writeValidConfig, exit: 2, names: 'nosuch', todo: /acme/ },
  { input: 'a CI-held token with a space inside', argv: BOOTSTRAP, env: (c) => ({ ...tokenDir(c), VCD_API_TOKEN_DEV_ACME: 'abc def', VCD_PASSWORD: undefined }), files: writeValidConfig, exit: 8, names: 'VCD_API_TOKEN_DEV_ACME', todo: /paste the token as one line/ },
  { input: 'a CI-held token file that does not exist', argv: BOOTSTRAP, env: (c) => ({ ...tokenDir(c), VCD_API_TOKEN_FILE_DEV_ACME: path.join(c.home, 'ci-token.json'), VCD_PASSWORD: undefined }), files: writeValidConfig, exit: 8, names: /ci-token\.json|VCD_API_TOKEN_FILE_DEV_ACME/, todo: /path|exist|create|enroll/i },
  { input: 'a CI-held token file readable by others', argv: BOOTSTRAP, env: (c) => ({ ...tokenDir(c), VCD_API_TOKEN_FILE_DEV_ACME: path.join(c.home, 'ci-token.json'), VCD_PASSWORD: undefined }), files: (c) => { writeValidConfig(c); fs.writeFileSync(path.join(c.home, 'ci-token.json'), '{"refresh_token":"AbCdEf0123456789"}', { mode: 0o644 }); }, exit: 8, names: 'ci-token.json', todo: /chmod 600/ },
  { input: 'both VCD_API_TOKEN_DEV_ACME and its _FILE variable', argv: BOOTSTRAP, env: (c) => ({ ...tokenDir(c), VCD_API_TOKEN_DEV_ACME: 'AbCdEf0123456789', VCD_API_TOKEN_FILE_DEV_ACME: path.join(c.home, 'x.json'), VCD_PASSWORD: undefined }), files: writeValidConfig, exit: 2, names: /VCD_API_TOKEN_DEV_ACME[^]*VCD_API_TOKEN_FILE_DEV_ACME|VCD_API_TOKEN_FILE_DEV_ACME[^]*VCD_API_TOKEN_DEV_ACME/, todo: /one of|either|unset|only/i },
  { input: 'VCD_TOKEN_NO_CREATE=maybe', argv: BOOTSTRAP, env: (c) => ({ ...tokenDir(c), VCD_TOKEN_NO_CREATE: 'maybe' }), files: writeValidConfig, exit: 2, names: 'VCD_TOKEN_NO_CREATE', todo: /true or false/ },
  // "on" is a true word (as for VCD_ALLOW_UNVERIFIED_SSL): with the password at hand, nothing may be minted.
  { input: 'VCD_TOKEN_NO_CREATE=on with a password and no CI-held token', argv: BOOTSTRAP, env: (c) => ({ ...tokenDir(c), VCD_TOKEN_NO_CREATE: 'on' }), files: writeValidConfig, exit: 2, names: 'VCD_API_TOKEN_DEV_ACME', todo: /enroll/ },
];
