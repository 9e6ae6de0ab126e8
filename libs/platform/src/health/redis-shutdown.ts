import { Inject, Injectable, type OnApplicationShutdown, Optional } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REDIS_CLIENT } from './redis.provider.js';

@Injectable()
export class RedisShutdown implements OnApplicationShutdown {
  constructor(@Optional() @Inject(REDIS_CLIENT) private readonly redis?: Redis | null) {}
  onApplicationShutdown() {
    // disconnect(), not quit(): quit waits for a reply that an unreachable server never sends.
    this.redis?.disconnect();
  }
}
