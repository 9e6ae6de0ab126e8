import { type DynamicModule, Global, type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { DOCUMENT_STORAGE } from './storage/document-storage.js';
import { documentStorage, incomingFiles, IncomingFilesSweep, StorageShutdown } from './storage/storage-choice.js';
import { IncomingFiles } from './storage/incoming-files.js';
import { DocumentUpload } from './storage/document-upload.guard.js';
import { ClamdScanner, MALWARE_SCANNER } from './storage/malware-scanner.js';
import { UploadScreening } from './storage/upload-screening.service.js';
import { DocumentDownloads } from './storage/document-downloads.service.js';
import { StoredDocumentScans } from './storage/stored-document-scans.service.js';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { ClsModule } from 'nestjs-cls';
import { AuditLog } from './audit/audit-log.service.js';
import { APP_CONFIG, type AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule, type DatabaseModuleOptions } from './database/database.module.js';
import { ProblemFilter } from './errors/problem.filter.js';
import { strictValidationPipe } from './errors/validation-pipe.js';
import { HealthController } from './health/health.controller.js';
import { redisProvider, REDIS_CLIENT } from './health/redis.provider.js';
import { RedisShutdown } from './health/redis-shutdown.js';
import { LoggingModule, requestIdOf } from './logging/logging.module.js';
import { RequestDb } from './tenancy/request-db.service.js';
import { ContextRunner } from './tenancy/context-runner.service.js';
import { TransactionInterceptor } from './tenancy/transaction.interceptor.js';
import { InputTextGuard } from './http/input-text.guard.js';
import { HttpMetricsMiddleware } from './metrics/http-metrics.middleware.js';
import { MetricsController } from './metrics/metrics.controller.js';
import { Metrics } from './metrics/metrics.service.js';
import { RequestSpanMiddleware } from './tracing/request-span.middleware.js';
import { TracingModule } from './tracing/tracing.module.js';
import { Tracing } from './tracing/tracing.js';
import type { ProcessRole } from './tracing/tracing-options.js';

/**
 * Config, logging, request context, database with tenancy, errors, health, metrics.
 * Imported once by each deployable with its validated configuration.
 */
@Global()
@Module({})
export class PlatformModule implements NestModule {
  constructor(private readonly tracing: Tracing) {}

  configure(consumer: MiddlewareConsumer): void {
    // The request's span first, so everything after it runs inside its trace; without tracing, no middleware at all.
    const spans = this.tracing.enabled ? [RequestSpanMiddleware] : [];
    consumer.apply(...spans, HttpMetricsMiddleware).forRoutes('*');
  }

  static forRoot(config: AppConfig, database: DatabaseModuleOptions, role: ProcessRole = 'api'): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        ConfigModule.forRoot(config),
        TracingModule.forRoot(config, role),
        ClsModule.forRoot({
          global: true,
          // No proxy providers and no plugins here: resolving them costs a dynamic import() on every request.
          middleware: { mount: true, generateId: true, idGenerator: (req) => requestIdOf(req), resolveProxyProviders: false, initializePlugins: false },
        }),
        LoggingModule,
        DatabaseModule.forRoot(database),
        TerminusModule.forRoot({ logger: false }),
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        Metrics,
        RequestDb,
        ContextRunner,
        AuditLog,
        { provide: DOCUMENT_STORAGE, inject: [APP_CONFIG, Tracing], useFactory: documentStorage },
        StorageShutdown,
        { provide: IncomingFiles, inject: [APP_CONFIG], useFactory: incomingFiles },
        IncomingFilesSweep,
        {
          provide: MALWARE_SCANNER,
          inject: [APP_CONFIG],
          useFactory: (c: AppConfig) => (c.CLAMD_URL ? new ClamdScanner(c.CLAMD_URL, c.CLAMD_TIMEOUT_MS) : null),
        },
        UploadScreening,
        StoredDocumentScans,
        DocumentDownloads,
        DocumentUpload,
        redisProvider,
        RedisShutdown,
        { provide: APP_FILTER, useClass: ProblemFilter },
        // First of the guards (this module is imported before auth's and web's): nothing reads a body it refuses.
        { provide: APP_GUARD, useClass: InputTextGuard },
        { provide: APP_PIPE, useFactory: strictValidationPipe },
        { provide: APP_INTERCEPTOR, useClass: TransactionInterceptor },
      ],
      exports: [
        RequestDb,
        ContextRunner,
        AuditLog,
        REDIS_CLIENT,
        DOCUMENT_STORAGE,
        MALWARE_SCANNER,
        UploadScreening,
        StoredDocumentScans,
        DocumentDownloads,
        DocumentUpload,
        IncomingFiles,
        Metrics,
      ],
    };
  }
}
