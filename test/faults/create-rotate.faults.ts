// Fault matrix: `vcd-token create` and `vcd-token rotate --token-file` (see ./fault-matrix for the invariant).
import { faultMatrixSuite } from './matrix-suite';
import { createOperation, rotateTokenFileOperation } from './operations';

faultMatrixSuite([createOperation, rotateTokenFileOperation]);
