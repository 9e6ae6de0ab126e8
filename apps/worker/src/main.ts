import 'reflect-metadata';
import { Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { ConfigError, loadConfig } from '#platform';
import { WorkerModule } from './worker.module.js';

async function main() {
  const config = loadConfig();
  if (!config.REDIS_URL) {
    new NestLogger('Worker').log('REDIS_URL is not set: jobs run inside the API process, and no separate worker is needed.');
    return;
  }
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  app.get(Logger).log('Commonweal worker ready');
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
