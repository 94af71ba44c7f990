export * from './package.js';
export * from './api.js';
export * from './errors.js';
export * from './judging.js';
export * from './results.js';
export * from './registration.js';
export * from './text.js';
export * from './format.js';
