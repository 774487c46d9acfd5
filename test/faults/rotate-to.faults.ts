// Fault matrix: `vcd-token rotate --env … --to file|github|gitlab` (the store holds the current token), with faults
// on the VCD requests and on the GitHub/GitLab API requests (HTTPS doubles), see ./fault-matrix.
import { faultMatrixSuite } from './matrix-suite';
import { rotateToFileOperation, rotateToGitHubOperation, rotateToGitLabOperation } from './operations';
import { startStoreDoubles } from './store-doubles';

faultMatrixSuite([rotateToFileOperation, rotateToGitHubOperation, rotateToGitLabOperation], { stores: startStoreDoubles });
