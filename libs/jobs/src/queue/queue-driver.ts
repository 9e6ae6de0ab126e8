/** What travels through the queue: ids and the authority, never the message itself. */
export interface QueuedJob {
  /** Unique per delivery attempt chain: the queue ignores a second job with the same id. */
  readonly id: string;
  readonly name: string;
  readonly data: JobData;
}

export interface JobData {
  /** The authority whose context the job re-enters. */
  readonly tenantId?: string;
  /** Or, for a provider's own message, the provider organisation's. */
  readonly providerId?: string;
  /** The outbox message this job carries out. */
  readonly outboxId?: string;
  /** The trace of the request that wrote the message (W3C traceparent), when tracing is on. */
  readonly traceparent?: string;
}

export interface AttemptInfo {
  /** 1 for the first attempt. */
  readonly attempt: number;
  /** No retry follows if this attempt fails. */
  readonly final: boolean;
}

export type JobProcessor = (job: QueuedJob, attempt: AttemptInfo) => Promise<void>;

export interface RetryPolicy {
  readonly attempts: number;
  /** Delay before the second attempt; each further retry doubles it. */
  readonly backoffMs: number;
  readonly concurrency: number;
}

/**
 * One queue interface, two drivers: BullMQ on Redis (processed by apps/worker),
 * and in-process (the embedded `npm start`). Both retry with exponential backoff
 * and tell the processor which attempt is the last.
 */
export interface QueueDriver {
  readonly kind: 'bullmq' | 'in-process';
  /** Hands jobs to the queue; a job whose id is already queued is ignored. Rejects if the queue is unreachable. */
  enqueue(jobs: readonly QueuedJob[]): Promise<void>;
  start(processor: JobProcessor): Promise<void>;
  /** A repeatable job: `cron` is a five-field pattern read in `timezone`. */
  schedule(name: string, cron: string, timezone: string): Promise<void>;
  close(): Promise<void>;
}

/** Exponential backoff: backoffMs, 2×, 4×, … before attempts 2, 3, 4, … */
export const retryDelay = (policy: RetryPolicy, failedAttempt: number): number => policy.backoffMs * 2 ** (failedAttempt - 1);
