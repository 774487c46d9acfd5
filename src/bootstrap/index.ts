// Public exports of src/bootstrap: tokens for every environment and tenant before synth, and rotation.
export * from './token-api';
export * from './client-factory';
export * from './token-dir';
export * from './password-source';
export * from './preflight';
export * from './bootstrap-error';
export * from './bootstrap-environments';
export * from './rotate-token';
export * from './abandoned-token';
export * from './service-account-target';
