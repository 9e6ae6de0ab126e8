import { type DynamicModule, Global, Module } from '@nestjs/common';
import { FailedJobsController } from './failed/failed-jobs.controller.js';
import { FailedJobs } from './failed/failed-jobs.service.js';
import { Publication } from './outbox/publication.js';
import { Outbox } from './outbox/outbox.service.js';
import { OutboxMetrics } from './outbox/outbox-metrics.js';
import { ProviderEvents } from './provider-events/provider-events.service.js';
import { JobRegistry } from './runtime/job-registry.js';
import { JobRunner } from './runtime/job-runner.js';
import { JOBS_OPTIONS, type JobsOptions, JobsRuntime } from './runtime/jobs-runtime.js';
import { IdempotencyExpiryJob } from './schedules/idempotency-expiry.job.js';
import { StoredDocumentScanJob } from './schedules/stored-document-scan.job.js';

/** The outbox (for everyone who causes side effects) and, where jobs run, the runtime. */
@Global()
@Module({})
export class JobsModule {
  static forRoot(options: JobsOptions): DynamicModule {
    return {
      module: JobsModule,
      controllers: [FailedJobsController],
      providers: [
        { provide: JOBS_OPTIONS, useValue: options },
        Outbox,
        JobRegistry,
        JobRunner,
        JobsRuntime,
        FailedJobs,
        ProviderEvents,
        IdempotencyExpiryJob,
        StoredDocumentScanJob,
        Publication,
        OutboxMetrics,
      ],
      exports: [Outbox, JobRegistry, JobsRuntime, FailedJobs, ProviderEvents, IdempotencyExpiryJob, StoredDocumentScanJob, Publication],
    };
  }
}
