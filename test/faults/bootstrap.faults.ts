// Fault matrix: `vcd-token bootstrap` minting into an empty token dir, replacing a revoked token (and a crashed
// run's leftover), and replacing a token it minted earlier with a CI-held one (see ./fault-matrix).
import { faultMatrixSuite } from './matrix-suite';
import { bootstrapCiHeldOperation, bootstrapCreateOperation, bootstrapReplaceOperation } from './operations';

faultMatrixSuite([bootstrapCreateOperation, bootstrapReplaceOperation, bootstrapCiHeldOperation]);
