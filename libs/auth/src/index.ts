
export * from './access/current-principal.decorator.js';
export * from './auth.module.js';
export * from './authorities/authority-admin.js';
export * from './entities/index.js';
export * from './tokens/opaque-token.js';
