import { type ConnectionOptions, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { JobProcessor, QueueDriver, QueuedJob, RetryPolicy } from './queue-driver.js';

const QUEUE_NAME = 'jobs';

/**
 * BullMQ on Redis. The producer connection does not queue commands while Redis
 * is away (enableOfflineQueue: false), so the relay's enqueue fails fast and
 * the outbox keeps the message; the worker's connection waits and reconnects.
 */
export class BullMqDriver implements QueueDriver {
  readonly kind = 'bullmq' as const;
  private readonly producer: Redis;
  private readonly queue: Queue;
  private worker?: Worker;

  /**
   * Connects first (BullMQ asks the server its version at once, and a producer
   * that does not queue offline would fail that), waiting for Redis as long as
   * it takes: a worker started before Redis is late, not broken.
   */
  static async connect(url: string, policy: RetryPolicy, report: (problem: string) => void, prefix = 'commonweal'): Promise<BullMqDriver> {
    for (;;) {
      const producer = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true });
      // An unreachable Redis is reported by the failing enqueue, not as an unhandled 'error' event.
      producer.on('error', () => undefined);
      try {
        await producer.connect();
        return new BullMqDriver(url, policy, prefix, producer, report);
      } catch (err) {
        producer.disconnect();
        report(`Waiting for Redis: ${(err as Error).message}`);
        await new Promise((r) => setTimeout(r, 2000));
      }
    }
  }

  private constructor(
    private readonly url: string,
    private readonly policy: RetryPolicy,
    private readonly prefix: string,
    producer: Redis,
    private readonly report: (problem: string) => void,
  ) {
    this.producer = producer;
    this.queue = new Queue(QUEUE_NAME, {
      connection: this.producer,
      prefix,
      skipWaitingForReady: true,
      defaultJobOptions: {
        attempts: policy.attempts,
        backoff: { type: 'exponential', delay: policy.backoffMs },
        // Completed jobs go (the outbox row says done); failed ones stay a week for inspection.
        removeOnComplete: { age: 3600, count: 10_000 },
        removeOnFail: { age: 7 * 86_400 },
      },
    });
    this.queue.on('error', () => undefined);
  }

  async enqueue(jobs: readonly QueuedJob[]): Promise<void> {
    if (!jobs.length) return;
    await this.queue.addBulk(jobs.map((j) => ({ name: j.name, data: j.data, opts: { jobId: j.id } })));
  }

  async start(processor: JobProcessor): Promise<void> {
    // Options, not a client: BullMQ then owns the worker's connections (it duplicates one for
    // blocking reads) and reports their errors on the worker, where we handle them.
    const connection = { url: this.url, maxRetriesPerRequest: null } as ConnectionOptions;
    this.worker = new Worker(
      QUEUE_NAME,
      async (job) => {
        const attempts = job.opts.attempts ?? 1;
        const attempt = job.attemptsMade + 1;
        await processor({ id: job.id!, name: job.name, data: job.data }, { attempt, final: attempt >= attempts });
      },
      {
        connection,
        prefix: this.prefix,
        concurrency: this.policy.concurrency,
        // A worker killed mid-job: its jobs return to the queue after this long without a lock renewal.
        stalledInterval: 15_000,
        maxStalledCount: 2,
      },
    );
    let down = false;
    this.worker.on('error', (err) => {
      if (!down) this.report(`Queue worker lost Redis: ${err.message}`);
      down = true;
    });
    this.worker.on('ready', () => {
      if (down) this.report('Queue worker reconnected to Redis');
      down = false;
    });
  }

  async schedule(name: string, cron: string, timezone: string): Promise<void> {
    await this.queue.upsertJobScheduler(name, { pattern: cron, tz: timezone }, { name, data: {} });
  }

  async close(): Promise<void> {
    await this.worker?.close();
    await this.queue.close();
    this.producer.disconnect();
  }
}
