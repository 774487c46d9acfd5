// Fault matrix: `vcd-token enroll` and `rotate --env … --to file|github|gitlab`, with faults on the VCD requests
// and on the GitHub/GitLab API requests (HTTPS doubles), see ./fault-matrix.
import { startGitHubApiDouble } from '../doubles/github-api-double';
import { startGitLabApiDouble } from '../doubles/gitlab-api-double';
import { faultMatrixSuite } from './matrix-suite';
import { enrollFileOperation, rotateToFileOperation, rotateToGitHubOperation, rotateToGitLabOperation } from './operations';

faultMatrixSuite([enrollFileOperation, rotateToFileOperation, rotateToGitHubOperation, rotateToGitLabOperation], {
  async stores() {
    const github = await startGitHubApiDouble();
    github.addRepository('acme/infra', ['dev-acme']);
    const gitlab = await startGitLabApiDouble();
    gitlab.addProject('acme/infra');
    return {
      stores: { github, gitlab },
      tokens: { github: github.issueToken({ repositories: ['acme/infra'] }), gitlab: gitlab.issueToken({ projects: ['acme/infra'] }) },
    };
  },
});
