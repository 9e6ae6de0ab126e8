import { CronExpressionParser } from 'cron-parser';
import { type JobProcessor, type QueueDriver, type QueuedJob, retryDelay, type RetryPolicy } from './queue-driver.js';

/**
 * Jobs in the API process, for the embedded `npm start` without Redis. Same
 * contract as BullMQ: ids deduplicate, failures retry with exponential backoff,
 * at most `concurrency` jobs run at once. Nothing is held only in memory that
 * matters: a job lost with the process is still pending in the outbox, and the
 * relay hands it over again.
 */
export class InProcessDriver implements QueueDriver {
  readonly kind = 'in-process' as const;
  private processor?: JobProcessor;
  private readonly waiting: { job: QueuedJob; attempt: number }[] = [];
  private readonly known = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private running = 0;
  private closed = false;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly policy: RetryPolicy) {}

  async enqueue(jobs: readonly QueuedJob[]): Promise<void> {
    if (this.closed) throw new Error('the in-process queue is closed');
    for (const job of jobs) {
      if (this.known.has(job.id)) continue;
      this.known.add(job.id);
      this.waiting.push({ job, attempt: 1 });
    }
    this.pump();
  }

  async start(processor: JobProcessor): Promise<void> {
    this.processor = processor;
    this.pump();
  }

  async schedule(name: string, cron: string, timezone: string): Promise<void> {
    const arm = () => {
      if (this.closed) return;
      const next = CronExpressionParser.parse(cron, { tz: timezone, currentDate: new Date() }).next().getTime();
      this.later(Math.max(0, next - Date.now()), () => {
        void this.enqueue([{ id: `${name}-${next}`, name, data: {} }]).catch(() => undefined);
        arm();
      });
    };
    arm();
  }

  /** Resolves when nothing is queued, running or waiting to retry (tests and shutdown). */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.waiting.length = 0;
    while (this.running > 0) await new Promise((r) => setTimeout(r, 10));
  }

  private isIdle() {
    return this.waiting.length === 0 && this.running === 0 && this.retrying === 0;
  }

  private retrying = 0;

  private pump(): void {
    const processor = this.processor;
    if (!processor || this.closed) return;
    while (this.running < this.policy.concurrency && this.waiting.length) {
      const { job, attempt } = this.waiting.shift()!;
      this.running++;
      const final = attempt >= this.policy.attempts;
      processor(job, { attempt, final })
        .then(
          () => this.known.delete(job.id),
          () => {
            if (final) return void this.known.delete(job.id);
            this.retrying++;
            this.later(retryDelay(this.policy, attempt), () => {
              this.retrying--;
              this.waiting.push({ job, attempt: attempt + 1 });
              this.pump();
            });
          },
        )
        .finally(() => {
          this.running--;
          this.pump();
          if (this.isIdle()) for (const w of this.idleWaiters.splice(0)) w();
        });
    }
  }

  private later(ms: number, fn: () => void) {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    t.unref();
    this.timers.add(t);
  }
}
