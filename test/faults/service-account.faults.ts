// Fault matrix: the service-account operations that mint or hand over a credential: create --authorize (register
// and the device flow into a token file), authorize --to github, grant, and bootstrap rotating the account's
// token into GitHub or its token file (see ./fault-matrix).
import { faultMatrixSuite } from './matrix-suite';
import {
  serviceAccountAuthorizeGitHubOperation,
  serviceAccountBootstrapFileOperation,
  serviceAccountBootstrapGitHubOperation,
  serviceAccountCreateAuthorizeOperation,
  serviceAccountGrantOperation,
} from './operations';
import { startStoreDoubles } from './store-doubles';

faultMatrixSuite(
  [serviceAccountCreateAuthorizeOperation, serviceAccountAuthorizeGitHubOperation, serviceAccountGrantOperation, serviceAccountBootstrapGitHubOperation, serviceAccountBootstrapFileOperation],
  { stores: startStoreDoubles },
);
