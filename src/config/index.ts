export * from './environments-config';
