// The token-minting and token-replacing operations of `vcd-token`, each as a cell of the fault matrix: what exists
// before it runs (tokens put straight into the emulator's world, token files, CI store values) and its command line.
import { randomBytes, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MINTED_TOKENS_FILE } from '../../src/bootstrap/minted-tokens';
import type { RunningEmulator } from '../../src/emulator';
import { hashSecret, newApiTokenSecret } from '../../src/emulator/secrets';
import { writeTokenFile } from '../../src/handoff';
import { SERVICE_ACCOUNT_FILE_TYPE } from '../../src/handoff/token-file';
import { writeEnvironmentsConfig } from '../bootstrap/bootstrap-fixtures';
import { connectionEnv, DEMO_PASSWORD, testEnv } from '../cli/cli-harness';
import type { GitHubApiDouble } from '../doubles/github-api-double';
import type { GitLabApiDouble } from '../doubles/gitlab-api-double';
import { storeCaBundle } from '../helpers/store-doubles';
import type { FaultOperation, MatrixServers } from './fault-matrix';

export interface SeededToken {
  readonly id: string;
  readonly name: string;
  readonly secret: string;
}

/** A live, granted API token of `user@org` named `<name>~<8 hex>`, put straight into the world (no requests). */
export function seedToken(emu: RunningEmulator, name: string, org = 'acme', user = 'automation'): SeededToken {
  const orgRecord = emu.world.findOrgByName(org);
  const owner = orgRecord && emu.world.findUser(orgRecord.id, user);
  if (!orgRecord || !owner) throw new Error(`seedToken: no user ${user}@${org}`);
  const clientId = randomUUID();
  const secret = newApiTokenSecret();
  const record = emu.world.addToken({
    id: `urn:vcloud:token:${clientId}`,
    clientId,
    name: `${name}~${randomBytes(4).toString('hex')}`,
    ownerUserId: owner.id,
    orgId: orgRecord.id,
    type: 'REFRESH',
    secretHash: hashSecret(secret),
    grantConsumed: true,
  });
  return { id: record.id, name: record.name, secret };
}

async function tokenFile(file: string, emu: RunningEmulator, token: Pick<SeededToken, 'secret' | 'id' | 'name'>): Promise<void> {
  await writeTokenFile(file, { apiToken: token.secret, tokenId: token.id, tokenName: token.name, org: 'acme', vcdUrl: `${emu.url}/api` });
}

/** The one-environment (`dev`), one-tenant (`acme`) config of bootstrap, enroll and rotate --to. */
function config(home: string): string {
  const file = path.join(home, 'environments.json');
  writeEnvironmentsConfig(file, ['acme']);
  return file;
}

const BOOTSTRAP_NAME = 'vcd-api-tokens-dev-acme';

export const createOperation: FaultOperation = {
  name: 'create',
  prepare: (home, { emu }) => ({
    argv: ['create', '--name', 'fm-create', '--token-file', path.join(home, 'create.json'), '--json'],
    env: testEnv(home, connectionEnv(emu)),
  }),
};

export const rotateTokenFileOperation: FaultOperation = {
  name: 'rotate --token-file',
  async prepare(home, { emu }) {
    const file = path.join(home, 'rotate.json');
    await tokenFile(file, emu, seedToken(emu, 'fm-rotate'));
    return { argv: ['rotate', '--token-file', file, '--json'], env: testEnv(home, connectionEnv(emu)) };
  },
};

const bootstrapArgv = (home: string, emu: RunningEmulator) => ['bootstrap', '--config', config(home), '--vcd-url', `dev=${emu.url}/api`, '--json'];

export const bootstrapCreateOperation: FaultOperation = {
  name: 'bootstrap (create: empty token dir)',
  prepare: (home, { emu }) => ({
    argv: bootstrapArgv(home, emu),
    env: testEnv(home, { VCD_CA_FILE: emu.caFile, VCD_PASSWORD: DEMO_PASSWORD, VCD_TOKEN_DIR: path.join(home, 'tokens') }),
  }),
};

export const bootstrapReplaceOperation: FaultOperation = {
  name: 'bootstrap (replace: revoked token in the file, a leftover of a crashed run)',
  async prepare(home, { emu }) {
    const tokenDir = path.join(home, 'tokens');
    // The file's token was revoked (VCD refuses it), and an earlier run died after creating another one.
    const revoked = seedToken(emu, BOOTSTRAP_NAME);
    await tokenFile(path.join(tokenDir, 'dev-acme.json'), emu, revoked);
    emu.world.revokeToken(revoked.id);
    seedToken(emu, BOOTSTRAP_NAME);
    return {
      argv: bootstrapArgv(home, emu),
      env: testEnv(home, { VCD_CA_FILE: emu.caFile, VCD_PASSWORD: DEMO_PASSWORD, VCD_TOKEN_DIR: tokenDir }),
    };
  },
};

export const bootstrapCiHeldOperation: FaultOperation = {
  name: 'bootstrap (CI-held token replaces the token it minted earlier)',
  async prepare(home, { emu }) {
    const tokenDir = path.join(home, 'tokens');
    const file = path.join(tokenDir, 'dev-acme.json');
    await tokenFile(file, emu, seedToken(emu, BOOTSTRAP_NAME));
    fs.writeFileSync(path.join(tokenDir, MINTED_TOKENS_FILE), `${file}\n`, { mode: 0o600 });
    const ciHeld = seedToken(emu, BOOTSTRAP_NAME);
    return {
      argv: bootstrapArgv(home, emu),
      env: testEnv(home, { VCD_CA_FILE: emu.caFile, VCD_TOKEN_DIR: tokenDir, VCD_API_TOKEN_DEV_ACME: ciHeld.secret }),
      // The CI variable holds it (and keeps holding it: bootstrap only copies it).
      heldElsewhere: () => [ciHeld.secret],
    };
  },
};

const storeArgv = (command: 'enroll' | 'rotate', home: string, emu: RunningEmulator) => [command, '--config', config(home), '--env', 'dev', '--tenant', 'acme', '--url', `${emu.url}/api`, '--json'];
const storeEnv = (home: string, emu: RunningEmulator, extra: Record<string, string> = {}) => testEnv(home, { VCD_CA_FILE: emu.caFile, VCD_PASSWORD_DEV_ACME: DEMO_PASSWORD, ...extra });

export const enrollFileOperation: FaultOperation = {
  name: 'enroll --to file',
  prepare: (home, { emu }) => ({
    argv: [...storeArgv('enroll', home, emu), '--to', 'file', '--token-dir', path.join(home, 'store')],
    env: storeEnv(home, emu),
  }),
};

export const rotateToFileOperation: FaultOperation = {
  name: 'rotate --to file',
  async prepare(home, { emu }) {
    const store = path.join(home, 'store');
    await tokenFile(path.join(store, 'dev-acme.json'), emu, seedToken(emu, BOOTSTRAP_NAME));
    return { argv: [...storeArgv('rotate', home, emu), '--to', 'file', '--token-dir', store], env: storeEnv(home, emu) };
  },
};

/** The store doubles' CAs, trusted as a user trusts a private CA (NODE_EXTRA_CA_CERTS). */
const caBundle = (home: string, servers: MatrixServers): string => storeCaBundle(home, Object.values(servers.stores));

/** The GitHub double of the matrix (a repository acme/infra with environment dev-acme) and a token for it. */
function github(servers: MatrixServers): { gh: GitHubApiDouble; token: string } {
  const gh = servers.stores.github as GitHubApiDouble | undefined;
  const token = servers.storeTokens?.github;
  if (!gh || !token) throw new Error('--to github cells need servers.stores.github and servers.storeTokens.github');
  return { gh, token };
}

function gitlab(servers: MatrixServers): { gl: GitLabApiDouble; token: string } {
  const gl = servers.stores.gitlab as GitLabApiDouble | undefined;
  const token = servers.storeTokens?.gitlab;
  if (!gl || !token) throw new Error('--to gitlab cells need servers.stores.gitlab and servers.storeTokens.gitlab');
  return { gl, token };
}

const defined = (values: readonly (string | undefined)[]): string[] => values.filter((v): v is string => v !== undefined);

/**
 * `command --to github` into environment secret VCD_API_TOKEN_DEV_ACME of acme/infra: for rotate the secret holds
 * the current token; for enroll there is none yet, so it is created (201), not updated.
 */
function gitHubOperation(command: 'enroll' | 'rotate'): FaultOperation {
  const secret: [string, string, string] = ['acme/infra', 'VCD_API_TOKEN_DEV_ACME', 'dev-acme'];
  return {
    name: command === 'rotate' ? 'rotate --to github' : 'enroll --to github (new secret)',
    prepare(home, servers) {
      const { emu } = servers;
      const { gh, token } = github(servers);
      if (command === 'rotate') gh.seedSecret(secret[0], secret[1], seedToken(emu, BOOTSTRAP_NAME).secret, secret[2]);
      else gh.deleteSecret(...secret);
      return {
        argv: [...storeArgv(command, home, emu), '--to', 'github', '--repo', secret[0], '--environment', secret[2]],
        env: storeEnv(home, emu, { GH_TOKEN: token, GITHUB_API_URL: gh.origin, NODE_EXTRA_CA_CERTS: caBundle(home, servers) }),
        heldElsewhere: () => defined([gh.secretValue(...secret)]),
      };
    },
  };
}

/** `command --to gitlab` into variable VCD_API_TOKEN_DEV_ACME (scope dev) of acme/infra: updated (PUT) or created (POST). */
function gitLabOperation(command: 'enroll' | 'rotate'): FaultOperation {
  const variable: [string, string, string] = ['acme/infra', 'VCD_API_TOKEN_DEV_ACME', 'dev'];
  return {
    name: command === 'rotate' ? 'rotate --to gitlab' : 'enroll --to gitlab (new variable)',
    prepare(home, servers) {
      const { emu } = servers;
      const { gl, token } = gitlab(servers);
      if (command === 'rotate') gl.seedVariable(variable[0], { key: variable[1], value: seedToken(emu, BOOTSTRAP_NAME).secret, environment_scope: variable[2], masked: true, protected: true, raw: true });
      else gl.deleteVariable(...variable);
      return {
        argv: [...storeArgv(command, home, emu), '--to', 'gitlab', '--project', variable[0], '--environment-scope', variable[2]],
        env: storeEnv(home, emu, { GITLAB_TOKEN: token, CI_API_V4_URL: `${gl.origin}/api/v4`, NODE_EXTRA_CA_CERTS: caBundle(home, servers) }),
        heldElsewhere: () => defined([gl.variable(...variable)?.value]),
      };
    },
  };
}

export const rotateToGitHubOperation = gitHubOperation('rotate');
export const rotateToGitLabOperation = gitLabOperation('rotate');
export const enrollGitHubOperation = gitHubOperation('enroll');
export const enrollGitLabOperation = gitLabOperation('enroll');

// ---- Service accounts: the device flow (register, authorize, grant) and bootstrap's rotation of their token ----

const SA_NAME = 'fm-sa';
const SA_ROLE = 'Token Automation';
const SA_SECRET: [string, string, string] = ['acme/infra', 'VCD_SA_TOKEN_DEV_ACME', 'dev-acme'];
const adminEnv = (home: string, emu: RunningEmulator, extra: Record<string, string> = {}) => testEnv(home, { ...connectionEnv(emu, { user: 'orgadmin' }), ...extra });

/**
 * A service account of acme put straight into the world: CREATED (registered, never authorized), REQUESTED (a
 * device authorization with user code `userCode` pending) or ACTIVE (with the returned current token).
 */
export function seedServiceAccount(emu: RunningEmulator, status: 'CREATED' | 'REQUESTED' | 'ACTIVE', userCode = 'BCDF-GHJK'): { id: string; secret: string } {
  const org = emu.world.findOrgByName('acme');
  const role = org && emu.world.findServiceAccountRole(org.id, SA_ROLE);
  if (!org || !role) throw new Error(`seedServiceAccount: no role ${SA_ROLE} in acme`);
  const clientId = randomUUID();
  const secret = newApiTokenSecret();
  const requested = status === 'REQUESTED';
  emu.world.addServiceAccount({
    id: `urn:vcloud:serviceAccount:${clientId}`,
    clientId,
    name: SA_NAME,
    orgId: org.id,
    roleId: role.id,
    softwareId: randomUUID(),
    softwareVersion: null,
    uri: null,
    status,
    secretHash: status === 'ACTIVE' ? hashSecret(secret) : null,
    deviceCodeHash: requested ? hashSecret(newApiTokenSecret()) : null,
    userCodeHash: requested ? hashSecret(userCode.replace(/[^A-Z0-9]/g, '')) : null,
    deviceCodeExpiresAt: requested ? emu.clock.now() + 600_000 : null,
  });
  return { id: `urn:vcloud:serviceAccount:${clientId}`, secret };
}

/**
 * An administrator who grants every device authorization the moment it is requested, in the world rather than
 * by a request (the matrix faults the operation's own requests; `grant` is an operation of its own).
 */
function autoGrant(emu: RunningEmulator): () => void {
  return emu.world.onChange((change) => {
    if (change.entity !== 'serviceAccount' || change.action !== 'update') return;
    if (emu.world.serviceAccounts.get(change.id)?.status === 'REQUESTED') emu.world.updateServiceAccount(change.id, { status: 'GRANTED' });
  });
}

export const serviceAccountCreateAuthorizeOperation: FaultOperation = {
  name: 'service-account create --authorize (register + device flow, token file)',
  prepare: (home, { emu }) => ({
    argv: ['service-account', 'create', '--name', SA_NAME, '--role', SA_ROLE, '--authorize', '--token-file', path.join(home, 'sa.json'), '--json'],
    env: adminEnv(home, emu),
    dispose: autoGrant(emu),
  }),
};

export const serviceAccountAuthorizeGitHubOperation: FaultOperation = {
  name: 'service-account authorize --to github',
  prepare(home, servers) {
    const { emu } = servers;
    const { gh, token } = github(servers);
    gh.deleteSecret(...SA_SECRET);
    seedServiceAccount(emu, 'CREATED');
    return {
      argv: ['service-account', 'authorize', '--name', SA_NAME, '--env', 'dev', '--to', 'github', '--repo', SA_SECRET[0], '--environment', SA_SECRET[2], '--json'],
      env: adminEnv(home, emu, { GH_TOKEN: token, GITHUB_API_URL: gh.origin, NODE_EXTRA_CA_CERTS: caBundle(home, servers) }),
      heldElsewhere: () => defined([gh.secretValue(...SA_SECRET)]),
      dispose: autoGrant(emu),
    };
  },
};

export const serviceAccountGrantOperation: FaultOperation = {
  name: 'service-account grant',
  prepare(home, { emu }) {
    seedServiceAccount(emu, 'REQUESTED', 'BCDF-GHJK');
    return { argv: ['service-account', 'grant', '--user-code', 'BCDF-GHJK', '--json'], env: adminEnv(home, emu) };
  },
};

/** environments.json with tenant acme deploying as service account fm-sa. */
function serviceAccountConfig(home: string): string {
  const file = path.join(home, 'environments.json');
  fs.writeFileSync(file, JSON.stringify({ environments: [{ name: 'dev', vcdUrl: 'https://vcd.invalid/api', vcdVersion: '10.5.1', tenants: [{ name: 'acme', identity: { type: 'serviceAccount', name: SA_NAME, role: SA_ROLE } }] }] }));
  return file;
}

const serviceAccountBootstrapArgv = (home: string, emu: RunningEmulator) => ['bootstrap', '--config', serviceAccountConfig(home), '--vcd-url', `dev=${emu.url}/api`, '--no-create', '--json'];

/** bootstrap rotating the account's token from VCD_SA_TOKEN_DEV_ACME, writing the next to GitHub, then the deploy's file. */
export const serviceAccountBootstrapGitHubOperation: FaultOperation = {
  name: 'bootstrap (service account: rotate, store in github, then the token file)',
  prepare(home, servers) {
    const { emu } = servers;
    const { gh, token } = github(servers);
    const { secret } = seedServiceAccount(emu, 'ACTIVE');
    gh.seedSecret(SA_SECRET[0], SA_SECRET[1], secret, SA_SECRET[2]);
    return {
      argv: [...serviceAccountBootstrapArgv(home, emu), '--to', 'github', '--repo', SA_SECRET[0], '--environment', '{env}-{tenant}'],
      env: testEnv(home, { VCD_CA_FILE: emu.caFile, VCD_TOKEN_DIR: path.join(home, 'tokens'), [SA_SECRET[1]]: secret, GH_TOKEN: token, GITHUB_API_URL: gh.origin, NODE_EXTRA_CA_CERTS: caBundle(home, servers) }),
      heldElsewhere: () => defined([gh.secretValue(...SA_SECRET)]),
    };
  },
};

/** bootstrap rotating the token in the token dir's file (an earlier run on this machine) and writing it back there. */
export const serviceAccountBootstrapFileOperation: FaultOperation = {
  name: 'bootstrap (service account: rotate the token dir\'s file in place)',
  async prepare(home, { emu }) {
    const tokenDir = path.join(home, 'tokens');
    const { id, secret } = seedServiceAccount(emu, 'ACTIVE');
    await writeTokenFile(path.join(tokenDir, 'dev-acme.json'), { apiToken: secret, tokenType: SERVICE_ACCOUNT_FILE_TYPE, tokenId: id, tokenName: SA_NAME, org: 'acme', vcdUrl: `${emu.url}/api` });
    return { argv: serviceAccountBootstrapArgv(home, emu), env: testEnv(home, { VCD_CA_FILE: emu.caFile, VCD_TOKEN_DIR: tokenDir }) };
  },
};
