// Public exports of src/bootstrap: tokens for every environment and tenant before synth, and rotation.
export * from './token-api';
export * from './client-factory';
export * from './token-dir';
export * from './password-source';
export * from './target-variables';
export * from './preflight';
export * from './bootstrap-error';
export * from './bootstrap-target';
export * from './token-source';
export * from './minted-tokens';
export * from './replaced-tokens';
export * from './ci-held-token';
export * from './stored-token';
export * from './minted-token';
export * from './bootstrap-environments';
export * from './rotate-token';
export * from './abandoned-token';
