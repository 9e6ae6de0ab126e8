import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { Tracing } from './tracing.js';
import { type ProcessRole, tracingOptions } from './tracing-options.js';

/** Makes the process's Tracing injectable everywhere (the database's transaction runner among the first). */
@Global()
@Module({})
export class TracingModule {
  static forRoot(config: AppConfig, role: ProcessRole): DynamicModule {
    return { module: TracingModule, providers: [{ provide: Tracing, useFactory: () => new Tracing(tracingOptions(config, role)) }], exports: [Tracing] };
  }
}
