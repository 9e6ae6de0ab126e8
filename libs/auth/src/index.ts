
export * from './access/current-principal.decorator.js';
export * from './auth.module.js';
export * from './authorities/authority-admin.js';
export * from './entities/index.js';
export * from './tokens/opaque-token.js';
export * from './access/web-session.strategy.js';
export * from './login/auth.service.js';
export * from './login/login-throttle.guard.js';
export * from './tokens/secrets.js';
export { AccessTokenService } from './tokens/access-token.service.js';
