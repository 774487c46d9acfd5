// The GitHub and GitLab API doubles of the store matrices: repository acme/infra with environment dev-acme, project
// acme/infra, and a token for each.
import type { RunningDouble } from '../doubles/https-double';
import { startGitHubApiDouble } from '../doubles/github-api-double';
import { startGitLabApiDouble } from '../doubles/gitlab-api-double';

export async function startStoreDoubles(): Promise<{ stores: Record<string, RunningDouble>; tokens: Record<string, string> }> {
  const github = await startGitHubApiDouble();
  github.addRepository('acme/infra', ['dev-acme']);
  const gitlab = await startGitLabApiDouble();
  gitlab.addProject('acme/infra');
  return {
    stores: { github, gitlab },
    tokens: { github: github.issueToken({ repositories: ['acme/infra'] }), gitlab: gitlab.issueToken({ projects: ['acme/infra'] }) },
  };
}
