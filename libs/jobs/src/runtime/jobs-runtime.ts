import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, ContextRunner } from '#platform';
import { OutboxRelay } from '../outbox/outbox-relay.js';
import { InProcessDriver } from '../queue/in-process-driver.js';
import type { QueueDriver } from '../queue/queue-driver.js';
import { JobRegistry, SCHEDULE_TIMEZONE } from './job-registry.js';
import { JobRunner } from './job-runner.js';

export const JOBS_OPTIONS = Symbol('JOBS_OPTIONS');

export interface JobsOptions {
  /** Process jobs in this process: the worker always; the API only when there is no Redis. */
  runtime: boolean;
}

/**
 * Starts the queue driver, the outbox relay and the schedules once every
 * feature module has registered its handlers, and stops them on shutdown.
 */
@Injectable()
export class JobsRuntime implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  private driver?: QueueDriver;
  private relay?: OutboxRelay;
  /** The start-up runs of the scheduled jobs not yet attempted in this process. */
  private readonly startup = new Set<string>();
  private startupDone: () => void = () => undefined;
  private readonly startupRuns = new Promise<void>((resolve) => (this.startupDone = resolve));

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JOBS_OPTIONS) private readonly options: JobsOptions,
    private readonly registry: JobRegistry,
    private readonly runner: JobRunner,
    private readonly tx: ContextRunner,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.options.runtime) return;
    const c = this.config;
    const policy = { attempts: c.JOB_ATTEMPTS, backoffMs: c.JOB_BACKOFF_MS, concurrency: c.JOB_CONCURRENCY };
    // BullMQ is loaded only where jobs run on Redis: the API beside a worker, or without Redis, never holds it (issue 19, memory).
    this.driver =
      c.jobMode === 'queue'
        ? await (await import('../queue/bullmq-driver.js')).BullMqDriver.connect(c.REDIS_URL!, policy, (problem) => this.logger.warn(problem))
        : new InProcessDriver(policy);
    await this.driver.start((job, attempt) => this.runner.run(job, attempt).finally(() => this.startupAttempted(job.id)));
    this.relay = new OutboxRelay(this.tx, this.driver, {
      pollMs: c.OUTBOX_POLL_MS,
      redispatchSeconds: c.OUTBOX_REDISPATCH_SECONDS,
      listenUrl: c.DATABASE_LISTEN_URL ?? c.DATABASE_URL,
    });
    await this.relay.start();
    const started = Date.now();
    const schedules = this.registry.schedules().map((job) => ({ job, id: `${job.name}-start-${started}` }));
    for (const { id } of schedules) this.startup.add(id);
    if (!this.startup.size) this.startupDone();
    for (const { job, id } of schedules) {
      await this.driver.schedule(job.name, job.cron, SCHEDULE_TIMEZONE);
      // Also once now: a scheduled job is idempotent, and a fresh start should not wait for tomorrow.
      await this.driver.enqueue([{ id, name: job.name, data: {} }]).catch(() => this.startupAttempted(id));
    }
    this.logger.log(`Jobs run ${this.driver.kind === 'bullmq' ? 'from the Redis queue' : 'in this process'}`);
  }

  /** A job has been attempted (or could not be queued): the last start-up run among them settles whenStartupRunsDone. */
  private startupAttempted(id: string): void {
    if (this.startup.delete(id) && this.startup.size === 0) this.startupDone();
  }

  /**
   * Resolves once every scheduled job's start-up run has been attempted by this process (at once when it runs no
   * jobs). For a test that runs a scheduled job itself: the start-up run, with the real clock, otherwise lands at
   * a moment of the queue's choosing, perhaps on the test's own fixtures. With several workers on one Redis queue
   * another may take a run, so only a process that runs the queue alone should wait on it.
   */
  whenStartupRunsDone(): Promise<void> {
    return this.options.runtime ? this.startupRuns : Promise.resolve();
  }

  /**
   * Before the database and mail connections close: stop taking work, let the
   * jobs in hand finish and commit, then let go of the queue. A SIGTERM (a
   * deploy) therefore repeats nothing; only a kill leaves jobs to the redispatch.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.relay?.stop();
    await this.driver?.close();
  }
}
