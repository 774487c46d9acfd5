export * from './environments-config';
export * from './config-error';
export { loadEnvironmentsConfig, parseEnvironmentsConfig } from './load-environments-config';
