import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface OutboxJobContext {
  /** The job's transaction, in the message's owner's context (authority or provider): RLS applies. */
  readonly em: EntityManager;
  /** The authority the message belongs to; absent for a provider's own message. */
  readonly tenantId?: string;
  readonly providerId?: string;
  readonly outboxId: string;
  readonly attempt: number;
}

/** The authority of a job that only makes sense inside one (fails closed on a provider's message). */
export function authorityOf(ctx: OutboxJobContext): string {
  if (!ctx.tenantId) throw new Error(`outbox message ${ctx.outboxId} belongs to no authority`);
  return ctx.tenantId;
}

export type OutboxHandler = (payload: Record<string, unknown>, ctx: OutboxJobContext) => Promise<void>;

export interface ScheduledJob {
  readonly name: string;
  /** Five-field cron pattern, read in Europe/London (so 08:00 stays 08:00 across clock changes). */
  readonly cron: string;
  readonly run: () => Promise<void>;
}

export const SCHEDULE_TIMEZONE = 'Europe/London';

/**
 * Who handles what. Feature modules register their handlers when they start;
 * the runtime (API in embedded mode, worker otherwise) looks them up by topic.
 */
@Injectable()
export class JobRegistry {
  private readonly handlers = new Map<string, OutboxHandler>();
  private readonly scheduled = new Map<string, ScheduledJob>();

  onOutbox(topic: string, handler: OutboxHandler): void {
    if (this.handlers.has(topic)) throw new Error(`two handlers for outbox topic ${topic}`);
    this.handlers.set(topic, handler);
  }

  onSchedule(job: ScheduledJob): void {
    if (this.scheduled.has(job.name)) throw new Error(`two scheduled jobs named ${job.name}`);
    this.scheduled.set(job.name, job);
  }

  handler(topic: string): OutboxHandler | undefined {
    return this.handlers.get(topic);
  }

  scheduledJob(name: string): ScheduledJob | undefined {
    return this.scheduled.get(name);
  }

  schedules(): ScheduledJob[] {
    return [...this.scheduled.values()];
  }
}
