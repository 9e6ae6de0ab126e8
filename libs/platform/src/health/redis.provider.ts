import { Logger, type Provider } from '@nestjs/common';
import { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';

export const REDIS_CLIENT = Symbol('REDIS_CLIENT');

/** A shared Redis connection when REDIS_URL is set; null in embedded mode. */
export const redisProvider: Provider = {
  provide: REDIS_CLIENT,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) => {
    if (!config.REDIS_URL) return null;
    const client = new Redis(config.REDIS_URL, { lazyConnect: false, maxRetriesPerRequest: 1, enableOfflineQueue: false });
    // Redis away is reported where it matters (/health, the shared limiter falls back to memory),
    // once per outage here, and never as an unhandled 'error' event.
    let down = false;
    client.on('error', (err) => {
      if (!down) new Logger('Redis').warn(`Redis unreachable: ${err.message}`);
      down = true;
    });
    client.on('ready', () => {
      if (down) new Logger('Redis').log('Redis reachable again');
      down = false;
    });
    return client;
  },
};
