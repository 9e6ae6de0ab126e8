import { Injectable, Logger } from '@nestjs/common';
import { SpanKind } from '@opentelemetry/api';
import { ContextRunner, Tracing } from '#platform';
import { OutboxMessage } from '../outbox/outbox-message.entity.js';
import type { AttemptInfo, QueuedJob } from '../queue/queue-driver.js';
import { JobRegistry } from './job-registry.js';

const ERROR_TEXT_LIMIT = 2000;

/**
 * Carries out one job. An outbox job re-enters its owner's context (an
 * authority's, or a provider's for the provider's own messages), locks
 * its message row and does nothing if the row is already done: a job delivered
 * twice (a redispatch, a worker killed after its commit) has the effect of one.
 * The handler's work and the `done` mark commit together.
 */
@Injectable()
export class JobRunner {
  private readonly logger = new Logger('Jobs');

  constructor(
    private readonly registry: JobRegistry,
    private readonly runner: ContextRunner,
    private readonly tracing: Tracing,
  ) {}

  /**
   * A span for the job, in the trace of the request that wrote its message when that was traced (a scheduled job
   * starts a trace of its own); its transaction and statements are spans under it.
   */
  run(job: QueuedJob, attempt: AttemptInfo): Promise<void> {
    const attributes = {
      'messaging.operation.type': 'process',
      'messaging.destination.name': job.name,
      'messaging.message.id': job.id,
      'commonweal.job.attempt': attempt.attempt,
    };
    return this.tracing.span(`process ${job.name}`, { kind: SpanKind.CONSUMER, root: true, traceparent: job.data.traceparent, attributes }, () =>
      this.carryOut(job, attempt),
    );
  }

  private async carryOut(job: QueuedJob, attempt: AttemptInfo): Promise<void> {
    const { outboxId, tenantId, providerId } = job.data;
    if (!outboxId) return this.runScheduled(job);
    if (!tenantId && !providerId) throw new Error(`outbox job ${job.id} carries no authority or provider`);
    // Exactly one owner's context: a message is visible to its authority or its provider, never both.
    const owner = tenantId ? { tenantId } : { providerId };
    try {
      await this.runner.run(owner, async (em) => {
        const message = await em
          .getRepository(OutboxMessage)
          .createQueryBuilder('m')
          .setLock('pessimistic_write')
          .where('m.id = :id', { id: outboxId })
          .getOne();
        // Gone from this authority's view, finished, or given up on: nothing to do.
        if (!message || message.status === 'done' || message.status === 'failed') return;
        const handler = this.registry.handler(message.topic);
        if (!handler) throw new Error(`no handler for outbox topic ${message.topic}`);
        await handler(message.payload, { em, ...owner, outboxId, attempt: attempt.attempt });
        await em.update(OutboxMessage, { id: outboxId }, {
          status: 'done',
          completedAt: () => 'clock_timestamp()',
          attempts: () => 'attempts + 1',
          lastError: null,
        } as never);
      });
    } catch (err) {
      await this.recordFailure(owner, outboxId, err, attempt);
      throw err;
    }
  }

  private async runScheduled(job: QueuedJob) {
    const scheduled = this.registry.scheduledJob(job.name);
    if (!scheduled) throw new Error(`no scheduled job named ${job.name}`);
    await scheduled.run();
  }

  private async recordFailure(owner: { tenantId?: string; providerId?: string }, outboxId: string, err: unknown, attempt: AttemptInfo) {
    const text = (err instanceof Error ? err.message : String(err)).slice(0, ERROR_TEXT_LIMIT);
    this.logger.warn(`Outbox message ${outboxId} failed (attempt ${attempt.attempt}${attempt.final ? ', final' : ''}): ${text}`);
    await this.runner
      .run(owner, (em) =>
        em.query(
          `UPDATE outbox_messages SET attempts = attempts + 1, last_error = $2,
             status = CASE WHEN $3 THEN 'failed' ELSE status END,
             failed_at = CASE WHEN $3 THEN clock_timestamp() ELSE failed_at END
           WHERE id = $1 AND status <> 'done'`,
          [outboxId, text, attempt.final],
        ),
      )
      .catch((e) => this.logger.error(`Could not record the failure of ${outboxId}: ${e}`));
  }
}
