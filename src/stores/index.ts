// Public exports of src/stores: one interface for the places a pipeline credential is kept (a file, a GitHub
// Actions secret, a GitLab CI/CD variable), each write confirmed before the caller acts on the old credential.
export * from './secret-store';
export * from './store-error';
export * from './file-store';
export * from './github-secret-store';
export * from './gitlab-variable-store';
