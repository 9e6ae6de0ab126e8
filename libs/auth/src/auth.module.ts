import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { APP_CONFIG, type AppConfig } from '#platform';
import { AccessGuard } from './access/access.guard.js';
import { ApiKeyStrategy } from './access/api-key.strategy.js';
import { JwtStrategy } from './access/jwt.strategy.js';
import { WebSessionStrategy } from './access/web-session.strategy.js';
import { ApiKeysController } from './api-keys/api-keys.controller.js';
import { ApiKeys } from './api-keys/api-keys.service.js';
import { AuthoritiesController } from './authorities/authorities.controller.js';
import { AuthController } from './login/auth.controller.js';
import { AuthService } from './login/auth.service.js';
import { LoginThrottleGuard } from './login/login-throttle.guard.js';
import { UnknownAccountFailures } from './login/unknown-account-failures.js';
import { AccessTokenService, TOKEN_AUDIENCE, TOKEN_ISSUER } from './tokens/access-token.service.js';
import { SecretSealer } from './tokens/sealed-secret.js';
import { jwtSecret, secretsKey } from './tokens/secrets.js';

@Module({
  imports: [
    PassportModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        secret: jwtSecret(config),
        signOptions: { algorithm: 'HS256', issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE },
      }),
    }),
  ],
  controllers: [AuthController, AuthoritiesController, ApiKeysController],
  providers: [
    ApiKeys,
    AuthService,
    AccessTokenService,
    JwtStrategy,
    ApiKeyStrategy,
    WebSessionStrategy,
    LoginThrottleGuard,
    UnknownAccountFailures,
    { provide: SecretSealer, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new SecretSealer(secretsKey(config)) },
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [ApiKeys, AuthService, AccessTokenService, LoginThrottleGuard, WebSessionStrategy, SecretSealer],
})
export class AuthModule {}
