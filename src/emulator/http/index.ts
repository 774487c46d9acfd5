// Route API shared by every emulator route module (sessions, oauth, tokens, rbac).
export * from './http-response';
export * from './http-error';
export * from './route-context';
export * from './router';
export * from './guards';
export * from './paging';
export * from './fiql';
