// Fault matrix: `vcd-token enroll --to file|github|gitlab` (the first enrollment: the secret or variable is
// created), with faults on the VCD requests and on the GitHub/GitLab API requests (HTTPS doubles), see ./fault-matrix.
import { faultMatrixSuite } from './matrix-suite';
import { enrollFileOperation, enrollGitHubOperation, enrollGitLabOperation } from './operations';
import { startStoreDoubles } from './store-doubles';

faultMatrixSuite([enrollFileOperation, enrollGitHubOperation, enrollGitLabOperation], { stores: startStoreDoubles });
