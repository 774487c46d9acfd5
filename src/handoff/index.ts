// Public exports of src/handoff: getting tokens from the bootstrap to Terraform and CI without leaking them.
export * from './handoff-error';
export * from './secret-value';
export { writeFileAtomic, type AtomicWriteOptions } from './atomic-write';
export * from './file-location';
export * from './token-file';
export * from './rotated-token';
export * from './env-file';
export * from './ci-environment';
export * from './github-actions';
export * from './neutralize';
export * from './secret-input';
export * from './rotation-lock';
