import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { type AppConfig, configureHttp } from '#platform';
import { configureWeb } from '#web';
import { AppModule } from './app.module.js';

/** The API exactly as it serves, for main.ts and for the tests. */
export async function createApp(config: AppConfig): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(config), { bufferLogs: true, bodyParser: false, abortOnError: false });
  app.useLogger(app.get(Logger));
  configureHttp(app, config);
  configureWeb(app);
  await app.init();
  return app;
}
