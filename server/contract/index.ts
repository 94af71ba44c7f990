export * from './package.js';
export * from './api.js';
export * from './errors.js';
