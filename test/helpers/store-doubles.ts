// The GitHub and GitLab API doubles a test writes CI secrets to: repository acme/infra with the given GitHub
// environments, GitLab project acme/infra, a store token for each, and the environment a command needs to reach
// them (tokens, API URLs, the doubles' CAs trusted as a user trusts a private CA).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type GitHubApiDouble, startGitHubApiDouble } from '../doubles/github-api-double';
import { type GitLabApiDouble, startGitLabApiDouble } from '../doubles/gitlab-api-double';

export interface StoreDoubles {
  readonly gh: GitHubApiDouble;
  readonly gl: GitLabApiDouble;
  /** The token the GitHub double accepts for acme/infra (a secret: keep it out of every output). */
  readonly ghToken: string;
  /** The token the GitLab double accepts for acme/infra (a secret). */
  readonly glToken: string;
}

export async function startStoreDoubles(githubEnvironments: readonly string[]): Promise<StoreDoubles> {
  const gh = await startGitHubApiDouble();
  gh.addRepository('acme/infra', [...githubEnvironments]);
  const gl = await startGitLabApiDouble();
  gl.addProject('acme/infra');
  return { gh, gl, ghToken: gh.issueToken({ repositories: ['acme/infra'] }), glToken: gl.issueToken({ projects: ['acme/infra'] }) };
}

/** PEM bundle of the doubles' CAs written in `dir`, for NODE_EXTRA_CA_CERTS. */
export function storeCaBundle(dir: string, doubles: readonly { readonly caPem: string }[]): string {
  const file = path.join(dir, 'store-ca.pem');
  fs.writeFileSync(file, doubles.map((d) => d.caPem).join('\n'));
  return file;
}

export interface StoreDoublesFixture extends StoreDoubles {
  /** GH_TOKEN, GITHUB_API_URL, GITLAB_TOKEN, CI_API_V4_URL and NODE_EXTRA_CA_CERTS (a CA bundle written in `dir`). */
  access(dir: string): Record<string, string>;
  /** Both store tokens, by name, for expectNoSecrets. */
  secrets(): { readonly ghToken: string; readonly glToken: string };
}

/** Starts the doubles before the file's tests, clears their faults before each, closes them after. */
export function useStoreDoubles(githubEnvironments: readonly string[]): StoreDoublesFixture {
  let doubles: StoreDoubles | undefined;
  const started = (): StoreDoubles => {
    if (!doubles) throw new Error('useStoreDoubles: the doubles start in beforeAll; use them inside tests');
    return doubles;
  };
  beforeAll(async () => {
    doubles = await startStoreDoubles(githubEnvironments);
  });
  afterAll(async () => {
    await doubles?.gh.close();
    await doubles?.gl.close();
  });
  beforeEach(() => {
    doubles?.gh.clearFaults();
    doubles?.gl.clearFaults();
  });
  return {
    get gh() {
      return started().gh;
    },
    get gl() {
      return started().gl;
    },
    get ghToken() {
      return started().ghToken;
    },
    get glToken() {
      return started().glToken;
    },
    access(dir) {
      const { gh, gl, ghToken, glToken } = started();
      return { GH_TOKEN: ghToken, GITHUB_API_URL: gh.origin, GITLAB_TOKEN: glToken, CI_API_V4_URL: `${gl.origin}/api/v4`, NODE_EXTRA_CA_CERTS: storeCaBundle(dir, [gh, gl]) };
    },
    secrets() {
      const { ghToken, glToken } = started();
      return { ghToken, glToken };
    },
  };
}
