// The toolkit's one error model: a branded base class and the closed union of every error code.
export { VcdApiTokensError, isVcdApiTokensError, type VcdApiTokensErrorOptions } from './vcd-api-tokens-error';
export type { ErrorCode } from './error-code';
