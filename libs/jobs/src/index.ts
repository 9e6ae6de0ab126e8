import { OutboxMessage } from './outbox/outbox-message.entity.js';

export * from './jobs.module.js';
export * from './failed/failed-jobs.service.js';
export * from './outbox/outbox-message.entity.js';
export * from './outbox/outbox.service.js';
export * from './outbox/outbox-relay.js';
export * from './queue/queue-driver.js';
export * from './queue/bullmq-driver.js';
export * from './queue/in-process-driver.js';
export * from './runtime/job-registry.js';
export * from './runtime/job-runner.js';
export * from './runtime/jobs-runtime.js';
export const JOBS_ENTITIES = [OutboxMessage];
export { ProviderEvents } from './provider-events/provider-events.service.js';
export type { ProviderEvent } from './provider-events/provider-events.service.js';
export { forEachAuthorityDue } from './schedules/each-authority.js';
export { IDEMPOTENCY_KEPT_DAYS, IdempotencyExpiryJob } from './schedules/idempotency-expiry.job.js';
export { Publication, PUBLISH_PROCESS } from './outbox/publication.js';
