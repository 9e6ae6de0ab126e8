export * from './configure-web.js';
export * from './web.module.js';
export * from './rendering/navigation.js';
export * from './security/csrf.js';
